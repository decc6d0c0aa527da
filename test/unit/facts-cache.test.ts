import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { FactsCache } from '../../gateway/facts-cache.js';
import { useForgetFactsOnMutation } from '../../gateway/facts-freshness.js';
import type { FactsByKindLoader } from '../../gateway/privacy-pass.js';
import type { FactKind } from '../../directives/decide.js';

/** A consent store that counts its lookups and answers `granted` for every subject. */
function consentStore(answer: () => boolean | 'unavailable' = () => true) {
  const asked: string[][] = [];
  let pause: Promise<void> | null = null;
  const load: FactsByKindLoader = async (needs) => {
    const ids = needs.get('consents') ?? [];
    asked.push(ids);
    if (pause) await pause;
    const value = answer();
    return new Map([['consents' as FactKind, new Map(ids.map((id) => [id, value === 'unavailable' ? ('unavailable' as const) : { consents: { cross_border: value } }]))]]);
  };
  return { load, asked, holdNext: (until: Promise<void>) => (pause = until) };
}

const need = (...ids: string[]) => new Map<FactKind, string[]>([['consents', ids]]);
/** Opens the feeds consents are made from: the privacy subgraph's and accounts' (birth dates, P-70). */
const liveConsents = (cache: FactsCache) => {
  cache.setLive('privacy', true);
  cache.setLive('accounts', true);
};

