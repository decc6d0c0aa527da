import { describe, expect, it } from 'vitest';
import { FactsCache } from '../../gateway/facts-cache.js';
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
    cache.setLive('privacy', true);
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
    cache.setLive('privacy', true);
    const load = cache.loader(store.load);
    await load(need('m1'));
    cache.invalidate('privacy');
    await load(need('m1'));
    cache.setLive('privacy', false);
    cache.setLive('privacy', true);
    await load(need('m1'));
    expect(store.asked).toEqual([['m1'], ['m1'], ['m1']]);
  });

  it('P-11 an answer loaded while a change was announced serves its own request but is not remembered', async () => {
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000 });
    cache.setLive('privacy', true);
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
    cache.setLive('privacy', true);
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
    cache.setLive('privacy', true);
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

  it('P-11 one owner’s change leaves the others’ facts remembered', async () => {
    const store = consentStore();
    const cache = new FactsCache({ ttlMs: 1000 });
    cache.setLive('privacy', true);
    cache.setLive('accounts', true);
    const load = cache.loader(store.load);
    await load(need('m1'));
    cache.invalidate('accounts');
    await load(need('m1'));
    expect(store.asked).toEqual([['m1']]);
  });
});
