import type { SubjectFacts } from '../directives/subject-facts.js';
import type { FactKind } from '../directives/decide.js';
import type { FactsByKindLoader } from './privacy-pass.js';
import { FACT_OWNERS, FACT_SOURCES } from './subject-facts.js';

/** Every owner of facts, once each. */
const OWNERS = [...new Set(Object.values(FACT_OWNERS))];

/** P-11: "a cached decision lives at most one second, and a change invalidates it". */
export const MAX_FACTS_CACHE_MS = 1000;

/**
 * How long remembered facts may tell the access audit whether a subject is a minor (P-70, P-80):
 * that decides only whether a read is recorded, never what is released, and a change still
 * empties them at once. An age only crosses the minor age upwards (the age itself changes only with a restart), so what ages in this time is an adult
 * counted as a minor a little longer: one more read recorded.
 */
export const AUDIT_FACTS_MS = 60_000;

export interface FactsCacheOptions {
  /** How long a loaded answer may serve later requests; at most {@link MAX_FACTS_CACHE_MS}. */
  ttlMs: number;
  /** Upper bound on remembered subjects per kind; past it the kind starts over. Default 100,000. */
  maxEntries?: number;
  /**
   * Facts a request reads once they are this old are asked again in the background, so that the
   * next requests find them fresh instead of waiting for them (see `peek`). Default: half of
   * `ttlMs`; `ttlMs` or more never renews.
   */
  renewAfterMs?: number;
  /** How long facts may answer the audit's minors check ({@link peekForAudit}); default {@link AUDIT_FACTS_MS}, never less than `ttlMs`. */
  auditTtlMs?: number;
  now?: () => number;
}

type Answer = SubjectFacts | 'unavailable';

/**
 * Facts about subjects, remembered for at most one second and only while their owner's change
 * feed is open (P-11). A list of 100 shipments asked by the same carrier twice within the second
 * asks the consent store once; a consent change, announced on the feed before the write that made
 * it is acknowledged, empties the owner's part at once. What is not known to be fresh is not
 * served:
 * - an owner whose feed is not open (never connected, dropped, the subgraph restarting) is not
 *   cached at all: every request asks it, as without the cache;
 * - an answer loaded while a change was announced is used for its own request (which started
 *   before the change) but not remembered;
 * - an answer's age counts from when it was asked, and 'unavailable' is never remembered (P-82).
 *
 * Facts in use are renewed before they expire: a request that reads facts past half their second
 * has them asked again, in the background and in one batch, after it is answered. Without that,
 * every second the facts of a busy list would expire together, and each request in flight at that
 * moment would wait for its own lookup of the same subjects. A renewal follows the rules above (it is remembered only
 * if no change came while it loaded, its age counts from when it was asked), so nothing older than
 * a second is ever served; one that fails leaves the facts to expire, and the next request asks.
 */
export class FactsCache {
  private readonly entries = new Map<FactKind, Map<string, { facts: SubjectFacts; at: number }>>();
  /** Per kind, bumped by every change of an owner it is made from (FACT_SOURCES): an answer is remembered only if none came while it loaded. */
  private readonly generation = new Map<FactKind, number>();
  private readonly live = new Set<string>();
  /** Bumped by every change of any owner, and by every feed opening or closing (see `changes`). */
  private changeCount = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly renewAfterMs: number;
  private readonly auditTtlMs: number;
  private readonly now: () => number;
  /** Asks the owners (the loader `loader` wraps); renewals go through it too. */
  private load: FactsByKindLoader | null = null;
  /** Subjects whose facts were read past `renewAfterMs`, per kind, to be asked again in one batch. */
  private readonly due = new Map<FactKind, Set<string>>();
  /** Subjects whose renewal is on its way, per kind: one renewal each at a time. */
  private readonly renewing = new Map<FactKind, Set<string>>();
  private renewalScheduled = false;
  /** Renewal lookups on their way (see `renewed`). */
  private readonly renewals = new Set<Promise<void>>();

