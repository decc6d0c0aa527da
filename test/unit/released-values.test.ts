import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { clientSchemaFromSupergraph } from '../../gateway/role-contract-sdl.js';
import { compareReleases, releasedValues, volatilePaths, type ResponseBody } from '../../gateway/released-values.js';

/** Two responses to one operation, as the replay of `npm run policy:diff` reads them. */
const schema = clientSchemaFromSupergraph(readFileSync('schema/supergraph.graphql', 'utf8'));
const governed = new Set(readPrivacyIndex(schema).keys());
const QUERY = parse('{ storeOrdersConnection(storeId: "deer-outfitters", first: 2) { nodes { id consigneeName consigneePhone } pageInfo { endCursor } } }');
const read = (body: ResponseBody) => releasedValues(schema, QUERY, undefined, body, governed);
const page = (nodes: object[], cursor = 'c1') => ({ storeOrdersConnection: { nodes, pageInfo: { endCursor: cursor } } });
const masked = { path: 'storeOrdersConnection.nodes.*.consigneePhone', field: 'Order.consigneePhone', outcome: 'mask', rule: 'P-21' };

describe('the values two responses release differently', () => {
  it('P-21 a mask lifted is a release; a mask kept is no change', () => {
    const before = read({ data: page([{ id: 'o-1', consigneeName: 'Alice', consigneePhone: '138****5678' }]), extensions: { privacy: { decisions: [masked] } } });
    const same = read({ data: page([{ id: 'o-1', consigneeName: 'Alice', consigneePhone: '138****5678' }]), extensions: { privacy: { decisions: [masked] } } });
    const lifted = read({ data: page([{ id: 'o-1', consigneeName: 'Alice', consigneePhone: '13812345678' }]) });
    expect(compareReleases(before, same)).toEqual([]);
    expect(compareReleases(before, lifted)).toEqual([
      { path: 'storeOrdersConnection.nodes[o-1].consigneePhone', coordinate: 'Order.consigneePhone', change: 'released', before: '"138****5678" [mask P-21]', after: '"13812345678"' },
    ]);
    expect(compareReleases(lifted, before)).toEqual([expect.objectContaining({ change: 'transformed' })]);
  });

  it('P-22 a value blocked, and a row no longer returned, are blocked; rows are matched by id, not position', () => {
    const before = read({ data: page([{ id: 'o-1', consigneeName: 'Alice', consigneePhone: '1' }, { id: 'o-2', consigneeName: 'Bob', consigneePhone: '2' }]) });
    const after = read({
      data: page([{ id: 'o-2', consigneeName: null, consigneePhone: '2' }]),
      errors: [{ path: ['storeOrdersConnection', 'nodes', 0, 'consigneeName'], extensions: { code: 'PRIVACY_BLOCKED', rule: 'P-22', paths: [['storeOrdersConnection', 'nodes', 0, 'consigneeName']] } }],
    });
    const changes = compareReleases(before, after);
    expect(changes.map((c) => `${c.change} ${c.path} → ${c.after}`).sort()).toEqual([
      'blocked storeOrdersConnection.nodes[o-1].consigneeName → absent',
      'blocked storeOrdersConnection.nodes[o-1].consigneePhone → absent',
      'blocked storeOrdersConnection.nodes[o-1].id → absent',
      'blocked storeOrdersConnection.nodes[o-2].consigneeName → blocked (P-22)',
    ]);
  });

  it('P-83 every value of a request newly allowed is released; a page cursor is no one’s data', () => {
    const refused = read({ errors: [{ extensions: { code: 'PURPOSE_NOT_ALLOWED' } }] });
    const served = read({ data: page([{ id: 'o-1', consigneeName: 'Alice', consigneePhone: '138****5678' }]), extensions: { privacy: { decisions: [masked] } } });
    expect(compareReleases(refused, served).map((c) => `${c.change} ${c.coordinate} ${c.before}`)).toEqual([
      'released Order.id refused (PURPOSE_NOT_ALLOWED)',
      'released Order.consigneeName refused (PURPOSE_NOT_ALLOWED)',
      'released Order.consigneePhone refused (PURPOSE_NOT_ALLOWED)',
    ]);
  });

  it('a value that differs between two runs under one policy is compared by presence only', () => {
    const all = (cursor: string, name: string) => releasedValues(schema, QUERY, undefined, { data: page([{ id: 'o-1', consigneeName: name, consigneePhone: '1' }], cursor) });
    const first = all('c1', 'Alice');
    const volatile = volatilePaths(first, all('c2', 'Alice'));
    expect([...volatile]).toEqual(['storeOrdersConnection.pageInfo.endCursor']);
    expect(compareReleases(first, all('c3', 'Alicia'), volatile).map((c) => c.path)).toEqual(['storeOrdersConnection.nodes[o-1].consigneeName']);
  });
});
