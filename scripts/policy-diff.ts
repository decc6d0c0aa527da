/**
 * npm run policy:diff -- <proposed.json> [--current <file>] [--operations <file>] [--static-only] [--json]
 *
 * A dry run of a policy change. Prints every static outcome that changes (per role × purpose ×
 * field and row situation, schema/policy-outcomes.ts) and the parameters that change, then
 * replays the registered documents, the README's sample requests and any recorded operations
 * against both policies over the demo data, listing each value released, masked or transformed,
 * or blocked differently. Exits 1 when anything would be released that was not before (so CI can
 * require a review), 0 otherwise, 2 on bad usage or an invalid policy or operations file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildASTSchema, parse } from 'graphql';
import { DEFAULT_POLICY_PATH, loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { readCheckedPrivacyIndex } from '../directives/annotations.js';
import { diffRoleName } from '../directives/role-names.js';
import { diffOutcomes, diffParameters, outcomeTable, type OutcomeChange, type SituationKey } from '../schema/policy-outcomes.js';
import { readDocumentManifest } from '../gateway/document-manifest.js';
import type { ReleaseChange } from '../gateway/released-values.js';
import { documentOperations, readmeOperations, recordedOperations, type ReplayOperation } from './replay-corpus.js';
import type { ReplayedOperation } from './policy-replay.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run policy:diff -- <proposed.json> [--current <policy.json>] [--operations <file.json|file.ndjson>] [--static-only] [--json]';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: { current: { type: 'string' }, operations: { type: 'string' }, 'static-only': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length !== 1) fail(`policy:diff needs exactly one proposed policy file\n${USAGE}`);

const supergraphSdl = readFileSync(join(repo, 'schema', 'supergraph.graphql'), 'utf8');
const supergraph = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
/** A policy file, validated as the gateway validates it at start-up (the same messages). */
function readPolicy(path: string, which: string): PolicyConfig {
  try {
    const policy = loadPolicyConfig(path);
    readCheckedPrivacyIndex(supergraph, policy);
    return policy;
  } catch (error) {
    return fail(`the ${which} policy cannot be used: ${(error as Error).message}`);
  }
}
const currentPath = args.values.current || process.env.POLICY_FILE || DEFAULT_POLICY_PATH;
const proposedPath = args.positionals[0]!;
const current = readPolicy(currentPath, 'current');
const proposed = readPolicy(proposedPath, 'proposed');
const manifest = readDocumentManifest();
let recorded: ReplayOperation[] = [];
if (args.values.operations) {
  try {
    recorded = recordedOperations(args.values.operations, manifest, [current, proposed]);
  } catch (error) {
    fail((error as Error).message);
  }
}

const json = args.values.json;
const out: string[] = [];
const say = (line = '') => void out.push(line);
const roleName = (role: string) => diffRoleName(current, proposed, role);
const pad = (text: string, width: number) => text.padEnd(width);

// ---- static: outcome cells and parameters
const staticChanges = diffOutcomes(outcomeTable(supergraphSdl, current), outcomeTable(supergraphSdl, proposed));
const parameterChanges = diffParameters(current, proposed);
const side = (s: OutcomeChange['before'], c: OutcomeChange) =>
  s ? `${s.outcome} ${s.rule}` : c.withoutPurpose ? `purpose not open (declaring none: ${c.withoutPurpose.outcome} ${c.withoutPurpose.rule})` : 'purpose not open';
say(`policy:diff  current: ${relative(process.cwd(), currentPath) || currentPath}  proposed: ${relative(process.cwd(), proposedPath) || proposedPath}`);
say('');
say('Static outcomes that change (role × purpose × field: row situations, before → after)');
// One line per role, purpose, field and change; the row situations it happens in are listed together.
const lines = new Map<string, Map<string, { coordinate: string; change: string; situations: SituationKey[] }>>();
for (const c of staticChanges) {
  const group = `${c.role}\u0000${c.purpose ?? ''}`;
  const change = `${side(c.before, c)} → ${side(c.after, c)}${c.releases ? '  RELEASES' : ''}`;
  const byLine = lines.get(group) ?? new Map();
  const key = `${c.coordinate}\u0000${change}`;
  const line = byLine.get(key) ?? { coordinate: c.coordinate, change, situations: [] };
  line.situations.push(c.situation);
  byLine.set(key, line);
  lines.set(group, byLine);
}
if (!staticChanges.length) say('  none');
for (const [group, byLine] of lines) {
  const [role, purpose] = group.split('\u0000');
  say(`  ${roleName(role!)}, purpose ${purpose || '(none declared)'}`);
  for (const { coordinate, change, situations } of byLine.values()) say(`    ${coordinate}  [${situations.join(', ')}]  ${change}`);
}
say('');
say('Parameters that change');
if (!parameterChanges.length) say('  none');
for (const p of parameterChanges) say(`  ${pad(p.parameter, 40)} ${p.before ?? '(unset)'} → ${p.after ?? '(unset)'}  ${p.effect}${p.releases ? ' RELEASES' : ''}`);
const staticReleases = staticChanges.filter((c) => c.releases);
say('');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
say(`Static: ${plural(staticChanges.length, 'outcome')} change, ${staticReleases.length} releasing; ${plural(parameterChanges.length, 'parameter')} change, ${parameterChanges.filter((p) => p.releases).length} releasing`);

