/**
 * P-70 with the policy's `minorAge` raised: the subgraphs read the age from the policy file the
 * gateway serves (POLICY_FILE) when they start, so the raised age decides who is a child in what
 * others read and in what a member may switch on alone; a reload that changes it is refused, so the
 * gateway and the subgraphs never part on it.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';
import { ANONYMOUS_ID, ANONYMOUS_NICKNAME } from '../../directives/transforms/placeholder.js';
import { MEMBER, birthDateYearsAgo } from '../../resolvers/demo-ids.js';
import { Member } from '../../resolvers/accounts/member.entity.js';
import { Marketplace } from '../support/marketplace.js';
import { expectExplained } from '../support/privacy-assertions.js';

const original = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
const envBefore = process.env.POLICY_FILE;
let m: Marketplace;
let dir: string;
let policyFile: string;
const writePolicy = (minorAge: number) => {
  writeFileSync(policyFile, JSON.stringify({ ...original, version: `${original.version}-minor${minorAge}`, minorAge }));
  // A rewrite within the file system's clock tick still reads as a change.
  utimesSync(policyFile, new Date(), new Date(Date.now() + minorAge * 1000));
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-minor-age-'));
  policyFile = join(dir, 'policy.json');
  writePolicy(16);
  process.env.POLICY_FILE = policyFile;
  m = await Marketplace.start({ gateway: { policyFile } });
  // The buyer is 15: a child under a minor age of 16, an adult under 14.
  const em = m.orm.em.fork();
  await em.nativeUpdate(Member, { id: MEMBER.buyer }, { birthDate: birthDateYearsAgo(15) });
});
afterAll(async () => {
  await m?.close();
  if (envBefore === undefined) delete process.env.POLICY_FILE;
  else process.env.POLICY_FILE = envBefore;
  rmSync(dir, { recursive: true, force: true });
});

it('P-70 a minorAge of 16 in the policy file makes a member of 15 a child: their public review shows the placeholder and they switch no consent on alone; a reload back to 14 is refused and changes neither', async () => {
  const review = '{ review(id: "r-2003") { authorId author { nickname } } }';
  const child = await m.ask('visitor', review);
  expect(child.body.data.review).toEqual({ authorId: ANONYMOUS_ID, author: { nickname: ANONYMOUS_NICKNAME } });
  expectExplained(child, 'review.author', 'placeholder', 'P-70');
  const alone = await m.ask('buyer', 'mutation { setConsent(kind: marketing_messages, granted: true) { granted } }');
  expect(alone.body.data?.setConsent ?? null).toBeNull();
  expect(alone.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('under 16'), extensions: { code: 'FORBIDDEN', rule: 'P-70' } });

  // A reload that lowers it again is refused whole: the served policy and the subgraphs both keep 16.
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    writePolicy(14);
    process.emit('SIGHUP', 'SIGHUP');
    expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/policy reload refused, version \S+-minor16 keeps serving: "minorAge" changed/);
  } finally {
    errors.mockRestore();
  }
  expect((await m.ask('visitor', review)).body.data.review).toEqual({ authorId: ANONYMOUS_ID, author: { nickname: ANONYMOUS_NICKNAME } });
  expect((await m.ask('buyer', 'mutation { setConsent(kind: marketing_messages, granted: true) { granted } }')).body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
});
