import { MikroORM, defineEntity, p } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { buildASTSchema, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { PRIVACY_PREAMBLE, SUBGRAPH_NAMES, subgraphSdl } from '../../schema/subgraphs.js';

/** The accounts SDL as the README's "annotating a field" step would extend it: one more contact column. */
const WORK_PHONE = '  workPhone: String @pii(category: "user.contact.phone_number")\n';
const extendedAccountsSdl = () => subgraphSdl('accounts').replace(/(type Member @key\(fields: "id"\) @subject\(id: "id"\) \{\n)/, `$1${WORK_PHONE}`);

// The accounts subgraph reads the extended SDL in this file only; every other subgraph reads its own.
vi.mock('../../schema/subgraphs.js', async (original) => {
  const real = await original<typeof import('../../schema/subgraphs.js')>();
  return { ...real, subgraphTypeDefs: (name: string) => (name === 'accounts' ? parse(real.PRIVACY_PREAMBLE + '\n' + extendedAccountsSdl()) : real.subgraphTypeDefs(name)) };
});

const { accountsErase, CANCELLED_NICKNAME } = await import('../../resolvers/accounts/rights.js');
const { RealNameVerification, LoginBinding, Guardianship, accountsEntities } = await import('../../resolvers/accounts/member.entity.js');
const { anonymizedValues, ErasureError } = await import('../../resolvers/erasure.js');
const { erasureCoverageProblems, marketplaceErasureProblems, loadComputedFields } = await import('../../resolvers/erasure-coverage.js');

/** accounts_member with the new column, as its migration would add it. */
const MemberWithWorkPhone = defineEntity({
  name: 'Member',
  tableName: 'accounts_member',
  properties: {
    id: p.string().primary(),
    nickname: p.string(),
    gender: p.string().nullable(),
    avatar: p.string().nullable(),
    name: p.string().nullable(),
    phone: p.string().nullable(),
    email: p.string().nullable(),
    birthDate: p.string().nullable(),
    level: p.string().default('regular'),
    passwordHash: p.string().nullable(),
    cancelledAt: p.datetime().nullable(),
    workPhone: p.string().nullable(),
  },
});

const extendedIndex = () => readPrivacyIndex(buildASTSchema(parse(PRIVACY_PREAMBLE + '\n' + extendedAccountsSdl()), { assumeValidSDL: true }));

describe('erasure derived from the annotations', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await MikroORM.init({ driver: LibSqlDriver, dbName: ':memory:', entities: [MemberWithWorkPhone, RealNameVerification, LoginBinding, Guardianship], allowGlobalContext: false, debug: false });
    await orm.schema.createSchema();
  });
  afterAll(() => orm.close());

  it('P-62 a newly annotated column (Member.workPhone) is cleared by cancellation with no change to the erase code', async () => {
    expect(extendedAccountsSdl()).toContain('workPhone');
    const em = orm.em.fork();
    await em.insert('Member', { id: 'm-work', nickname: 'worker', name: 'Wen Work', phone: '13800000000', email: 'w@example.com', level: 'gold', workPhone: '010-5555-0101' });
    const report = await accountsErase(orm.em.fork(), 'm-work');
    expect(report.anonymized).toEqual({ accounts_member: 1 });
    const row = await orm.em.fork().getConnection().execute('select * from accounts_member where id = ?', ['m-work']);
    expect(row[0]).toMatchObject({ work_phone: null, name: null, phone: null, email: null, nickname: CANCELLED_NICKNAME, level: 'regular', password_hash: null });
    expect(row[0].cancelled_at).not.toBeNull();
    // A second cancellation finds nothing left to clear.
    expect((await accountsErase(orm.em.fork(), 'm-work')).anonymized).toEqual({ accounts_member: 0 });
  });

  it('P-62 the check names an annotated user.* field that no column backs and no computed-field entry explains', () => {
    const problems = erasureCoverageProblems('accounts', extendedIndex(), accountsEntities, loadComputedFields());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Member.workPhone');
    expect(problems[0]).toContain('resolvers/computed-personal-fields.json');
    expect(erasureCoverageProblems('accounts', extendedIndex(), [MemberWithWorkPhone, ...accountsEntities.slice(1)], loadComputedFields())).toEqual([]);
    expect(erasureCoverageProblems('accounts', extendedIndex(), accountsEntities, [...loadComputedFields(), { field: 'accounts/Member.workPhone', reason: 'computed from the employer directory at read time' }])).toEqual([]);
  });

  it('P-62 over every subgraph, the only field erasure cannot reach is the one added here without a column (the real schema passes: compose.test.ts)', () => {
    // The ORM entities are the real ones: accounts_member has no work_phone column yet.
    const problems = marketplaceErasureProblems(SUBGRAPH_NAMES);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^subgraph 'accounts': Member\.workPhone \(@pii user\.contact\.phone_number\) has no column/);
    expect(marketplaceErasureProblems(['catalog'], [{ field: 'catalog/Ghost.field', reason: 'a field since removed' }])).toEqual([expect.stringContaining("'catalog/Ghost.field', which is no annotated field")]);
  });

  it('P-62 a required personal column with neither stand-in nor reason to keep it fails closed, naming it', () => {
    const props = MemberWithWorkPhone.meta.properties as never;
    expect(() => anonymizedValues(extendedIndex(), 'Member', props)).toThrow(ErasureError);
    expect(() => anonymizedValues(extendedIndex(), 'Member', props)).toThrow(/Member\.nickname/);
    const cleared = anonymizedValues(extendedIndex(), 'Member', props, { standIns: { nickname: 'Anonymous', level: 'regular' }, keep: { gender: 'reason' } });
    expect(cleared).toMatchObject({ workPhone: null, nickname: 'Anonymous', phone: null });
    expect(cleared).not.toHaveProperty('gender');
    expect(cleared).not.toHaveProperty('id');
  });
});
