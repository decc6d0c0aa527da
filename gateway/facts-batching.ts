import DataLoader from 'dataloader';
import type { SubjectFacts } from '../directives/subject-facts.js';

type Ask = (subjectIds: string[]) => Promise<Record<string, SubjectFacts> | null>;

/** Subjects per call at most: a bound on the provider's `IN (...)` and the answer's size. */
const MAX_BATCH = 500;

/**
 * One owner's facts lookups, coalesced across concurrent requests: every subject asked of the
 * owner within one turn of the event loop goes out in one call (DataLoader, `cache: false`, so
 * nothing is remembered past that call and facts stay as fresh as the owner's answer, P-11). Under
 * load, a hundred requests each needing a few members' consents make one call, not a hundred
 * calls queueing for the owner's sockets. A call that fails fails every subject it carried, and the
 * requests that needed them block (P-82).
 */
export function coalescedAsk(ask: Ask): Ask {
  const loader = new DataLoader<string, SubjectFacts | null>(
    async (ids) => {
      const answer = await ask([...new Set(ids)]);
      // null: the owner did not answer; {} : it answered and knows nothing of the subject.
      return ids.map((id) => (answer ? (answer[id] ?? {}) : null));
    },
    { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  return async (subjectIds) => {
    const facts = await loader.loadMany(subjectIds);
    const answer: Record<string, SubjectFacts> = {};
    for (let i = 0; i < subjectIds.length; i++) {
      const one = facts[i];
      if (one === null || one instanceof Error) return null;
      answer[subjectIds[i]!] = one!;
    }
    return answer;
  };
}
