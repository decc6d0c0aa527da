/**
 * Remembers the signatures a receiver accepted for as long as a signature stays fresh, so that a
 * signed call captured on the network between the gateway and a subgraph cannot be sent again
 * within its window. Hand-written rather than lru-cache: an LRU bound would forget a fresh
 * signature under load and let its replay in; here memory is bounded by the calls one window holds.
 * Per process: replicas behind a balancer each keep their own. A restart forgets what ran before
 * it, so a signature made before the receiver started is refused: it may have run in the process
 * that stopped (a withdrawn consent granted again by a replay across a restart).
 */
export class FirstUse {
  /** signature → when it stops being fresh; insertion order is arrival order, so the oldest come first. */
  private readonly seen = new Map<string, number>();
  /** The second this receiver started remembering in: the gateway signs with its clock's second (gateway/create-gateway.ts). */
  private readonly since: number;

  constructor(private readonly windowMs: number, startedAt = Date.now()) {
    this.since = Math.floor(startedAt / 1000) * 1000;
  }

  /** True the first time `signature` (signed at `signedAt`, not before the receiver started) is presented while fresh; false on every repeat. */
  claim(signature: string, signedAt: number, now = Date.now()): boolean {
    if (signedAt < this.since) return false;
    for (const [key, until] of this.seen) {
      if (until >= now) break;
      this.seen.delete(key);
    }
    if (this.seen.has(signature)) return false;
    // Kept until it could no longer pass the freshness check anyway (it may be signed ahead of now).
    this.seen.set(signature, Math.max(signedAt, now) + this.windowMs);
    return true;
  }
}
