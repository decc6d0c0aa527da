/**
 * Requests one caller may have running at once, the rest waiting their turn in a bounded line:
 * a caller's burst of expensive documents then takes its own slots, not the whole process, and
 * everyone else's requests run beside them. Counted per instance. Hand-written (a counter and a
 * queue per key) because the pools on npm (p-limit, p-queue) limit one pool, not one per caller
 * created and dropped on demand.
 */
export class CallerSlots {
  private readonly callers = new Map<string, { running: number; waiting: (() => void)[] }>();

  /**
   * @param running requests of one caller that run at once
   * @param waiting requests of one caller that wait for a slot; more are refused
   */
  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  /**
   * A slot for `key`: resolves with its release (idempotent) once one is free; null when the
   * caller's line is full.
   */
  acquire(key: string): Promise<() => void> | null {
    let caller = this.callers.get(key);
    if (!caller) {
      caller = { running: 0, waiting: [] };
      this.callers.set(key, caller);
    }
    const held = caller;
    const release = once(() => this.release(key, held));
    if (held.running < this.running) {
      held.running++;
      return Promise.resolve(release);
    }
    if (held.waiting.length >= this.waiting) return null;
    return new Promise((resolve) => held.waiting.push(() => resolve(release)));
  }

  /** Callers holding or waiting for a slot (those with none are forgotten). */
  get size(): number {
    return this.callers.size;
  }

  private release(key: string, caller: { running: number; waiting: (() => void)[] }): void {
    const next = caller.waiting.shift();
    // The slot passes to the caller's next request as it is: running stays the same.
    if (next) return next();
    caller.running--;
    if (caller.running === 0) this.callers.delete(key);
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
