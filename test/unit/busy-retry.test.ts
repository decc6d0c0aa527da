import { describe, expect, it } from 'vitest';
import { retryWhenBusy } from '../../resolvers/busy-retry.js';

describe('a write that meets another process\'s write on one SQLite file (P-62)', () => {
  const noWait = async () => {};
  it('P-62 is run again from the start when SQLite answers busy (a stale snapshot, a lock held too long), and its answer returned', async () => {
    let calls = 0;
    const result = await retryWhenBusy(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('SQLITE_BUSY_SNAPSHOT: update accounts_member ...'), { code: 'SQLITE_BUSY_SNAPSHOT' });
      return 'erased';
    }, noWait);
    expect([result, calls]).toEqual(['erased', 3]);
  });
  it('P-82 any other failure is not retried, and a store busy for good fails after a bounded number of attempts', async () => {
    let calls = 0;
    await expect(retryWhenBusy(async () => { calls++; throw new Error('no such table'); }, noWait)).rejects.toThrow('no such table');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryWhenBusy(async () => { calls++; throw new Error('LockWaitTimeoutException SQLITE_BUSY: database is locked'); }, noWait)).rejects.toThrow(/SQLITE_BUSY/);
    expect(calls).toBe(6);
  });
});
