import { readFileSync } from 'node:fs';
import { buildASTSchema, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { plainWithInputs } from '../../bench/plain-with-inputs.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import type { Caller } from '../../directives/caller.js';

const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
// The plain gateway's schema: no row-inputs field.
const plainSchema = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
const config = loadPolicyConfig();
const derive = (query: string, caller: Caller, purpose: string | null = null) => plainWithInputs(supergraph, parse(query), { caller, purpose, config });

describe('bench:instructions plain-with-inputs: the operation as the privacy gateway executes it, inputs as ordinary fields', () => {
  it("selects a carrier's shipment inputs as the stitching asks the subgraph for them, valid on the plain gateway", () => {
    const carrier: Caller = { role: 'logistics', sub: 'u', carrier: 'swift' };
    const document = derive('{ shipments(carrierId: "swift") { id consigneePhone } }', carrier, 'essential.service.operations.delivery');
    expect(validate(plainSchema, document)).toEqual([]);
    const printed = print(document);
    expect(printed).toMatch(/\.\.\. \{\s+buyerId\s+carrierId\s+deliveredAt\s+crossBorder\s+\}/);
    expect(printed).not.toMatch(/_privacyInputs|__pg_inputs/);
  });

  it('keeps the reserved aliases where the plan asks for the aliased inputs', () => {
    const carrier: Caller = { role: 'logistics', sub: 'u', carrier: 'swift' };
    const document = derive('{ shipments(carrierId: "swift") { deliveredAt: waybill consigneePhone } }', carrier, 'essential.service.operations.delivery');
    expect(validate(plainSchema, document)).toEqual([]);
    expect(print(document)).toMatch(/__pg_deliveredAt: deliveredAt/);
  });

  it("drops what the plan drops (a visitor's blocked fields) and adds nothing where no decision reads a row", () => {
    const blocked = print(derive('{ member(id: "m-buyer") { nickname phone } }', { role: 'visitor' }));
    expect(blocked).toMatch(/nickname/);
    expect(blocked).not.toMatch(/\bphone\b/);
    const query = '{ product(id: "p-trail-boots") { name store { name } } }';
    expect(print(derive(query, { role: 'visitor' }))).toBe(print(parse(query)));
  });
});
