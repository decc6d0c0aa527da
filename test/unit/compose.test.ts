import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CompositionError, composeSupergraph } from '../../schema/compose.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { composeMarketplace } from '../../resolvers/compose-marketplace.js';
import { composeDataMap } from '../../schema/data-map.js';
import { lintUnannotatedPersonalFields } from '../../schema/pii-lint.js';
import { PRIVACY_PREAMBLE, subgraphTypeDefs } from '../../schema/subgraphs.js';

const accounts = { name: 'accounts', url: 'http://127.0.0.1:4001/graphql', typeDefs: subgraphTypeDefs('accounts') };

function compositionProblems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CompositionError) return error.problems;
    throw error;
  }
  return [];
}

describe('composition', () => {
  it('composes the eight subgraphs, and the committed supergraph, inventory and data map are up to date', () => {
    const { supergraph, inventory, inventoryMarkdown } = composeMarketplace();
    const dataMap = composeDataMap(supergraph, inventory, loadPolicyConfig());
    expect(readFileSync('schema/supergraph.graphql', 'utf8')).toBe(supergraph);
    expect(JSON.parse(readFileSync('schema/privacy-inventory.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(inventory)));
    expect(readFileSync('schema/PRIVACY.md', 'utf8')).toBe(inventoryMarkdown);
    // The data map: the Fides manifests and the record of processing.
    for (const [file, text] of Object.entries(dataMap)) expect({ file, text: readFileSync(`schema/${file}`, 'utf8') }).toEqual({ file, text });
  });

  it('refuses a subgraph whose @pii annotations would be lost (no @composeDirective)', () => {
    // The directive is defined locally but not linked and composed: composition would drop it silently.
    const forgetful = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      directive @pii(category: String!, sensitive: Boolean = false, public: Boolean = false) on FIELD_DEFINITION
      type Query { coupon(code: String!): Coupon }
      type Coupon @key(fields: "code") { code: String! ownerPhone: String @pii(category: "user.contact.phone_number") }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'coupons', url: 'http://127.0.0.1:4999/graphql', typeDefs: forgetful }]));
    expect(problems.join('\n')).toMatch(/subgraph 'coupons': @pii on Coupon\.ownerPhone did not survive composition/);
  });

  it('refuses a @pii field declared non-null, naming subgraph and field', () => {
    const nonNull = parse(`${PRIVACY_PREAMBLE}
      type Query { coupon(code: String!): Coupon }
      type Coupon @key(fields: "code") @subject(id: "ownerId") { code: String! ownerId: ID ownerPhone: String! @pii(category: "user.contact.phone_number") }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'coupons', url: 'http://127.0.0.1:4999/graphql', typeDefs: nonNull }]));
    expect(problems.join('\n')).toMatch(/subgraph 'coupons': field Coupon\.ownerPhone is @pii but declared non-null/);
  });

  it('P-82 refuses a type with @pii fields but no @subject: the policy could not tell whose data it is', () => {
    const orphan = parse(`${PRIVACY_PREAMBLE}
      type Query { coupon(code: String!): Coupon }
      type Coupon @key(fields: "code") { code: String! ownerPhone: String @pii(category: "user.contact.phone_number") }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'coupons', url: 'http://127.0.0.1:4999/graphql', typeDefs: orphan }]));
    expect(problems.join('\n')).toMatch(/type Coupon has @pii fields \(ownerPhone\) but no @subject/);
  });

  it('P-82 refuses a field without @pii on a @subject type, naming subgraph and field; system.operations may be non-null', () => {
    const bare = parse(`${PRIVACY_PREAMBLE}
      type Query { coupon(code: String!): Coupon }
      type Coupon @key(fields: "code") @subject(id: "ownerId") {
        code: String! @pii(category: "system.operations")
        ownerId: ID
        status: String
        ownerPhone: String @pii(category: "user.contact.phone_number")
      }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'coupons', url: 'http://127.0.0.1:4999/graphql', typeDefs: bare }]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/subgraph 'coupons': field Coupon\.status of @subject type Coupon has no @pii/);
  });

  it('P-82 a field a subgraph adds to an entity marked @subject elsewhere needs @pii too', () => {
    const extension = parse(`${PRIVACY_PREAMBLE}
      type Query { ping: String }
      type Member @key(fields: "id") { id: ID! couponCount: Int }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'coupons', url: 'http://127.0.0.1:4999/graphql', typeDefs: extension }]));
    expect(problems.join('\n')).toMatch(/subgraph 'coupons': field Member\.couponCount of @subject type Member has no @pii/);
  });

  it('lint refuses a personal-looking field without @pii unless the allow-list gives a reason', () => {
    const sdl = parse(`type Coupon { code: String contactPhone: String ownerEmail: String @pii(category: "user.contact.email") }`);
    expect(lintUnannotatedPersonalFields('coupons', sdl, [])).toEqual([expect.stringMatching(/Coupon\.contactPhone looks personal but has no @pii/)]);
    expect(lintUnannotatedPersonalFields('coupons', sdl, [{ coordinate: 'Coupon.contactPhone', reason: 'the shop’s public hotline' }])).toEqual([]);
    expect(lintUnannotatedPersonalFields('coupons', sdl, [{ coordinate: 'Coupon.contactPhone', reason: '' }])).toHaveLength(1);
  });
});
