import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';

/**
 * P-61 P-34: a nickname corrected in accounts is the one the member's homepage is found by.
 * Reviews keeps a copy of it on the homepage; the correction reaches that copy before it is
 * applied, or is not applied at all.
 */
describe('a nickname correction reaches the homepage', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  const find = (nickname: string) =>
    m.ask('visitor', `query($n: String!) { homepage(nickname: $n) { memberId member { nickname } } search(term: $n) { __typename ... on Homepage { memberId } } }`, { variables: { n: nickname } });

  it('P-61 P-34 after a rename the homepage is found by the new nickname only, and the old one finds nothing, exactly as a nickname nobody has', async () => {
    const before = await find('DeerFan');
    expect(before.body.data.homepage).toEqual({ memberId: MEMBER.buyer, member: { nickname: 'DeerFan' } });
    const renamed = await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "TrailFox" }) { nickname } }');
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data.updateMyProfile).toEqual({ nickname: 'TrailFox' });

    expect((await find('TrailFox')).body.data).toEqual({ homepage: { memberId: MEMBER.buyer, member: { nickname: 'TrailFox' } }, search: [{ __typename: 'Homepage', memberId: MEMBER.buyer }] });
    const old = await find('DeerFan');
    expect(old.body).toEqual((await find('NobodyHasThisNickname')).body);
    expect(old.body.data).toEqual({ homepage: null, search: [] });
    // The member's download says the same.
    const download = await m.route('/privacy/my-data', 'buyer');
    expect(download.status).toBe(200);
    expect(JSON.stringify(download.body.subgraphs.reviews)).toContain('TrailFox');
    expect(JSON.stringify(download.body.subgraphs.reviews)).not.toContain('DeerFan');
  });

  it('P-34 P-70 a rename to the nickname of a hidden homepage succeeds like any other, so it confirms nobody; this homepage is then found by no nickname', async () => {
    for (const taken of ['QuietShopper', 'NobodyHasThisOne']) {
      const renamed = await m.ask('buyer', `mutation { updateMyProfile(input: { nickname: "${taken}" }) { nickname } }`);
      expect(renamed.body.errors, taken).toBeUndefined();
      expect(renamed.body.data.updateMyProfile).toEqual({ nickname: taken });
    }
    // QuietShopper's switch is off: still not found, and the buyer's homepage is not found under it either.
    expect((await find('QuietShopper')).body.data).toEqual({ homepage: null, search: [] });
    // The last rename took a free nickname: found under it.
    expect((await find('NobodyHasThisOne')).body.data.homepage).toEqual({ memberId: MEMBER.buyer, member: { nickname: 'NobodyHasThisOne' } });
    await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "TrailFox" }) { nickname } }');
  });

  it('P-61 with the homepage store down, a rename is refused and changes nothing, so no copy is left behind', async () => {
    await m.subgraph('reviews').close();
    const refused = await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "RiverOtter" }) { nickname } }');
    expect(refused.body.errors?.[0]).toMatchObject({ message: 'the correction could not reach every copy of the nickname, so it was not applied; try again later (P-61)', extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect((await m.ask('buyer', '{ me { nickname } }')).body.data.me.nickname).toBe('TrailFox');
    // Other corrections need no copy and still apply.
    const gender = await m.ask('buyer', 'mutation { updateMyProfile(input: { gender: "female" }) { gender } }');
    expect(gender.body.data.updateMyProfile).toEqual({ gender: 'female' });
  });
});
