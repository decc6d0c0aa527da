/**
 * One target of `npm run bench:instructions`, run under valgrind's callgrind by bench/instructions.ts:
 * `node --import tsx bench/instructions-target.ts <plain|privacy>`. It builds the gateway in this
 * process over BENCH_SUPERGRAPH (the subgraphs run in their own process, not under valgrind), sends
 * BENCH_WARMUP requests of BENCH_OPERATION through `gateway.fetch`, then turns callgrind's counting
 * on for BENCH_REQUESTS more and off again: only those are counted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createPlainGateway } from '../gateway/create-gateway.js';
import { createPrivacyGateway } from '../gateway/privacy-gateway.js';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { tokenForPersona } from '../gateway/sign-token.js';
import { operationById, requestOf } from './operations.js';

const target = process.argv[2];
const supergraph = readFileSync(process.env.BENCH_SUPERGRAPH!, 'utf8');
const op = operationById(process.env.BENCH_OPERATION!);
const keys = await loadDevKeys(process.env.DATA_DIR);
const gateway: { fetch: (url: string, init: RequestInit) => Promise<Response> } =
  target === 'plain'
    ? (createPlainGateway({ supergraph, graphiql: false }) as never)
    : target === 'privacy'
      ? (createPrivacyGateway({ supergraph, identity: { publicKey: keys.publicJwk }, graphiql: false }) as never)
      : (() => {
          throw new Error(`unknown target '${target}' (plain or privacy)`);
        })();

const token = await tokenForPersona(op.persona, keys, { expiresIn: '6h' });
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