  constructor(options: FactsCacheOptions) {
    if (!(options.ttlMs >= 0 && options.ttlMs <= MAX_FACTS_CACHE_MS)) {
      throw new Error(`facts cache: ttlMs must be between 0 and ${MAX_FACTS_CACHE_MS} (P-11: a cached decision lives at most one second), got ${options.ttlMs}`);
    }
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.renewAfterMs = options.renewAfterMs ?? this.ttlMs / 2;
    if (!(this.renewAfterMs >= 0)) throw new Error(`facts cache: renewAfterMs must be a number of ms, 0 or more, got ${options.renewAfterMs}`);
    this.auditTtlMs = Math.max(options.auditTtlMs ?? AUDIT_FACTS_MS, this.ttlMs);
    this.now = options.now ?? Date.now;
  }

  /** The owner's change feed opened (`true`) or closed (`false`); either way what was cached is dropped. */
  setLive(owner: string, live: boolean): void {
    this.invalidate(owner);
    if (live) this.live.add(owner);
    else this.live.delete(owner);
  }

  /** The owner's facts may have changed: forget them, and anything being loaded now. */
  invalidate(owner: string): void {
    this.changeCount++;
    for (const [kind, sources] of Object.entries(FACT_SOURCES) as [FactKind, readonly string[]][]) {
      if (!sources.includes(owner)) continue;
      this.generation.set(kind, (this.generation.get(kind) ?? 0) + 1);
      this.entries.delete(kind);
    }
  }

  /** Whether every owner a kind is made from has its feed open: only then can a change to it be heard. */
  private isLive(kind: FactKind): boolean {
    return FACT_SOURCES[kind].every((owner) => this.live.has(owner));
  }

  invalidateAll(): void {
    for (const owner of OWNERS) this.invalidate(owner);
  }

  /**
   * For what is kept beside this cache on its terms (the public cache's responses, whose audited
   * reads a person's facts decided): the number of changes heard so far, or null while some
   * owner's feed is not open, when no change can be heard at all. A value kept at one count may
   * be served while the count is the same.
   */
  changes(): number | null {
    for (const owner of OWNERS) if (!this.live.has(owner)) return null;
    return this.changeCount;
  }

  /**
   * What memory knows of one subject's facts of one kind, if it may serve them now: the privacy pass
   * asks here first, so a request whose subjects were all asked about within the second decides
   * every row in one walk, without a lookup round.
   */
  peek(kind: FactKind, subjectId: string): SubjectFacts | undefined {
    if (!this.isLive(kind)) return undefined;
    const entry = this.entries.get(kind)?.get(subjectId);
    return entry ? this.serve(kind, subjectId, entry, this.now()) : undefined;
  }

  /**
   * A subject's facts for the access audit's minors check only (gateway/privacy-pass.ts keeps them
   * from every decision): remembered up to `auditTtlMs`, on the same terms as {@link peek} (the
   * owner's feed open, nothing changed since). Never renews: the audit alone does not keep facts alive.
   */
  peekForAudit(kind: FactKind, subjectId: string): SubjectFacts | undefined {
    if (!this.isLive(kind)) return undefined;
    const entry = this.entries.get(kind)?.get(subjectId);
    return entry && this.now() - entry.at < this.auditTtlMs ? entry.facts : undefined;
  }

  /** An entry's facts if they are less than `ttlMs` old at `now` (asking for them again past `renewAfterMs`). */
  private serve(kind: FactKind, subjectId: string, entry: { facts: SubjectFacts; at: number }, now: number): SubjectFacts | undefined {
    const age = now - entry.at;
    if (age >= this.ttlMs) return undefined;
    if (age >= this.renewAfterMs) this.renewSoon(kind, subjectId);
    return entry.facts;
  }

