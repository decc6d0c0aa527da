import type { SubjectFacts } from '../directives/subject-facts.js';
import { positiveFromEnv } from './env-values.js';

type Ask = (subjectIds: string[]) => Promise<Record<string, SubjectFacts> | null>;

export interface CoalescingOptions {
  /** Calls in flight to the owner at most; subjects asked meanwhile wait and go out together in the next call. Default: FACTS_CONCURRENCY, else 4. */
  concurrency?: number;
  /** Subjects per call at most: a bound on the provider's `IN (...)` and the answer's size. Default 500. */
  maxBatch?: number;
}

/**
 * One owner's facts lookups, coalesced across concurrent requests, with at most `concurrency` calls
 * in flight. Every subject asked within one turn of the event loop goes out in one call; subjects
 * asked while `concurrency` calls are out wait, and go out together as soon as one returns. Under
 * load the calls grow instead of multiplying: a busy owner answers a few large calls rather than a
 * queue of small ones, each running out its own deadline while it waits for a socket (which turned
 * load into refusals, P-82). A subject asked twice while waiting is asked once. Nothing is
 * remembered past a call, so facts stay as fresh as the owner's answer (P-11). A call that fails
 * fails every subject it carried, and the requests that needed them block (P-82).
 */
export function coalescedAsk(ask: Ask, options: CoalescingOptions = {}): Ask {
  const concurrency = options.concurrency ?? positiveFromEnv('FACTS_CONCURRENCY', 4);
  const maxBatch = options.maxBatch ?? 500;
  type Waiter = (facts: SubjectFacts | null) => void;
  /** Subjects waiting for a call, in the order asked, each with the requests waiting for it. */
  let waiting = new Map<string, Waiter[]>();
  let inFlight = 0;
  let scheduled = false;

  const send = () => {
    scheduled = false;
    while (inFlight < concurrency && waiting.size) {
      let batch: Map<string, Waiter[]>;
      if (waiting.size <= maxBatch) {
        batch = waiting;
        waiting = new Map();
      } else {
        batch = new Map();
        for (const [id, waiters] of waiting) {
          if (batch.size >= maxBatch) break;
          batch.set(id, waiters);
          waiting.delete(id);
        }
      }
      inFlight++;
      ask([...batch.keys()])
        .catch(() => null)
        .then((answer) => {
          // null: the owner did not answer; {} : it answered and knows nothing of the subject.
          for (const [id, waiters] of batch) for (const w of waiters) w(answer ? (answer[id] ?? {}) : null);
        })
        .finally(() => {
          inFlight--;
          // What waited for this call's slot goes out now: it has already waited a turn.
          if (waiting.size) send();
        });
    }
  };

  const load = (id: string) =>
    new Promise<SubjectFacts | null>((resolve) => {
      const waiters = waiting.get(id);
      if (waiters) waiters.push(resolve);
      else waiting.set(id, [resolve]);
      if (!scheduled && inFlight < concurrency) {
        scheduled = true;
        setImmediate(send);
      }
    });

  return async (subjectIds) => {
    const facts = await Promise.all(subjectIds.map(load));
    const answer: Record<string, SubjectFacts> = {};
    for (let i = 0; i < subjectIds.length; i++) {
      const one = facts[i];
      if (one === null) return null;
      answer[subjectIds[i]!] = one!;
    }
    return answer;
  };
}