describe('facts cache (P-11)', () => {
  it('P-11 refuses to remember facts longer than one second', () => {
    expect(() => new FactsCache({ ttlMs: 1001 })).toThrow(/at most one second/);
    expect(() => new FactsCache({ ttlMs: -1 })).toThrow();
  });

  it('P-11 remembers nothing while the owner’s change feed is not open', async () => {
    const store = consentStore();
    const load = new FactsCache({ ttlMs: 1000 }).loader(store.load);
    await load(need('m1'));
    await load(need('m1'));
    expect(store.asked).toEqual([['m1'], ['m1']]);
  });

  it('P-11 answers from memory within the second, and asks again after it', async () => {
    let now = 0;
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000, now: () => now });
    liveConsents(cache);
    const load = cache.loader(store.load);
    await load(need('m1', 'm2'));
    now = 999;
    const again = await load(need('m1', 'm3'));
    expect(store.asked).toEqual([['m1', 'm2'], ['m3']]);
    expect(again.get('consents')?.get('m1')).toEqual({ consents: { cross_border: true } });
    now = 1000;
    await load(need('m1'));
    expect(store.asked.at(-1)).toEqual(['m1']);
  });

  it('P-11 a change notice, or the feed closing, empties the memory', async () => {
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000 });
    liveConsents(cache);
    const load = cache.loader(store.load);
    await load(need('m1'));
    cache.invalidate('privacy');
    await load(need('m1'));
    cache.setLive('privacy', false);
    cache.setLive('privacy', true);
    await load(need('m1'));
    expect(store.asked).toEqual([['m1'], ['m1'], ['m1']]);
  });

  it('P-11 counts the changes heard for what is kept beside it, and counts nothing while a feed is closed', () => {
    const cache = new FactsCache({ ttlMs: 1000 });
    expect(cache.changes()).toBeNull();
    for (const owner of ['privacy', 'accounts']) cache.setLive(owner, true);
    expect(cache.changes()).toBeNull(); // support's feed is not open yet
    cache.setLive('support', true);
    const open = cache.changes();
    expect(open).toEqual(expect.any(Number));
    expect(cache.changes()).toBe(open);
    cache.invalidate('accounts');
    expect(cache.changes()).toBe(open! + 1);
    cache.invalidateAll();
    expect(cache.changes()).toBeGreaterThan(open! + 1);
    cache.setLive('accounts', false);
    expect(cache.changes()).toBeNull();
  });

  it('P-11 an answer loaded while a change was announced serves its own request but is not remembered', async () => {
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000 });
    liveConsents(cache);
    const load = cache.loader(store.load);
    let release!: () => void;
    store.holdNext(new Promise<void>((resolve) => (release = resolve)));
    const pending = load(need('m1'));
    cache.invalidate('privacy'); // the change arrives while the lookup is on its way
    release();
    expect((await pending).get('consents')?.get('m1')).toEqual({ consents: { cross_border: true } });
    await load(need('m1'));
    expect(store.asked).toEqual([['m1'], ['m1']]);
  });

  it('P-82 an unavailable answer is never remembered', async () => {
    let reply: boolean | 'unavailable' = 'unavailable';
    const store = consentStore(() => reply);
    const cache = new FactsCache({ ttlMs: 1000 });
    liveConsents(cache);
    const load = cache.loader(store.load);
    expect((await load(need('m1'))).get('consents')?.get('m1')).toBe('unavailable');
    reply = true;
    expect((await load(need('m1'))).get('consents')?.get('m1')).toEqual({ consents: { cross_border: true } });
    expect(store.asked).toHaveLength(2);
  });

  it('P-11 peek serves what the loader would, and nothing it would ask for', async () => {
    let now = 0;
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000, now: () => now });
    const load = cache.loader(store.load);
    await load(need('m1'));
    expect(cache.peek('consents', 'm1')).toBeUndefined(); // the feed is not open: nothing remembered
    liveConsents(cache);
    await load(need('m1'));
    expect(cache.peek('consents', 'm1')).toEqual({ consents: { cross_border: true } });
    expect(cache.peek('consents', 'm2')).toBeUndefined();
    expect(cache.peek('person', 'm1')).toBeUndefined();
    now = 1000;
    expect(cache.peek('consents', 'm1')).toBeUndefined(); // a second old
    now = 0;
    cache.invalidate('privacy');
    expect(cache.peek('consents', 'm1')).toBeUndefined();
  });

  it('P-70 P-80 the audit’s minors check may read facts up to a minute old, on the same terms, while decisions get them for a second only', async () => {
    let now = 0;
    const asked: string[][] = [];
    const accounts: FactsByKindLoader = async (needs) => {
      const ids = needs.get('person') ?? [];
      asked.push(ids);
      return new Map([['person' as FactKind, new Map(ids.map((id) => [id, { minor: true, guardians: [] }]))]]);
    };
    const cache = new FactsCache({ ttlMs: 1000, renewAfterMs: 1000, now: () => now });
    const load = cache.loader(accounts);
    await load(new Map([['person', ['m1']]]));
    expect(cache.peekForAudit('person', 'm1')).toBeUndefined(); // the feed is not open: nothing remembered
    cache.setLive('accounts', true);
    await load(new Map([['person', ['m1']]]));
    now = 30_000;
    expect(cache.peek('person', 'm1')).toBeUndefined(); // no decision reads facts past their second (P-11)
    expect(cache.peekForAudit('person', 'm1')).toEqual({ minor: true, guardians: [] });
    expect(cache.peekForAudit('person', 'm2')).toBeUndefined();
    now = 60_000;
    expect(cache.peekForAudit('person', 'm1')).toBeUndefined();
    now = 30_000;
    cache.invalidate('accounts'); // a change (a corrected birth date, a new guardian) empties it at once
    expect(cache.peekForAudit('person', 'm1')).toBeUndefined();
    await load(new Map([['person', ['m1']]]));
    cache.setLive('accounts', false);
    expect(cache.peekForAudit('person', 'm1')).toBeUndefined();
    expect(asked).toEqual([['m1'], ['m1'], ['m1']]); // reading for the audit never asked, nor renewed
  });

  it('P-11 one owner’s change leaves the facts not made from its data remembered', async () => {
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000 });
    liveConsents(cache);
    cache.setLive('support', true);
    const load = cache.loader(store.load);
    await load(need('m1'));
    cache.invalidate('support');
    await load(need('m1'));
    expect(store.asked).toEqual([['m1']]);
  });

  it('P-11 P-70 consents are made from accounts\' birth dates too (a grant a child made alone counts for nothing): a change at accounts empties them, and they are remembered only while both feeds are open', async () => {
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000 });
    cache.setLive('privacy', true);
    const load = cache.loader(store.load);
    await load(need('m1'));
    await load(need('m1'));
    expect(store.asked).toEqual([['m1'], ['m1']]); // accounts' feed is not open: a corrected birth date could not be heard
    cache.setLive('accounts', true);
    await load(need('m1'));
    await load(need('m1'));
    expect(store.asked.length).toBe(3);
    cache.invalidate('accounts'); // an officer corrected a birth date
    await load(need('m1'));
    expect(store.asked.length).toBe(4);
  });

  describe('renewing facts in use before they expire', () => {
    /** A live cache over `store`, its clock at `clock.now`, with m1's consents loaded at 0. */
    async function warmCache(store: ReturnType<typeof consentStore>, options: { renewAfterMs?: number } = {}) {
      const clock = { now: 0 };
      const cache = new FactsCache({ ttlMs: 1000, now: () => clock.now, ...options });
      liveConsents(cache);
      const load = cache.loader(store.load);
      await load(need('m1'));
      return { cache, load, clock };
    }

    it('P-11 facts read past half their second are asked again in the background, so the next request need not wait', async () => {
      const store = consentStore();
      const { cache, load, clock } = await warmCache(store);
      clock.now = 400;
      expect(cache.peek('consents', 'm1')).toBeDefined(); // young: nothing asked
      await cache.renewed();
      expect(store.asked).toEqual([['m1']]);
      clock.now = 600;
      expect(cache.peek('consents', 'm1')).toEqual({ consents: { cross_border: true } }); // served now, renewed after
      await cache.renewed();
      expect(store.asked).toEqual([['m1'], ['m1']]);
      clock.now = 1500; // a second after the first answer, under one after the renewal
      const answer = load(need('m1'));
      expect(answer).not.toBeInstanceOf(Promise); // answered from memory, without a lookup
      expect(store.asked).toHaveLength(2);
    });

    it('P-11 a renewal never lets facts older than a second serve', async () => {
      const store = consentStore();
      const { cache, clock } = await warmCache(store);
      clock.now = 1000; // nobody read them between 500 and 1000 ms: nothing was renewed
      expect(cache.peek('consents', 'm1')).toBeUndefined();
      await cache.renewed();
      expect(store.asked).toEqual([['m1']]);
    });

    it('P-11 subjects read together are renewed in one lookup, each once while its renewal is on its way', async () => {
      const store = consentStore();
      const clock = { now: 0 };
      const cache = new FactsCache({ ttlMs: 1000, now: () => clock.now });
      liveConsents(cache);
      await cache.loader(store.load)(need('m1', 'm2'));
      clock.now = 700;
      let release!: () => void;
      store.holdNext(new Promise<void>((resolve) => (release = resolve)));
      cache.peek('consents', 'm1');
      cache.peek('consents', 'm2');
      await new Promise<void>((resolve) => setImmediate(resolve));
      cache.peek('consents', 'm1'); // its renewal is still on its way
      release();
      await cache.renewed();
      expect(store.asked).toEqual([['m1', 'm2'], ['m1', 'm2']]);
    });

    it('P-11 a change announced while a renewal is on its way keeps the renewal out of memory', async () => {
      const store = consentStore();
      const { cache, clock } = await warmCache(store);
      clock.now = 600;
      let release!: () => void;
      store.holdNext(new Promise<void>((resolve) => (release = resolve)));
      cache.peek('consents', 'm1');
      await new Promise<void>((resolve) => setImmediate(resolve));
      cache.invalidate('privacy'); // the change arrives while the renewal is on its way
      release();
      await cache.renewed();
      expect(store.asked).toHaveLength(2);
      expect(cache.peek('consents', 'm1')).toBeUndefined();
    });

    it('P-82 a renewal that fails leaves the facts to expire, and the next request asks itself', async () => {
      let failing = false;
      const store = consentStore();
      const clock = { now: 0 };
      const cache = new FactsCache({ ttlMs: 1000, now: () => clock.now });
      liveConsents(cache);
      const load = cache.loader((needs) => (failing ? Promise.reject(new Error('consent store down')) : store.load(needs)));
      await load(need('m1'));
      failing = true;
      clock.now = 600;
      expect(cache.peek('consents', 'm1')).toBeDefined();
      await cache.renewed();
      clock.now = 1000;
      expect(cache.peek('consents', 'm1')).toBeUndefined();
      await expect(load(need('m1'))).rejects.toThrow('consent store down');
    });

    it('P-11 renewing can be switched off', async () => {
      const store = consentStore();
      const { cache, clock } = await warmCache(store, { renewAfterMs: 1000 });
      clock.now = 900;
      expect(cache.peek('consents', 'm1')).toBeDefined();
      await cache.renewed();
      expect(store.asked).toEqual([['m1']]);
      expect(() => new FactsCache({ ttlMs: 1000, renewAfterMs: -1 })).toThrow(/renewAfterMs/);
    });
  });
});

