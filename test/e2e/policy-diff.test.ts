/**
 * `npm run policy:diff`, run as CI runs it (a child process): the example proposals, made from
 * today's directives/policy.json by their edits (scripts/policy-proposals.ts), each diffed
 * statically and replayed over the demo data against both policies.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROPOSALS, PROPOSALS_DIR, proposalText } from '../../scripts/policy-proposals.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-diff-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const current = readFileSync('directives/policy.json', 'utf8');

/** The proposal as a file beside the test's other inputs. */
function proposal(name: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, proposalText(name, current));
  return file;
}

function policyDiff(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { POLICY_FILE: _, ...env } = process.env;
    execFile('npx', ['tsx', 'scripts/policy-diff.ts', ...args], { maxBuffer: 64 * 1024 * 1024, env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run policy:diff', () => {
  it('P-22 P-52 a proposal that only tightens (delivery window 30 → 14 days, k 5 → 10) exits 0; the replay lists the values it blocks', async () => {
    const run = await policyDiff(proposal('tighten-delivery-window'), '--current', 'directives/policy.json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/deliveryWindowDays\s+30 → 14/);
    expect(run.stdout).toMatch(/kAnonymity\s+5 → 10/);
    expect(run.stdout).not.toContain('RELEASE');
    expect(run.stdout).toContain('No release');
    // A carrier's manifest loses the consignee data of shipments delivered 15 to 30 days ago; aggregates under 10 buyers are refused.
    expect(run.stdout).toMatch(/^\s+blocked\s+shipmentsConnection\.nodes\[[^\]]+\]\.consigneePhone \(Shipment\.consigneePhone\): "\d+" → blocked \(P-22\)$/m);
    expect(run.stdout).toMatch(/^\s+logistics\s+Shipment\.consigneePhone\s+0\s+0\s+[1-9]\d*$/m);
    expect(run.stdout).toMatch(/^\s+analyst\s+OrderStat\.buyers\s+0\s+0\s+[1-9]\d*$/m);
    const [, released, , blocked] = /Replay: \d+ operations, \d+ with differences; (\d+) values released, (\d+) masked\/transformed differently, (\d+) blocked/.exec(run.stdout)!;
    expect(Number(released)).toBe(0);
    expect(Number(blocked)).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/replaying \d+ operations/);
  }, 360_000);

  it('P-83 a proposal that opens a purpose to a role (merchant: customer support) exits 1, naming the role and the fields it releases, statically and in the replay', async () => {
    const recorded = join(dir, 'recorded.ndjson');
    writeFileSync(
      recorded,
      `${JSON.stringify({ label: 'recorded: a merchant reads an order for support', persona: 'merchant-deer', purpose: 'essential.service.operations.support', query: '{ order(id: "o-1041") { id consigneeName } }' })}\n` +
        `${JSON.stringify({ role: 'customer', query: '{ me { nickname } }' })}\n`,
    );
    const run = await policyDiff(proposal('merchant-support-purpose'), '--operations', recorded);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^\s+Order\.consigneeName\s+\[related[^\]]*\]\s+purpose not open \(declaring none: block P-83\) → scrub P-21\s+RELEASES$/m);
    expect(run.stdout).toMatch(/^\s+role merchant, purpose essential\.service\.operations\.support \(static\): .*Order\.consigneeName/m);
    expect(run.stdout).toMatch(/^\s+role merchant \(replay\): .*Order\.consigneeName ×[1-9]/m);
    expect(run.stdout).toMatch(/^\s+RELEASED\s+order\.consigneeName \(Order\.consigneeName\): refused \(PURPOSE_NOT_ALLOWED\) → "Alice Walker" \[scrub P-21\]$/m);
    expect(run.stdout).toContain('recorded: a merchant reads an order for support as merchant-deer');
    expect(run.stdout).toMatch(/^\s+merchant\s+Order\.consigneeName\s+[1-9]\d*\s+0\s+0$/m);
    const [, released] = /Replay: \d+ operations, \d+ with differences; (\d+) values released/.exec(run.stdout)!;
    expect(Number(released)).toBeGreaterThan(0);
  }, 360_000);

  it('P-83 --static-only --json: the releases as data, whole however long the report (CI reads it from a pipe)', async () => {
    const run = await policyDiff(proposal('merchant-support-purpose'), '--static-only', '--json');
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.replay).toBeNull();
    expect(report.releases).toContainEqual({ source: 'static', role: 'merchant', purpose: 'essential.service.operations.support', coordinate: 'Order.consigneeName' });
    expect(report.static.changes.length).toBeGreaterThan(report.releases.length);
  }, 180_000);

  it('P-82 an invalid proposal exits 2 with the validator’s message, before anything starts', async () => {
    const file = join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(current), kAnonymity: 1 }));
    const run = await policyDiff(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kAnonymity: must be >= 2 (P-52)');
    expect((await policyDiff()).code).toBe(2);
  }, 180_000);

  it('the example proposals in docs/policy/proposals are today’s policy with their edits (npx tsx scripts/policy-proposals.ts)', () => {
    for (const name of Object.keys(PROPOSALS)) expect(readFileSync(join(PROPOSALS_DIR, `${name}.json`), 'utf8'), name).toBe(proposalText(name, current));
  });
});
