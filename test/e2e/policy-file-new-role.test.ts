/**
 * Roles are data (directives/policy.json `roles` and `outcomes`): a copy of the policy file that
 * declares one more role, with no TypeScript touched, makes the gateway accept that role's signed
 * tokens, demand its binding claim, and release to it exactly what its outcomes entries say.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';
import { CARRIER, ORDER, shipmentId } from '../../resolvers/demo-ids.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { expectBlocked, expectExplained, tokenFor } from '../support/privacy-assertions.js';

const original = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
const DELIVERY = 'essential.service.operations.delivery';
const NAME_MASKED = 'the consignee name is masked on customs papers';
const NOT_NEEDED = 'not needed to clear customs';

/** The reviewed file plus a customs broker bound to one carrier: its shipments' names masked, their operational fields shown, every other field blocked. */
function withCustomsBroker() {
  const policy = structuredClone(original);
  policy.roles.customs_broker = { name: 'Customs broker', who: 'a broker clearing parcels for one carrier', binding: 'carrier', purposes: [DELIVERY] };
  policy.outcomes.customs_broker = {
    relation: 'carrier',
    rows: [
      { when: { typeLacks: ['carrier'] }, outcome: 'block', rule: 'P-22', reason: 'a customs broker reads shipments only' },
      { requires: 'relation', outcome: 'block', rule: 'P-22', reason: "another carrier's shipment" },
      { outcome: 'allow', rule: 'P-22', reason: 'a shipment of your carrier' },
    ],
    fields: [
      { when: { typeLacks: ['carrier'] }, outcome: 'block', rule: 'P-22', reason: 'a customs broker reads shipments only' },
      { requires: 'relation', outcome: 'block', rule: 'P-22', reason: "another carrier's shipment" },
      { when: { kinds: ['name'] }, outcome: 'mask', rule: 'P-23', reason: NAME_MASKED },
      { outcome: 'block', rule: 'P-22', reason: `{field} is ${NOT_NEEDED}` },
    ],
  };
  return policy;
}

/** The response contract as `npm run contracts` writes it for the copy: its Role names the copy's roles. */
function responseContract(roles: string[]) {
  const schema = JSON.parse(readFileSync('contracts/response.schema.json', 'utf8'));
  schema.definitions.PrivacyExtension.properties.role.enum = roles;
  return new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
}

const SHIPMENT = (orderId: string) => `{ shipment(id: "${shipmentId(orderId)}") { waybill status consigneeName consigneePhone address } }`;

async function ask(m: Marketplace, token: string, query: string, purpose: string | null = DELIVERY): Promise<GraphQLAnswer> {
  return m.post(query, { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) });
}

describe('a role added in the policy file only', () => {
  let m: Marketplace;
  let dir: string;
  let policyFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-file-new-role-'));
    policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(withCustomsBroker(), null, 2));
    // The rate limits and trusted documents are the defaults of a role whose class the file does not name: see the second describe.
    m = await Marketplace.start({ gateway: { policyFile } });
  });
  afterAll(async () => {
    await m?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("P-22 P-23 a customs broker's token reads its carrier's shipment as the file says: name masked, phone and address blocked with rule and reason", async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker', carrier: CARRIER.swift });
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
    expect(answer.status).toBe(200);
    const shipment = answer.body.data.shipment;
    expect(shipment).not.toBeNull();
    expect(shipment.consigneeName).toEqual(expect.any(String));
    expect(shipment.consigneeName).not.toBe('Alice Walker');
    expect(shipment.consigneeName).toContain('*');
    expect(expectExplained(answer, 'shipment.consigneeName', 'mask', 'P-23').reason).toBe(NAME_MASKED);
    // Operational fields are no personal data: the shared precedence gives them to anyone who sees the row.
    expect(shipment.waybill).toBe('SW-1001');
    for (const field of ['consigneePhone', 'address']) {
      expectBlocked(answer, `shipment.${field}`, 'P-22');
      expect(expectExplained(answer, `shipment.${field}`, 'block', 'P-22').reason).toContain(NOT_NEEDED);
    }
    expect(answer.body.extensions.privacy.role).toBe('customs_broker');
    const valid = responseContract(Object.keys(withCustomsBroker().roles));
    expect(valid(answer.body), JSON.stringify(valid.errors)).toBe(true);
  });

  it("P-22 the broker sees no shipment of another carrier (the row entries of the file)", async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker', carrier: CARRIER.oceanic });
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ shipment: null });
  });

  it('P-82 a purpose the file does not open to the role is refused', async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker', carrier: CARRIER.swift });
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic), 'essential.service.operations');
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.message).toMatch(/customs_broker/);
  });

  it('P-22 a broker token without its binding claim (carrier) is refused with the missing-claim error', async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker' });
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.errors?.[0]?.message).toBe('token for role customs_broker is missing the "carrier" claim');
  });

  it('P-22 a binding claim of another kind does not stand in for the role\'s own', async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker', store: 'deer-outfitters' });
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.message).toBe('token for role customs_broker is missing the "carrier" claim');
  });

  it('P-82 a role the file does not declare is still refused', async () => {
    const token = await tokenFor(m, { role: 'auditor_partner', sub: 'u-auditor', partner: 'audit-co' });
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic), null);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.message).toBe('token "role" claim is not a known role');
  });

  it('P-22 the reviewed roles keep working beside the new one', async () => {
    const answer = await m.ask('carrier-swift', SHIPMENT(ORDER.buyerDomestic));
    expect(answer.body.data.shipment.consigneeName).toBe('Alice Walker');
    expect(answer.body.data.shipment.consigneePhone).toMatch(/^\d{11}$/);
    expect(answer.body.errors).toBeUndefined();
  });

  it('P-82 a reload that removes the role refuses its tokens, even one verified before, with the unknown-role error', async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker', carrier: CARRIER.swift });
    expect((await ask(m, token, SHIPMENT(ORDER.buyerDomestic))).status).toBe(200);
    writeFileSync(policyFile, JSON.stringify(original, null, 2));
    process.emit('SIGHUP', 'SIGHUP');
    const answer = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.message).toBe('token "role" claim is not a known role');
    expect((await m.ask('carrier-swift', SHIPMENT(ORDER.buyerDomestic))).status).toBe(200);
  });
});

describe("a new role's defaults where the file is silent", () => {
  let m: Marketplace;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-file-new-role-defaults-'));
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(withCustomsBroker(), null, 2));
    m = await Marketplace.start({ gateway: { policyFile, trustedDocuments: { mode: 'enforce' }, rateLimit: { limits: { partner: 2, member: 1000, visitor: 1000 } } } });
  });
  afterAll(async () => {
    await m?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a role without a caller class is a partner: under enforced trusted documents it sends none until some are registered, then the partner budget runs out', async () => {
    const token = await tokenFor(m, { role: 'customs_broker', sub: 'u-broker', carrier: CARRIER.swift });
    for (let i = 0; i < 2; i++) {
      const refused = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
      expect(refused.body.errors?.[0]?.message).toMatch(/^role customs_broker runs only registered documents, sent by id, and none is registered for it yet: add its documents under documents\/customs_broker\//);
    }
    const limited = await ask(m, token, SHIPMENT(ORDER.buyerDomestic));
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.message).toMatch(/a partner may send 2 requests per/);
    // Another broker organisation (another carrier) has its own budget.
    const other = await ask(m, await tokenFor(m, { role: 'customs_broker', sub: 'u-broker-2', carrier: CARRIER.oceanic }), SHIPMENT(ORDER.buyerDomestic));
    expect(other.status).toBe(403);
  });
});
