/**
 * A profile correction (P-61) is a data-subject request (P-64) the privacy subgraph owns: the
 * accounts subgraph records it over the privacy subgraph's signed `/privacy/requests` contract,
 * never in its table, and applies no correction it could not record (fail closed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { DataSubjectRequest } from '../../resolvers/privacy/request.entity.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

const corrections = () => m.orm.em.fork().find(DataSubjectRequest, { memberId: 'm-buyer', kind: 'correction' }, { orderBy: { createdAt: 'asc' } });

describe('correction through the privacy contract', () => {
  it('P-64 a correction is recorded by the privacy subgraph, completed, with what was corrected and by whom', async () => {
    const answer = await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "TrailAlice" }) { nickname } }');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.updateMyProfile).toEqual({ nickname: 'TrailAlice' });
    const rows = await corrections();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', requestedBy: 'm-buyer', note: 'corrected: nickname' });
    expect(rows[0].completedAt).toBeTruthy();
  });

  it('P-64 a refused correction (a minor changing their own birth date, P-70) is neither applied nor recorded', async () => {
    const before = await m.orm.em.fork().count(DataSubjectRequest, {});
    const refused = await m.ask('minor', 'mutation { updateMyProfile(input: { birthDate: "2000-01-01" }) { birthDate } }');
    expect(refused.body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(await m.orm.em.fork().count(DataSubjectRequest, {})).toBe(before);
  });

  it('P-64 with the privacy subgraph down, the correction is refused and not applied: no change without its record', async () => {
    const privacy = m.subgraph('privacy');
    privacy.server.closeAllConnections();
    await privacy.close();
    const answer = await m.ask('buyer', 'mutation { updateMyProfile(input: { phone: "13900009999" }) { phone } }');
    expect(answer.body.errors![0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(answer.body.errors![0].message).toMatch(/could not be recorded, so it was not applied/);
    // Nothing about where the privacy subgraph runs reaches the member.
    expect(JSON.stringify(answer.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
    const me = await m.ask('buyer', '{ me { phone nickname } }');
    expect(me.body.data.me.phone).not.toBe('13900009999');
    expect(me.body.data.me.nickname).toBe('TrailAlice');
    expect(await corrections()).toHaveLength(1);
  });
});