describe('forgetting facts on a mutation', () => {
  /** Runs the plugin's hooks for one operation by `caller`, as the runtime does around execution. */
  const execute = (cache: FactsCache, document: string, caller: { sub: string | null }, result: unknown = { data: { setConsent: { granted: false } } }) => {
    const hooks = (useForgetFactsOnMutation(cache) as any).onExecute({ args: { document: parse(document), contextValue: { caller } } });
    hooks?.onExecuteDone?.({ result });
  };

  it("P-11 P-82 a member's mutation forgets every fact; a visitor's (which no resolver lets change anything) forgets none", () => {
    const cache = new FactsCache({ ttlMs: 1000 });
    for (const owner of ['privacy', 'accounts', 'support']) cache.setLive(owner, true);
    const open = cache.changes()!;
    execute(cache, 'mutation { setConsent(kind: marketing_messages, granted: false) { granted } }', { sub: null });
    execute(cache, '{ me { nickname } }', { sub: 'm-buyer' });
    expect(cache.changes()).toBe(open);
    execute(cache, 'mutation { setConsent(kind: marketing_messages, granted: false) { granted } }', { sub: 'm-buyer' });
    expect(cache.changes()).toBeGreaterThan(open);
  });

  it("P-82 a member's mutation that runs nothing (`__typename` only) or is refused whole forgets nothing", () => {
    const cache = new FactsCache({ ttlMs: 1000 });
    for (const owner of ['privacy', 'accounts', 'support']) cache.setLive(owner, true);
    const open = cache.changes()!;
    execute(cache, 'mutation { __typename }', { sub: 'm-buyer' }, { data: { __typename: 'Mutation' } });
    execute(cache, 'mutation { setConsent(kind: marketing_messages, granted: false, memberId: "m-other") { granted } }', { sub: 'm-buyer' }, { data: null, errors: [{ message: 'forbidden' }] });
    expect(cache.changes()).toBe(open);
  });
});
