import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, STORE } from '../../resolvers/demo-ids.js';
import { type GraphQLAnswer, Marketplace } from '../support/marketplace.js';

/**
 * contracts/response.schema.json is what partners generate their types from: every response below,
 * real ones from the running marketplace, must validate against it, and each carries the block or
 * the error code it is meant to show.
 */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync('contracts/response.schema.json', 'utf8')));
const expectValid = (answer: GraphQLAnswer) => {
  const ok = validate(answer.body);
  expect(ok ? [] : validate.errors, JSON.stringify(answer.body).slice(0, 600)).toEqual([]);
};

describe('the published response schema (contracts/response.schema.json)', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  it('P-21 P-65 a merchant’s store orders: extensions.privacy with a masked phone validates', async () => {
    const answer = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}") { id consigneeName consigneePhone buyerId } }`);
    expect(answer.body.extensions.privacy.decisions).toContainEqual(expect.objectContaining({ field: 'Order.consigneePhone', outcome: 'mask', rule: 'P-21' }));
    expect(answer.body.errors?.[0]?.extensions.code).toBe('PRIVACY_BLOCKED');
    expectValid(answer);
    // The schema is not a blank cheque: an outcome or a code it does not name fails it.
    expect(validate({ ...answer.body, extensions: { privacy: { ...answer.body.extensions.privacy, decisions: [{ ...answer.body.extensions.privacy.decisions[0], outcome: 'reveal' }] } } })).toBe(false);
    expect(validate({ errors: [{ message: 'x', extensions: { code: 'SOMETHING_ELSE' } }] })).toBe(false);
  });

  it('P-51 an analyst’s pseudonymized members and P-52 aggregates validate', async () => {
    const members = await m.ask('analyst', `{ members(ids: ["${MEMBER.buyer}"]) { id nickname phone } }`);
    expect(JSON.stringify(members.body.extensions?.privacy ?? members.body.errors)).toMatch(/pseudonymize|PRIVACY_BLOCKED/);
    expectValid(members);
    expectValid(await m.ask('analyst', '{ orderStats { storeId buyers orders revenue } }'));
  });

  it('P-83 strict mode’s PRIVACY_REFUSED validates', async () => {
    const answer = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}") { id buyerId } }`, { headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.body.errors?.[0]?.extensions.code).toBe('PRIVACY_REFUSED');
    expectValid(answer);
  });

  it('the refusals before execution validate: PURPOSE_NOT_ALLOWED, UNAUTHENTICATED, QUERY_TOO_COMPLEX, parse and validation errors', async () => {
    const cases: [GraphQLAnswer, string][] = [
      [await m.ask('merchant-deer', '{ stores { id } }', { purpose: 'marketing.advertising.third_party' }), 'PURPOSE_NOT_ALLOWED'],
      [await m.post('{ stores { id } }', { authorization: 'Bearer not-a-token' }), 'UNAUTHENTICATED'],
      [await m.post(`{ ${Array.from({ length: 400 }, (_, i) => `a${i}: stores { id }`).join(' ')} }`), 'QUERY_TOO_COMPLEX'],
      [await m.post('{ stores { id '), 'GRAPHQL_PARSE_FAILED'],
      [await m.post('{ stores { noSuchField } }'), 'GRAPHQL_VALIDATION_FAILED'],
    ];
    for (const [answer, code] of cases) {
      expect(answer.body.errors?.[0]?.extensions?.code, code).toBe(code);
      expectValid(answer);
    }
  });
});