  /**
   * Wraps a loader: answers what it may from memory, asks `load` for the rest in one call. When
   * memory answers everything it answers at once, without a promise.
   */
  loader(load: FactsByKindLoader): FactsByKindLoader {
    this.load ??= load;
    return (needs) => {
      const asked = this.now();
      const answers = new Map<FactKind, Map<string, Answer>>();
      const missing = new Map<FactKind, string[]>();
      for (const [kind, ids] of needs) {
        const known = this.isLive(kind) ? this.entries.get(kind) : undefined;
        const found = new Map<string, Answer>();
        const rest: string[] = [];
        for (const id of ids) {
          const entry = known?.get(id);
          const facts = entry ? this.serve(kind, id, entry, asked) : undefined;
          if (facts) found.set(id, facts);
          else rest.push(id);
        }
        answers.set(kind, found);
        if (rest.length) missing.set(kind, rest);
      }
      if (!missing.size) return answers;

      const generations = this.generationsOf(missing.keys());
      return Promise.resolve(load(missing)).then((loaded) => this.merge(answers, loaded, generations, asked));
    };
  }

  /** Each kind's change count now: an answer is remembered only if it has not moved by the time it arrives (`merge`). */
  private generationsOf(kinds: Iterable<FactKind>): Map<FactKind, number> {
    return new Map([...kinds].map((kind) => [kind, this.generation.get(kind) ?? 0]));
  }

  /** Adds what the owners answered, and remembers it unless a change came in while it loaded. */
  private merge(
    answers: Map<FactKind, Map<string, Answer>>,
    loaded: Map<FactKind, Map<string, Answer>>,
    generations: Map<FactKind, number>,
    asked: number,
  ): Map<FactKind, Map<string, Answer>> {
    for (const [kind, byId] of loaded) {
      const remember = this.ttlMs > 0 && this.isLive(kind) && (this.generation.get(kind) ?? 0) === generations.get(kind);
      const target = answers.get(kind) ?? new Map<string, Answer>();
      answers.set(kind, target);
      for (const [id, facts] of byId) {
        target.set(id, facts);
        if (remember && facts !== 'unavailable') this.remember(kind, id, facts, asked);
      }
    }
    return answers;
  }

  /** Settles once every renewal asked for so far has been answered (or has failed). */
  async renewed(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve)); // after the batch below is sent
    await Promise.all(this.renewals);
  }

  private renewSoon(kind: FactKind, id: string): void {
    if (!this.load || this.renewing.get(kind)?.has(id)) return;
    let ids = this.due.get(kind);
    if (!ids) this.due.set(kind, (ids = new Set()));
    ids.add(id);
    if (this.renewalScheduled) return;
    this.renewalScheduled = true;
    // After the request that read them is answered: a renewal never delays the request itself.
    setImmediate(() => this.renewDue());
  }

  /** Asks again, in one call, for every subject that came due; remembers the answers as a request's would be. */
  private renewDue(): void {
    this.renewalScheduled = false;
    const needs = new Map<FactKind, string[]>();
    for (const [kind, ids] of this.due) {
      let inFlight = this.renewing.get(kind);
      if (!inFlight) this.renewing.set(kind, (inFlight = new Set()));
      for (const id of ids) inFlight.add(id);
      needs.set(kind, [...ids]);
    }
    this.due.clear();
    if (!needs.size) return;
    const asked = this.now();
    const generations = this.generationsOf(needs.keys());
    const load = this.load!;
    const done = new Promise<Map<FactKind, Map<string, Answer>>>((resolve) => resolve(load(needs))).then(
      (loaded) => void this.merge(new Map(), loaded, generations, asked),
      // A renewal that fails changes nothing: the facts expire, and the next request asks (P-82 as before).
      () => undefined,
    );
    const settled: Promise<void> = done.finally(() => {
      for (const [kind, ids] of needs) for (const id of ids) this.renewing.get(kind)?.delete(id);
      this.renewals.delete(settled);
    });
    this.renewals.add(settled);
  }

  private remember(kind: FactKind, id: string, facts: SubjectFacts, at: number): void {
    let known = this.entries.get(kind);
    if (!known) this.entries.set(kind, (known = new Map()));
    // Entries live one second: past the bound, starting over is cheaper than evicting one by one.
    if (known.size >= this.maxEntries) known.clear();
    known.set(id, { facts, at });
  }
}