// ---- replay: the corpus against both policies
let replayed: ReplayedOperation[] = [];
let skipped: string[] = [];
const CHANGE_TEXT: Record<ReleaseChange, string> = { released: 'released', transformed: 'masked/transformed differently', blocked: 'blocked' };
const counts = new Map<string, Record<ReleaseChange, number>>();
if (!args.values['static-only']) {
  const documents = documentOperations(manifest, [current, proposed]);
  skipped = documents.skipped;
  const corpus = [...documents.operations, ...readmeOperations(readFileSync(join(repo, 'README.md'), 'utf8')), ...recorded];
  console.error(`policy:diff: replaying ${corpus.length} operations against both policies over the demo data`);
  for (const s of skipped) console.error(`policy:diff: not replayed: ${s}`);
  // Loaded only to replay: the gateway runtime and the subgraphs take seconds to import.
  const { replayOperations } = await import('./policy-replay.js');
  try {
    replayed = await replayOperations(current, proposed, corpus, (line) => console.error(`policy:diff: ${line}`));
  } catch (error) {
    // Without the replay the dry run is incomplete: not a pass.
    fail(`policy:diff: the replay failed: ${(error as Error).message}`);
  }
  say('');
  say(`Replay: ${replayed.length} operations over the demo data (registered documents as each persona of their role under each purpose it may declare in either policy, the README's requests${recorded.length ? `, ${recorded.length} recorded` : ''})`);
  for (const op of replayed) {
    if (!op.changes.length) continue;
    say(`  ${op.label} as ${op.persona} (role ${op.role}), purpose ${op.purpose ?? '(none)'}${op.status.current !== op.status.proposed ? `  HTTP ${op.status.current} → ${op.status.proposed}` : ''}`);
    for (const c of op.changes) {
      say(`    ${c.change === 'released' ? 'RELEASED' : CHANGE_TEXT[c.change]}  ${c.path} (${c.coordinate}): ${c.before} → ${c.after}`);
      const key = `${op.role}\u0000${c.coordinate}`;
      const count = counts.get(key) ?? { released: 0, transformed: 0, blocked: 0 };
      count[c.change]++;
      counts.set(key, count);
    }
  }
  for (const s of skipped) say(`  not replayed: ${s}`);
  say('');
  say('Replay counts per role and field (values)');
  if (!counts.size) say('  none: every value is released as before');
  else say(`  ${pad('role', 16)} ${pad('field', 34)} ${pad('released', 9)} ${pad('masked/transformed differently', 31)} blocked`);
  for (const [key, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const [role, coordinate] = key.split('\u0000');
    say(`  ${pad(role!, 16)} ${pad(coordinate!, 34)} ${pad(String(n.released), 9)} ${pad(String(n.transformed), 31)} ${n.blocked}`);
  }
  const total = (k: ReleaseChange) => [...counts.values()].reduce((s, n) => s + n[k], 0);
  say(`Replay: ${replayed.length} operations, ${replayed.filter((o) => o.changes.length).length} with differences; ${total('released')} values released, ${total('transformed')} masked/transformed differently, ${total('blocked')} blocked`);
}

// ---- what is released, by role, and the exit status
/** One thing the proposed policy releases: a static cell's field, a replayed field's values, or a parameter. */
type Release = { source: 'static'; role: string; purpose: string | null; coordinate: string } | { source: 'replay'; role: string; coordinate: string; values: number } | { source: 'parameter'; parameter: string; before: number | string | null; after: number | string | null };
const releases: Release[] = [
  ...[...new Map(staticReleases.map((c) => [`${c.role}\u0000${c.purpose}\u0000${c.coordinate}`, { source: 'static' as const, role: c.role, purpose: c.purpose, coordinate: c.coordinate }])).values()],
  ...[...counts].filter(([, n]) => n.released).map(([key, n]) => ({ source: 'replay' as const, role: key.split('\u0000')[0]!, coordinate: key.split('\u0000')[1]!, values: n.released })),
  ...parameterChanges.filter((p) => p.releases).map((p) => ({ source: 'parameter' as const, parameter: p.parameter, before: p.before, after: p.after })),
];
const byWho = new Map<string, string[]>();
for (const r of releases) {
  const [who, what] =
    r.source === 'static' ? [`role ${r.role}, purpose ${r.purpose ?? '(none declared)'} (static)`, r.coordinate] : r.source === 'replay' ? [`role ${r.role} (replay)`, `${r.coordinate} ×${r.values}`] : ['every role (parameter)', `${r.parameter} ${r.before} → ${r.after}`];
  byWho.set(who, [...(byWho.get(who) ?? []), what]);
}
say('');
if (releases.length) {
  say('RELEASES: the proposed policy releases what was not released before; it needs a review:');
  for (const [who, what] of byWho) say(`  ${who}: ${what.join(', ')}`);
} else say('No release: the proposed policy releases nothing that was not released before.');

const report = json
  ? JSON.stringify(
      {
        current: currentPath,
        proposed: proposedPath,
        static: { changes: staticChanges, parameters: parameterChanges },
        replay: args.values['static-only']
          ? null
          : {
              operations: replayed.map(({ query, ...op }) => op),
              counts: [...counts].map(([key, n]) => ({ role: key.split('\u0000')[0], coordinate: key.split('\u0000')[1], ...n })),
              skipped,
            },
        releases,
      },
      null,
      2,
    )
  : out.join('\n');
// Exit once the report is written: a pipe takes it asynchronously, and exiting earlier would cut it.
process.stdout.write(`${report}\n`, () => process.exit(releases.length ? 1 : 0));
