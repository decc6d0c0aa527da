/**
 * One target of `npm run bench:instructions`, run under valgrind's callgrind by bench/instructions.ts:
 * `node --import tsx bench/instructions-target.ts <plain|privacy|privacy-audit|plain-with-inputs>`. It builds the gateway in this
 * process over BENCH_SUPERGRAPH (the subgraphs run in their own process, not under valgrind), sends
 * BENCH_WARMUP requests of BENCH_OPERATION through `gateway.fetch`, then turns callgrind's counting
 * on for BENCH_REQUESTS more and off again: only those are counted. `plain-with-inputs` is the
 * plain gateway sent the operation as the privacy gateway executes it for the persona, with the
 * rows' inputs as ordinary fields (bench/plain-with-inputs.ts); `privacy-audit` is the privacy gateway
 * with the access audit on, in the benchmark's SQLite database (as `npm start`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { createPlainGateway } from '../gateway/create-gateway.js';
import { createPrivacyGateway } from '../gateway/privacy-gateway.js';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { tokenForPersona } from '../gateway/sign-token.js';
import { createCallerVerifier } from '../gateway/identity.js';
import { PERSONAS } from '../gateway/personas.js';
import { loadPolicyConfig } from '../directives/policy-config.js';
import { operationById, requestOf, type BenchOperation } from './operations.js';
import { plainWithInputs } from './plain-with-inputs.js';
import { openAuditOrm } from '../scripts/marketplace-database.js';

const target = process.argv[2];
const supergraph = readFileSync(process.env.BENCH_SUPERGRAPH!, 'utf8');
const keys = await loadDevKeys(process.env.DATA_DIR);
const requested = operationById(process.env.BENCH_OPERATION!);
const token = await tokenForPersona(requested.persona, keys, { expiresIn: '6h' });
const op = target === 'plain-with-inputs' ? await withInputs(requested) : requested;
const gateway: { fetch: (url: string, init: RequestInit) => Promise<Response> } =
  target === 'plain' || target === 'plain-with-inputs'
    ? (createPlainGateway({ supergraph, graphiql: false }) as never)
    : target === 'privacy' || target === 'privacy-audit'
      ? (createPrivacyGateway({
          supergraph,
          identity: { publicKey: keys.publicJwk },
          graphiql: false,
          ...(target === 'privacy-audit' ? { orm: await openAuditOrm({ dbName: join(process.env.DATA_DIR!, 'marketplace.db') }) } : {}),
        }) as never)
      : (() => {
          throw new Error(`unknown target '${target}' (plain, privacy, privacy-audit or plain-with-inputs)`);
        })();

const init: RequestInit = { method: 'POST', ...requestOf(op, token) };
const ask = async () => {
  const response = await gateway.fetch('http://gateway/graphql', init);
  const text = await response.text();
  if (response.status !== 200 || text.includes('"INTERNAL_SERVER_ERROR"')) throw new Error(`${target} answered ${response.status}: ${text.slice(0, 300)}`);
};

// One at a time, as in a quiet moment: the count is of the work a request takes, not of waiting.
for (let i = 0; i < Number(process.env.BENCH_WARMUP); i++) await ask();
execFileSync('callgrind_control', ['--instr=on', String(process.pid)], { stdio: 'ignore' });
for (let i = 0; i < Number(process.env.BENCH_REQUESTS); i++) await ask();
execFileSync('callgrind_control', ['--instr=off', String(process.pid)], { stdio: 'ignore' });
process.exit(0);

/** The operation with the inputs the privacy gateway would fetch for the persona's caller, as ordinary fields. */
async function withInputs(original: BenchOperation): Promise<BenchOperation> {
  const caller = await createCallerVerifier({ publicKey: keys.publicJwk })(token ? `Bearer ${token}` : null);
  const ctx = { caller, purpose: PERSONAS[original.persona]?.purpose ?? null, config: loadPolicyConfig() };
  return { ...original, query: print(plainWithInputs(supergraph, parse(original.query), ctx)) };
}
