/**
 * SQLite in WAL mode, several processes on one file: a transaction that read before it writes
 * fails at once with SQLITE_BUSY_SNAPSHOT when another process wrote meanwhile (the busy timeout
 * only waits for a lock, it cannot refresh a snapshot), and a lock held past the timeout gives
 * SQLITE_BUSY. The whole operation is run again, from a fresh transaction: each privacy contract
 * write (erase, retain, correct, a request's record) is idempotent or starts over from what is stored.
 */
const BUSY = /SQLITE_BUSY/;
const ATTEMPTS = 6;

export async function retryWhenBusy<T>(run: () => Promise<T>, wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const busy = BUSY.test(`${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`);
      if (!busy || attempt >= ATTEMPTS) throw error;
      // 50, 100, 200, 400, 800 ms with jitter: about 1.5 s in all before giving up.
      await wait(50 * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
