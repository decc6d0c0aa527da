/**
 * Traces: one merchant request gives one trace under the runtime's HTTP request span, with spans
 * for identity, the privacy plan, each subgraph call, the facts lookups, the privacy pass and the
 * audit write; no exported span name or attribute carries a seeded personal value, an id, the
 * document or the client's operation name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Marketplace } from '../support/marketplace.js';
import { SEEDED_PERSONAL_VALUES } from '../support/seeded-values.js';
import { setupTracing, useTracing } from '../../gateway/tracing.js';
import { SPAN } from '../../gateway/privacy-spans.js';
import { ORDER } from '../../resolvers/demo-ids.js';

const exporter = new InMemorySpanExporter();
let m: Marketplace;
beforeAll(async () => {
  setupTracing({ exporter, batching: false });
  m = await Marketplace.start({ gateway: { tracing: useTracing(), factsCacheMs: 0 } });
});
afterAll(async () => {
  await m?.close();
});

// The merchant's order with a cross-border delivery: its consignee fields need the consignee's consent (facts from the privacy subgraph).
const MERCHANT_ORDER = `query ProbeOperationName { order(id: "${ORDER.buyerRecentCrossBorder}") { id total consigneeName consigneePhone deliveryAddress store { name } } }`;

function tree(spans: ReadableSpan[], root: ReadableSpan, depth = 0): string[] {
  const children = spans.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  return [`${'  '.repeat(depth)}${root.name}`, ...children.flatMap((c) => tree(spans, c, depth + 1))];
}

describe('traces', () => {
  it('P-80 one merchant request: identity, plan, subgraph calls, facts, pass and audit spans under the request span', async () => {
    exporter.reset();
    const answer = await m.ask('merchant-deer', MERCHANT_ORDER);
    expect(answer.status).toBe(200);
    expect(answer.body.data.order.total).toBe(249);
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === exporter.getFinishedSpans().find((r) => r.name === 'POST /graphql')?.spanContext().traceId);
    const root = spans.find((s) => s.name === 'POST /graphql' && !s.parentSpanContext);
    expect(root, 'the runtime request span').toBeDefined();
    const ancestors = (span: ReadableSpan): string[] => {
      const parent = spans.find((p) => p.spanContext().spanId === span.parentSpanContext?.spanId);
      return parent ? [parent.name, ...ancestors(parent)] : [];
    };
    const named = (name: string) => spans.filter((s) => s.name === name);
    for (const name of [SPAN.identity, SPAN.plan, SPAN.pass, SPAN.facts, SPAN.audit]) {
      expect(named(name).length, name).toBeGreaterThanOrEqual(1);
      for (const span of named(name)) expect(ancestors(span), name).toContain('POST /graphql');
    }
    // Each subgraph call has its span, under the operation's.
    const subgraphCalls = spans.filter((s) => s.name.startsWith('subgraph.execute'));
    expect(subgraphCalls.map((s) => s.name)).toEqual(expect.arrayContaining(['subgraph.execute (orders)', 'subgraph.execute (catalog)']));
    for (const span of subgraphCalls) expect(ancestors(span)).toContain('graphql.operation');
    // The consent is asked of its owner inside the pass that needed it, and so is the consignee's age
    // (is the read a minor's, P-70), which the pass asks for the audit before its last walk.
    const facts = named(SPAN.facts);
    const inPass = facts.filter((s) => ancestors(s).includes(SPAN.pass));
    expect(inPass.map((s) => s.attributes['privacy.facts.owner'])).toContain('privacy');
    for (const span of facts) expect(ancestors(span)).toContain('graphql.execute');
    expect(named(SPAN.audit)[0]!.attributes['privacy.audit.entries']).toBeGreaterThan(0);
    // The whole tree, as a reviewer reads it.
    expect(tree(spans, root!)).toEqual([
      'POST /graphql',
      '  privacy.identity',
      '  graphql.operation',
      '    graphql.parse',
      '    graphql.validate',
      '    graphql.context',
      '    graphql.execute',
      '      privacy.plan',
      '      subgraph.execute (orders)',
      '      subgraph.execute (catalog)',
      '      privacy.pass',
      '        privacy.facts',
      '        privacy.facts',
      '      privacy.audit',
    ]);
  });

  it('P-82 no exported span carries a seeded value, an id, the document or the operation name', async () => {
    await m.ask('merchant-deer', MERCHANT_ORDER, { method: 'GET' });
    await m.ask('buyer', `{ me { name phone email } }`);
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(10);
    const exported = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    for (const seeded of SEEDED_PERSONAL_VALUES) expect(exported).not.toContain(seeded);
    for (const leak of ['ProbeOperationName', ORDER.buyerRecentCrossBorder, 'consigneePhone', 'http://', '127.0.0.1', 'user-agent', 'u-merchant-deer']) expect(exported).not.toContain(leak);
    const keys = new Set(spans.flatMap((s) => Object.keys(s.attributes)));
    expect([...keys].filter((k) => ['graphql.document', 'graphql.operation.name', 'http.url', 'http.client_ip', 'http.user_agent'].includes(k))).toEqual([]);
  });
});
