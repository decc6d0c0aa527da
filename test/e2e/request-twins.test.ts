/**
 * P-64: a member's cancellation or copy filed many times at once is one request. The database
 * keeps one open per member and filer, and the migration that added that rule left the earliest
 * of twins already open standing and rejected the later ones.
 */
import type { MikroORM } from '@mikro-orm/core';
import { expect, it } from 'vitest';
import { databaseKind } from '../../resolvers/orm.js';
import { MIGRATIONS } from '../../resolvers/migrations/index.js';
import { recordOnce } from '../../resolvers/privacy/requests.js';
import { privacyRequests } from '../../resolvers/privacy/request-contract.js';
import { emptyDatabasePerTest } from '../support/test-database.js';

const freshOrm = emptyDatabasePerTest();

const knexOf = (orm: MikroORM) => (orm.em.getConnection() as any).getKnex();
const ONE_OPEN_TWIN = { sqlite: 'Migration20261206204658', postgresql: 'Migration20261206204659' };

function request(id: string, kind: string, status: string, createdAt: string, requestedBy: string | null = 'm-1') {
  return { id, member_id: 'm-1', kind, status, requested_by: requestedBy, created_at: new Date(createdAt), due_at: new Date('2026-02-01T00:00:00Z'), attempts: 0 };
}

it('P-64 forty filings at once of a cancellation and of a copy leave one open request of each, every filing answered with it', async () => {
  const orm = await freshOrm();
  await orm.migrator.up();
  await knexOf(orm)('accounts_member').insert({ id: 'm-1', nickname: 'one', level: 'regular' });
  // Each filing's clock a little behind the one before: the last to commit is the earliest made.
  const file = (kind: 'cancellation' | 'copy', i: number) => recordOnce(orm.em.fork(), { memberId: 'm-1', kind, requestedBy: 'm-1', authTime: null, now: new Date(Date.UTC(2026, 0, 1) - i) });
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => file(i % 2 ? 'copy' : 'cancellation', i)));
  const rows = await knexOf(orm)('privacy_request').select('id', 'kind', 'status');
  expect(rows.map((r: any) => [r.kind, r.status]).sort()).toEqual([['cancellation', 'open'], ['copy', 'open']]);
  for (const [i, answer] of answers.entries()) expect(answer?.id).toBe(rows.find((r: any) => r.kind === (i % 2 ? 'copy' : 'cancellation')).id);
});

it('P-64 the requests table refuses a second open cancellation of the same filer; a closed one, another filer\'s, or another kind is kept', async () => {
  const orm = await freshOrm();
  await orm.migrator.up();
  const knex = knexOf(orm);
  await knex('privacy_request').insert([
    request('dsr-a', 'cancellation', 'in_progress', '2026-01-01T00:00:00Z'),
    request('dsr-done', 'cancellation', 'completed', '2026-01-01T00:00:01Z'),
    request('dsr-guardian', 'cancellation', 'open', '2026-01-01T00:00:02Z', 'm-guardian'),
    request('dsr-objection', 'objection', 'open', '2026-01-01T00:00:03Z'),
    request('dsr-objection-2', 'objection', 'open', '2026-01-01T00:00:04Z'),
  ]);
  await expect(knex('privacy_request').insert(request('dsr-b', 'cancellation', 'open', '2026-01-01T00:00:05Z'))).rejects.toThrow(/unique/i);
  await expect(knex('privacy_request').where({ id: 'dsr-done' }).update({ status: 'pending_retry' })).rejects.toThrow(/unique/i);
  expect(await knex('privacy_request').orderBy('id').pluck('id')).toEqual(['dsr-a', 'dsr-done', 'dsr-guardian', 'dsr-objection', 'dsr-objection-2']);
});

it('P-64 twins open before the rule: the earliest stands, the later ones are rejected, the rest is kept as it was', async () => {
  const orm = await freshOrm();
  const before = MIGRATIONS[databaseKind()].map((m) => m.name).filter((name) => name < ONE_OPEN_TWIN[databaseKind()]);
  await orm.migrator.up({ to: before.at(-1)! });
  const knex = knexOf(orm);
  await knex('privacy_request').insert([
    request('dsr-later', 'cancellation', 'open', '2026-01-01T00:00:02Z'),
    request('dsr-first', 'cancellation', 'in_progress', '2026-01-01T00:00:01Z'),
    request('dsr-same-time-b', 'copy', 'pending_retry', '2026-01-01T00:00:03Z'),
    request('dsr-same-time-a', 'copy', 'open', '2026-01-01T00:00:03Z'),
    request('dsr-done', 'cancellation', 'completed', '2026-01-01T00:00:00Z'),
    request('dsr-objection', 'objection', 'open', '2026-01-01T00:00:04Z'),
    request('dsr-objection-2', 'objection', 'open', '2026-01-01T00:00:05Z'),
  ]);
  await orm.migrator.up();
  const rows = await knex('privacy_request').orderBy('id').select('id', 'status');
  expect(rows.map((r: any) => [r.id, r.status])).toEqual([
    ['dsr-done', 'completed'],
    ['dsr-first', 'in_progress'],
    ['dsr-later', 'rejected'],
    ['dsr-objection', 'open'],
    ['dsr-objection-2', 'open'],
    ['dsr-same-time-a', 'open'],
    ['dsr-same-time-b', 'rejected'],
  ]);
});

it('P-64 P-60 a copy two downloads shared, delivered by the first, stays completed when the second finds the account cancelled', async () => {
  const orm = await freshOrm();
  await orm.migrator.up();
  await knexOf(orm)('accounts_member').insert({ id: 'm-1', nickname: 'one', level: 'regular' });
  const call = async (input: any): Promise<any> => privacyRequests(orm.em.fork(), input);
  const first = await call({ op: 'record', memberId: 'm-1', kind: 'copy', requestedBy: 'm-1', status: 'in_progress' });
  const second = await call({ op: 'record', memberId: 'm-1', kind: 'copy', requestedBy: 'm-1', status: 'in_progress' });
  expect(second.request!.id).toBe(first.request!.id);
  await call({ op: 'update', id: first.request!.id, status: 'completed', progress: { done: ['accounts'] } });
  const refused = await call({ op: 'update', id: first.request!.id, status: 'rejected', unlinkMember: true, onlyIfOpen: true });
  expect(refused.request).toMatchObject({ id: first.request!.id, status: 'completed' });
  const retried = await call({ op: 'update', id: first.request!.id, status: 'pending_retry', onlyIfOpen: true });
  expect(retried.request).toMatchObject({ status: 'completed' });
});
