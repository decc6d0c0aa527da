import type { GraphQLSchema } from 'graphql';
import { LogicalView, logicalDifferences } from './logical-response.js';
import type { GraphQLAnswer } from './marketplace.js';
import type { Operation } from './operation-rewrites.js';

/** Response keys and paths the gateway keeps for itself (gateway/reserved-aliases.ts): never in an answer. */
const INTERNAL = /__pg_|__audit_/;

/**
 * How the gateway's answer to an equivalent rewrite differs from its answer to the original, read
 * logically (test/support/logical-response.ts); empty when they are the same outcome. Compared:
 *
 * - the HTTP status;
 * - `data`, value by value, aliases mapped back to fields and aliased copies merged (copies must
 *   agree); no field the original did not return (an added `__typename` excepted);
 * - the errors as a set of (logical path, code, rule, field, purpose, consent), one per path an
 *   error covers (`extensions.paths`), so one error per list or one per value compare alike;
 * - `extensions.privacy`: role and purpose, and the decisions as a set of (logical path pattern,
 *   field, outcome, rule, purpose, consent, reason, count). A decision's `count` is the number of
 *   values it covers at one response path: a field selected twice under one key is one value and
 *   counts once; selected under two keys it is two paths, each with its own decision, which read
 *   logically become the same entry of the set. So the set is invariant under every rewrite, and a
 *   count that scaled with how often a field was written would show.
 * - nothing anywhere in the answer under an internal key (`__pg_*`, `__audit_*`).
 */
export function outcomeDifferences(schema: GraphQLSchema, original: { operation: Operation; answer: GraphQLAnswer }, rewrite: { operation: Operation; answer: GraphQLAnswer }): string[] {
  const problems: string[] = [];
  const body = JSON.stringify(rewrite.answer.body);
  if (INTERNAL.test(body)) problems.push(`an internal key or path in the answer: ${body.match(new RegExp(`.{0,80}(${INTERNAL.source}).{0,80}`))?.[0]}`);
  if (rewrite.answer.status !== original.answer.status) problems.push(`status ${rewrite.answer.status}, the original ${original.answer.status}`);

  const was = new LogicalView(schema, original.operation);
  const now = new LogicalView(schema, rewrite.operation);
  const before = was.data(original.answer.body.data);
  const after = now.data(rewrite.answer.body.data);
  problems.push(...now.problems.map((p) => `data ${p}`));
  problems.push(...logicalDifferences(before, after, schema).map((d) => `data ${d}`));

  const errors = (view: LogicalView, answer: GraphQLAnswer) =>
    sortedSet(
      (answer.body.errors ?? []).flatMap((e: any) => {
        const x = e.extensions ?? {};
        const paths: (string | number)[][] = x.paths ?? (e.path ? [e.path] : [[]]);
        return paths.map((p) => JSON.stringify({ path: view.path(p).join('.'), code: x.code, rule: x.rule, field: x.field, purpose: x.purpose, consent: x.consent, message: x.code === 'PRIVACY_BLOCKED' ? undefined : e.message }));
      }),
    );
  problems.push(...setDifferences('error', errors(was, original.answer), errors(now, rewrite.answer)));

  const privacy = (view: LogicalView, answer: GraphQLAnswer) => {
    const p = answer.body.extensions?.privacy;
    if (!p) return [];
    const decisions = (p.decisions ?? []).map((d: any) =>
      JSON.stringify({ path: view.path(String(d.path).split('.')).join('.'), field: d.field, outcome: d.outcome, rule: d.rule, purpose: d.purpose, consent: d.consent, reason: d.reason, count: d.count }),
    );
    return sortedSet([JSON.stringify({ role: p.role, purpose: p.purpose }), ...decisions]);
  };
  problems.push(...setDifferences('privacy', privacy(was, original.answer), privacy(now, rewrite.answer)));
  return problems;
}

const sortedSet = (items: string[]) => [...new Set(items)].sort();

function setDifferences(what: string, original: string[], rewritten: string[]): string[] {
  const had = new Set(original);
  const has = new Set(rewritten);
  return [...rewritten.filter((x) => !had.has(x)).map((x) => `${what} not in the original: ${x}`), ...original.filter((x) => !has.has(x)).map((x) => `${what} missing: ${x}`)];
}
