/**
 * P-80 group commit: concurrent audited requests share the access audit's transactions (fewer
 * commits than requests, counted by `/metrics`), yet every request's record is present, whole
 * and chained; and when a commit fails, every request of its group is refused whole.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { auditRecords, auditRows } from '../support/rights.js';
import { AuditLog, verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { PERSONAS } from '../../gateway/personas.js';
import { openMarketplaceOrm } from '../../scripts/marketplace-database.js';

const TOKEN = 'group-commit-metrics-token';
let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start({ gateway: { metricsAccess: { token: TOKEN, loopback: false } } });
});
afterAll(async () => {
  await m?.close();
});

/** A member reading their own real-name record: two sensitive decisions (P-03: masked). */
const QUERY = '{ me { realNameVerification { realName nationalId } } }';
const REQUESTS = 40;

/** One metric's value (a histogram's `_count` or `_sum`) from `/metrics`. */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', m.gatewayUrl), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

it('P-80 concurrent audited requests commit in fewer transactions than requests, and every record is present and chained', async () => {
  const before = { rows: (await auditRows(m.orm)).length, records: (await auditRecords(m.orm)).length, commits: await metric('privacy_audit_commit_requests_count'), requests: await metric('privacy_audit_commit_requests_sum') };
  const answers = await Promise.all(Array.from({ length: REQUESTS }, () => m.ask('buyer', QUERY)));
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body.data.me.realNameVerification.realName).toMatch(/\*/);
  }
  const commits = (await metric('privacy_audit_commit_requests_count')) - before.commits;
  expect((await metric('privacy_audit_commit_requests_sum')) - before.requests).toBe(REQUESTS);
  expect(commits).toBeGreaterThan(0);
  expect(commits).toBeLessThan(REQUESTS);

  const rows = (await auditRows(m.orm)).slice(before.rows);
  expect(rows).toHaveLength(REQUESTS * 2);
  for (const answer of answers) {
    const seqs = rows.filter((r) => r.requestId === answer.requestId).map((r) => r.seq);
    expect(seqs).toEqual([seqs[0], seqs[0]]);
  }
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true, records: before.records + REQUESTS, decisions: before.rows + REQUESTS * 2 });
});

/** A privacy gateway whose access audit has gone away: its own connection to the same database, closed. */
async function gatewayWithAuditGone() {
  const gone = await openMarketplaceOrm({ dbName: m.orm.config.get('dbName') });
  await gone.close(true);
  return createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, graphiql: false, auditLog: new AuditLog(gone) });
}

it('P-80 P-82 when the audit cannot commit, every request of the group is refused and none of its data leaves', async () => {
  const gateway = await gatewayWithAuditGone();
  try {
    const token = await m.token('buyer');
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': PERSONAS.buyer!.purpose! },
          body: JSON.stringify({ query: QUERY }),
        });
        return (await response.json()) as any;
      }),
    );
    for (const body of answers) {
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([expect.objectContaining({ message: 'access audit unavailable: request refused', extensions: expect.objectContaining({ code: 'PRIVACY_BLOCKED', rule: 'P-80' }) })]);
    }
  } finally {
    await (gateway as any).dispose?.();
  }
});

it('P-80 P-82 a mutation whose answer the audit cannot record is refused, and the refusal says the change was made: a client told only "refused" would file it again', async () => {
  const gateway = await gatewayWithAuditGone();
  try {
    const token = await m.token('guardian');
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { updateMyProfile(memberId: "m-minor", input: { nickname: "FoxCub" }) { id nickname } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^access audit unavailable: the change was made/), extensions: expect.objectContaining({ code: 'PRIVACY_BLOCKED', rule: 'P-80', mutationApplied: true }) })]);
    // The change stands.
    const now = await m.ask('guardian', '{ member(id: "m-minor") { nickname } }');
    expect(now.body.data.member.nickname).toBe('FoxCub');
  } finally {
    await m.ask('guardian', 'mutation { updateMyProfile(memberId: "m-minor", input: { nickname: "LittleFox" }) { id } }');
    await (gateway as any).dispose?.();
  }
});
