/**
 * The outcomes are data (directives/policy.json `outcomes`): a policy file that changes one
 * outcome changes what the gateway answers over HTTP, with no TypeScript touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';
import { ORDER } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { expectBlocked, expectExplained } from '../support/privacy-assertions.js';

const original = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
const PHONE_BLOCKED = "the consignee's phone is not given to the store";

/** The policy file with the merchant's phone entry turned from mask to block. */
function phoneBlocked() {
  const policy = structuredClone(original);
  const entry = policy.outcomes.merchant.fields.find((e: any) => e.when?.kinds?.length === 1 && e.when.kinds[0] === 'phone' && !e.when.crossBorder);
  expect(entry).toMatchObject({ outcome: 'mask', rule: 'P-21' });
  Object.assign(entry, { outcome: 'block', reason: PHONE_BLOCKED });
  return policy;
}

const PHONE = `{ order(id: "${ORDER.buyerDomestic}") { consigneeName consigneePhone } }`;

describe('outcomes from the policy file', () => {
  let m: Marketplace;
  let dir: string;
  let policyFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-file-outcomes-'));
    policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(phoneBlocked(), null, 2));
    m = await Marketplace.start({ gateway: { policyFile } });
  });
  afterAll(async () => {
    await m?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("P-21 a policy file that blocks the merchant's view of the consignee phone blocks it over HTTP", async () => {
    const answer = await m.ask('merchant-deer', PHONE);
    expect(answer.body.data.order.consigneeName).toBe('Alice Walker');
    expectBlocked(answer, 'order.consigneePhone', 'P-21');
    expect(expectExplained(answer, 'order.consigneePhone', 'block', 'P-21').reason).toBe(PHONE_BLOCKED);
  });

  it('P-21 with the reviewed file (reloaded, no restart) the same phone is masked again', async () => {
    writeFileSync(policyFile, JSON.stringify(original, null, 2));
    process.emit('SIGHUP', 'SIGHUP');
    const answer = await m.ask('merchant-deer', PHONE);
    expect(answer.body.data.order.consigneePhone).toBe('138****5678');
    expectExplained(answer, 'order.consigneePhone', 'mask', 'P-21');
  });
});
