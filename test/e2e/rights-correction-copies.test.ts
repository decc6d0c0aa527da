import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { privacy } from '../../resolvers/privacy/index.js';
import { Homepage } from '../../resolvers/reviews/review.entity.js';
import { tokenFor } from '../support/privacy-assertions.js';

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

  it('P-34 P-70 a rename to the nickname of a hidden homepage (switched off, a child\'s) looks exactly like a rename to a free one: nothing confirms that member', async () => {
    const rename = async (nickname: string) => {
      const renamed = await m.ask('buyer', `mutation { updateMyProfile(input: { nickname: "${nickname}" }) { nickname } }`);
      expect(renamed.body.errors, nickname).toBeUndefined();
      expect(renamed.body.data.updateMyProfile, nickname).toEqual({ nickname });
      const found = await find(nickname);
      const download = await m.route('/privacy/my-data', 'buyer');
      // What the member can see of the outcome, with the nickname itself written as N.
      return JSON.stringify({ found: found.body, homepage: download.body.subgraphs.reviews.homepage }).replaceAll(nickname, 'N');
    };
    const free = await rename('NobodyHasThisOne');
    expect(free).toContain(MEMBER.buyer);
    for (const hidden of ['QuietShopper', 'LittleFox']) expect(await rename(hidden), hidden).toBe(free);
    // The hidden members are found by no nickname, as before; QuietShopper, which the buyer held and left, by nobody.
    expect((await find('QuietShopper')).body.data).toEqual({ homepage: null, search: [] });
    const officer = await m.ask('officer', `{ member(id: "${MEMBER.minor}") { nickname } }`);
    expect(officer.body.data.member.nickname).toBe('LittleFox'); // their own nickname is theirs: only the homepage lookup moved
  });

  it("P-34 P-70 a child's nickname is taken like a free one even with the finder switch on (their guardian's choice): the child's homepage is found by no one anyway", async () => {
    const on = await m.ask('guardian', `mutation { setConsent(kind: find_by_nickname, granted: true, memberId: "${MEMBER.minor}") { granted } }`);
    expect(on.body.errors).toBeUndefined();
    const ava = await tokenFor(m, { role: 'customer', sub: 'm-ava' }); // an adult anyone may find
    const renameAndFind = async (nickname: string) => {
      const renamed = await m.post(`mutation { updateMyProfile(input: { nickname: "${nickname}" }) { nickname } }`, { authorization: `Bearer ${ava}` });
      expect(renamed.body.errors, nickname).toBeUndefined();
      return JSON.stringify((await find(nickname)).body).replaceAll(nickname, 'N');
    };
    // The child's homepage under a nickname of its own (an earlier test here took 'LittleFox' from it).
    const childNickname = 'FoxCubDraws';
    await m.orm.em.fork().nativeUpdate(Homepage, { memberId: MEMBER.minor }, { nickname: childNickname });
    const free = await renameAndFind('NobodyHasThisOneEither');
    expect(free).toContain('"memberId"');
    expect(await renameAndFind(childNickname)).toBe(free);
  });

  it('P-34 a rename to the nickname of a homepage anyone can find keeps it that homepage\'s: this one is found by no nickname, which tells only what a lookup tells', async () => {
    const renamed = await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "ParentBear" }) { nickname } }');
    expect(renamed.body.data.updateMyProfile).toEqual({ nickname: 'ParentBear' });
    expect((await find('ParentBear')).body.data.homepage.memberId).toBe(MEMBER.guardian);
    const download = await m.route('/privacy/my-data', 'buyer');
    expect(download.body.subgraphs.reviews.homepage.nickname).toMatch(/^~/);
    await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "TrailFox" }) { nickname } }');
    expect((await find('TrailFox')).body.data.homepage.memberId).toBe(MEMBER.buyer);
  });

  it('P-61 P-34 with the consent store down, a rename is refused whether its nickname is taken or not (whose finder switch decides)', async () => {
    const original = privacy.privacy!.facts!;
    privacy.privacy!.facts = async () => {
      throw new Error('consent store unavailable');
    };
    try {
      for (const nickname of ['NobodyAtAll', 'ParentBear']) {
        const refused = await m.ask('buyer', `mutation { updateMyProfile(input: { nickname: "${nickname}" }) { nickname } }`);
        expect(refused.body.errors?.[0]?.extensions?.code, nickname).toBe('SERVICE_UNAVAILABLE');
      }
    } finally {
      privacy.privacy!.facts = original;
    }
    expect((await m.ask('buyer', '{ me { nickname } }')).body.data.me.nickname).toBe('TrailFox');
  });

  it('P-34 P-61 a findable member and a hidden one renamed to the same nickname at the same moment: the findable one is found by it, whichever commits first', async () => {
    // The buyer's correction has read that nobody holds the nickname and waits for its consent facts
    // while the hidden member (finder switch off) takes it; then the buyer's write meets the unique index.
    const original = privacy.privacy!.facts!;
    let arrived!: () => void;
    const buyerWaiting = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let gated = false;
    privacy.privacy!.facts = async (em, ids) => {
      if (!gated && ids.length === 1 && ids[0] === MEMBER.buyer) {
        gated = true;
        arrived();
        await gate;
      }
      return original(em, ids);
    };
    try {
      const buyer = m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "SameMomentName" }) { nickname } }');
      await buyerWaiting;
      const hidden = await m.ask('buyer-optout', 'mutation { updateMyProfile(input: { nickname: "SameMomentName" }) { nickname } }');
      expect(hidden.body.data?.updateMyProfile).toEqual({ nickname: 'SameMomentName' });
      release();
      expect((await buyer).body.data?.updateMyProfile).toEqual({ nickname: 'SameMomentName' });
    } finally {
      release();
      privacy.privacy!.facts = original;
    }
    expect((await find('SameMomentName')).body.data).toEqual({ homepage: { memberId: MEMBER.buyer, member: { nickname: 'SameMomentName' } }, search: [{ __typename: 'Homepage', memberId: MEMBER.buyer }] });
    await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "TrailFox" }) { nickname } }');
  });

  it('P-31 P-61 a nickname (or an avatar\'s name) is never the anonymous authors\' stand-in, in any spelling or language; no profile value holds invisible or direction-changing characters, and an e-mail is an address mail servers deliver to, and an avatar is a picture the marketplace serves', async () => {
    const correct = (input: Record<string, string>) => m.ask('buyer', 'mutation ($input: ProfileCorrection!) { updateMyProfile(input: $input) { nickname name avatar } }', { variables: { input } });
    for (const nickname of ['Anonymous', 'anonymous', ' ANONYMOUS ', 'Anony-mous', 'Ａｎｏｎｙｍｏｕｓ', 'Anonymous\u200b', '\u0410nonymous', '\u0430n\u043En\u0443m\u043Eus', '\u0391\u039D\u039F\u039D\u03A5\u039C\u039FUS', 'Anonyrnous', 'Anonymo\u057Ds', '\u1D00nonymous', 'Anonymou\u0282', '\u00C0nonymous', 'Anonymo\u016Bs', 'Anonymou$', 'An\u00F8nym\u00F8us', 'Anonymous\u3164', '\u3164', '\u2800\u2800', 'Bear\ud800', 'Deer\u034FFan', 'DeerFan\u{E0041}', 'anonymous user', 'Anonymus', '匿名用户', '匿名', 'Anónimo', 'Anonyme', '\u0410\u043D\u043E\u043D\u0438\u043C', '익명', 'Anonima', 'Anonimowa', 'Anonyymi', 'Anonüümne', 'مجهول', 'Ẩn danh']) {
      const refused = await correct({ nickname });
      expect(refused.body.errors?.[0]?.extensions?.code, nickname).toBe('BAD_USER_INPUT');
    }
    // Nor is an avatar's name, which a visitor reads beside the review.
    expect((await correct({ avatar: '/static/avatars/anonymous.png' })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const name of ['Ava\u202eeoJ', 'A\u200bva', 'Ava\u0007', 'Ava\u2066x', 'Alice\u061CWalker', 'Deer\u206AFan', 'Ava\u180E']) {
      const refused = await correct({ name });
      expect(refused.body.errors?.[0]?.extensions?.code, JSON.stringify(name)).toBe('BAD_USER_INPUT');
    }
    for (const email of ['<x>@y.z', 'a"b@example.com', 'alice@example', 'alice@exa mple.com', 'alice@-example.com', 'alice..w@example.com', 'alice@example.c0m']) {
      const refused = await correct({ email });
      expect(refused.body.errors?.[0]?.extensions?.code, email).toBe('BAD_USER_INPUT');
    }
    for (const avatar of ['javascript:alert(3)', 'https://evil.example/a.png', '/static/avatars/a.png" onerror="alert(3)', '/static/../secrets.png']) {
      const refused = await correct({ avatar });
      expect(refused.body.errors?.[0]?.extensions?.code, avatar).toBe('BAD_USER_INPUT');
      // The member is told what to send, not that a service failed.
      expect(refused.body.errors?.[0]?.message, avatar).toMatch(/^avatar must be one of the marketplace's avatar pictures/);
    }
    // Phones as people write them, and an avatar's extension in capitals, are taken.
    expect((await correct({ phone: '(555) 123-4567' })).body.data?.updateMyProfile).toBeTruthy();
    expect((await correct({ phone: '+1.555.123.4567' })).body.data?.updateMyProfile).toBeTruthy();
    expect((await correct({ avatar: '/static/avatars/u7k2q9.PNG' })).body.data.updateMyProfile.avatar).toBe('/static/avatars/u7k2q9.PNG');
    expect((await correct({ email: "o'brien+shop@mail.example.co.uk" })).body.data?.updateMyProfile).toBeTruthy();
    // Letters of any script stay names.
    expect((await correct({ name: 'Zoë Ångström 王小明' })).body.data.updateMyProfile.name).toBe('Zoë Ångström 王小明');
    // A Persian name keeps its zero-width non-joiner (U+200C), which it is spelled with.
    expect((await correct({ name: 'نرگس\u200cها' })).body.data.updateMyProfile.name).toBe('نرگس\u200cها');
  });

  it('P-70 P-41 P-02 a nickname or a gender, shown to every visitor as written, holds no contact details, messaging account, web page, id or markup however encoded, nor a phone split between the two or spelled in any language: refused, saying why', async () => {
    const eli = await tokenFor(m, { role: 'customer', sub: 'm-eli' });
    const correct = (input: Record<string, string>) => m.post('mutation ($input: ProfileCorrection!) { updateMyProfile(input: $input) { nickname gender } }', { authorization: `Bearer ${eli}` }, { input });
    for (const input of <Record<string, string>[]>[{ gender: 'WeChat alice_w +86 138 1234 5678' }, { gender: '<img src=x onerror=alert(1)>' }, { nickname: 'DeerFan 415-555-0199' }, { nickname: '<b>Eli</b>' }, { nickname: 'eli@example.com' }, { gender: 'write me at 12 Oak Street' }, { nickname: 'm-buyer' }, { nickname: '加V alicew88' }, { gender: 'tg alicew' }, { nickname: 'vx: alicew88' }, { nickname: 'IG: alicew' }, { gender: 'alicew (wechat)' }, { nickname: 'discord alice#1234' }, { nickname: 'HK91234567' }, { nickname: 'Tel91234567' }, { nickname: '一三八/一二三四/五六七八' }, { gender: 'one three eight / one two three four / five six seven eight' }, { nickname: 'Ann 138\u16801234\u16805678' }, { gender: '138\u06401234\u06405678' }, { gender: 'x678' }, { gender: 'Gamer2024' }, { nickname: 'oneThreeEightOneTwoThreeFour' }, { gender: 'oneTwoThree' }, { nickname: 'I\u0417B-l2\u0417\u0427-S\u043178' }, { nickname: 'bob.stone92 gmail' }, { gender: 'gmail: bobstone' }, { nickname: 'w\u00e9chat alicew88' }, { nickname: '+V alicew88' }, { nickname: '微 信 alicew' }, { nickname: 'snap: alicewalker' }, { nickname: 'linkedin/alicewalker' }, { nickname: 't dot me slash alicew' }, { nickname: 'hmu alicewalker92 on sc' }, { nickname: 'cashapp $alicew' }, { nickname: '$alicew' }, { nickname: 'find me: alice_w_92' }, { gender: 'dm me @alicew' }, { nickname: 'wechat1 alicew' }, { nickname: 'venmo1 alicew' }, { nickname: 'snap2 alicew' }, { nickname: 'cash-app alicew' }, { gender: '\u0455n\u0430\u0440: alicew' }, { nickname: 'pay pal alicew' }, { nickname: 'telegramm alicew' }, { nickname: 'm.me alicew' }, { nickname: 'line.me alicew' }, { nickname: 'reddit u/alicew' }, { nickname: '\u13DA\u13DF: alicew' }, { nickname: 'yi san ba yi er san si wu liu qi ba' }, { nickname: '일삼팔일이삼사오육칠팔' }, { nickname: 'uno tres ocho uno dos' }, { gender: 'eins drei' }, { nickname: 'いちさんはちいちにさん' }, { nickname: 'i iii viii i ii' }, { nickname: 'signal: bobstone' }, { gender: 'line: bobstone' }, { nickname: 'x: alicew' }, { nickname: 'alicew on signal' }, { nickname: 'pm me alicew' }, { nickname: 'alicew#1234' }, { nickname: 'https://bobstone.net' }, { nickname: 'bobstone.net' }, { gender: 'www.alicew.net' }, { nickname: 'alice.walker.name' }, { nickname: '&lt;script&gt;' }, { nickname: '\uFF1Cb\uFF1Ehi' }, { gender: 'javascript:alert(1)' }, { nickname: 'ichi san hachi ichi ni' }, { nickname: 'een drie acht een twee' }, { nickname: 'ek teen aath ek do' }]) {
      const refused = await correct(input);
      expect(refused.body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(refused.body.errors?.[0]?.message, JSON.stringify(input)).toMatch(/is shown to everyone: it may not hold contact details, a messaging account, an id or markup/);
    }
    // Seven words spell a phone in any language a list may miss: a nickname holds six at most.
    expect((await correct({ nickname: 'moja tatu nane moja mbili tatu nne' })).body.errors?.[0]?.message).toMatch(/at most 6 words/); // Swahili
    // An avatar's file name is read by every visitor too.
    const avatar = await correct({ avatar: '/static/avatars/alice_walker-13812345678.png' } as Record<string, string>);
    expect(avatar.body.errors?.[0]?.message).toMatch(/^avatar is shown to everyone/);
    // Read side by side, the nickname and the avatar's file name spell no phone between them either.
    for (const input of <Record<string, string>[]>[{ nickname: 'Amy9123', avatar: '/static/avatars/4567.png' }, { nickname: 'Amy2345', gender: '6', avatar: '/static/avatars/one-three-eight-one.png' }, { nickname: 'Amy2345', avatar: '/static/avatars/one_3_eight_0.png' }]) {
      const together = await correct(input);
      expect(together.body.errors?.[0]?.message, JSON.stringify(input)).toMatch(/^nickname, gender and avatar are shown to everyone side by side/);
    }
    // Nor do they spell an address, a mailbox or an account between them: each half passes alone.
    for (const input of <Record<string, string>[]>[{ nickname: 'alicew88 at', gender: 'walkerfam dot org' }, { nickname: 'alicew88', gender: 'at walkerfam dot org' }, { nickname: 'Ann 12', gender: 'Oak Street' }, { gender: 'alicew at', nickname: 'walkerfam dot org' }, { nickname: 'alicew at', avatar: '/static/avatars/walkerfam-dot-org.png' }, { nickname: 'alicew88 at', gender: 'walkerfam', avatar: '/static/avatars/dot-org.png' }]) {
      const together = await correct(input);
      expect(together.body.errors?.[0]?.message, JSON.stringify(input)).toMatch(/^nickname, gender and avatar are shown to everyone side by side: together they may not hold contact details/);
    }
    for (const input of <Record<string, string>[]>[{ nickname: 'Gamer2024', gender: 'male' }, { nickname: 'Ann 12', gender: 'female' }, { nickname: 'Oak', gender: 'non-binary' }]) {
      expect((await correct(input)).body.errors, JSON.stringify(input)).toBeUndefined();
    }
    // A name and a year or a lucky number is a nickname, not an id; a few numerals are a name's, not a phone's (seven at least).
    for (const nickname of ['Gamer2024', 'Kitty1314', '2024Gamer', '一心一意', 'SevenSeas', 'Snapdragon', 'Scout', 'Admiral', 'Timer', 'Oh Snap', 'Snap Dragon', 'SC Freiburg', 'Anna B.Sc', 'Text Me Maybe', 'Find Me', 'Ke$ha fan', 'A$AP fan', 'Disco', 'Dos Amigos', 'Tres Leches', 'Mr.Bean', 'Line Dancer', 'Signal Fire', '김민수', 'Ichiro', 'Sieben', 'Hai Ba', 'AnonymousFan']) {
      const taken = await correct({ nickname });
      expect(taken.body.errors, `${nickname} ${JSON.stringify(taken.body.errors)}`).toBeUndefined();
    }
    for (const gender of ['two-spirit', 'non-binary']) expect((await correct({ gender })).body.errors, gender).toBeUndefined();
    const taken = await correct({ gender: 'non-binary' });
    expect(taken.body.errors, JSON.stringify(taken.body.errors)).toBeUndefined();
    expect(taken.body.data.updateMyProfile.gender).toBe('non-binary');
  });

  it('P-34 P-61 a findable member renamed while hidden members keep taking the nickname from one another is found by it in the end', async () => {
    // Each time the buyer's correction asks the consent store, another hidden homepage (the finder
    // switch off, a child's) has just taken the nickname, as simultaneous renames would.
    const original = privacy.privacy!.facts!;
    let swaps = 0;
    privacy.privacy!.facts = async (em, ids) => {
      if (swaps < 8) {
        swaps++;
        const db = m.orm.em.fork();
        await db.nativeUpdate(Homepage, { nickname: 'TakenInTurns' }, { nickname: `~taken-${swaps}` });
        await db.nativeUpdate(Homepage, { memberId: swaps % 2 ? MEMBER.optout : MEMBER.minor }, { nickname: 'TakenInTurns' });
      }
      return original(em, ids);
    };
    try {
      const renamed = await m.ask('buyer', 'mutation { updateMyProfile(input: { nickname: "TakenInTurns" }) { nickname } }');
      expect(renamed.body.data?.updateMyProfile).toEqual({ nickname: 'TakenInTurns' });
    } finally {
      privacy.privacy!.facts = original;
    }
    expect(swaps).toBe(8);
    expect((await find('TakenInTurns')).body.data.homepage).toEqual({ memberId: MEMBER.buyer, member: { nickname: 'TakenInTurns' } });
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
