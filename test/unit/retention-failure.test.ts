import { describe, expect, it } from 'vitest';
import { formatRetentionRun, runRetention } from '../../resolvers/retention.js';

describe('P-66 the retention report', () => {
  it('P-66 names a module that failed and the driver’s reason, never the statement it ran', async () => {
    const failing = (message: string) => ({ name: 'support', privacy: { retain: async () => { throw new Error(message); } } }) as any;
    const orm = { em: { fork: () => ({}) } } as any;
    const run = await runRetention(orm, [failing("update `support_chat_message` set `text` = '[removed]' where `sent_at` < 1733593740175 - database is locked")], { retentionDays: {} as any, now: Date.now() });
    expect(run.failed).toEqual({ support: 'database is locked' });
    expect(formatRetentionRun(run)).not.toMatch(/update|support_chat_message|1733593740175/);
    const other = await runRetention(orm, [failing('the store is read-only\n    at frame (file.ts:1:1)')], { retentionDays: {} as any, now: Date.now() });
    expect(other.failed).toEqual({ support: 'the store is read-only' });
  });
});
