import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../gateway/sign-token.js';
import { PERSONAS } from '../../gateway/personas.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { seedVolume, benchMemberId, VOLUME, BENCH_STORE, BENCH_CARRIER } from '../../bench/seed-volume.js';

/**
 * P-82 is for an owner that cannot answer, not for one that is busy: hundreds of concurrent
 * requests from distinct callers, with the access audit on, each needing facts about distinct
 * subjects, get no P-82 block. With the consent store really stopped, the same load is refused
 * with P-82 (fail closed). In its own file because it stops a subgraph.
 */
const ME = `query Me { me { name browsingHistory { id } searchHistory { query } } }`;
const STORE_ORDERS = `query StoreOrders($store: ID!, $first: Int!) { storeOrders(storeId: $store, first: $first) { id consigneeName consigneePhone deliveryAddress crossBorder } }`;
const MANIFEST = `query Manifest($carrier: ID!, $first: Int!) { shipments(carrierId: $carrier, first: $first) { id consigneeName consigneePhone address crossBorder } }`;
/** Every member of the benchmark volume asks once per round. */
const ROUNDS = 3;
/** Requests in flight at every moment of the load. */
const IN_FLIGHT = 300;

/**
 * Posts one operation on a connection of its own: `fetch`'s pooled sockets race the gateway's
 * keep-alive timeout under this load and fail with ECONNRESET, a client artefact, not an answer.
 */
function post(url: string, query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<GraphQLAnswer> {
  const payload = Buffer.from(JSON.stringify({ query, variables }));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The blocks of an answer that name rule P-82. */
function p82Blocks(answer: GraphQLAnswer): number {
  return (answer.body.errors ?? []).filter((e: any) => e.extensions?.code === 'PRIVACY_BLOCKED' && e.extensions?.rule === 'P-82').length;
}

describe('facts lookups under load: P-82 only when an owner is down', () => {
  let m: Marketplace;
  let memberTokens: string[];
  beforeAll(async () => {
    m = await Marketplace.start();
    await seedVolume(m.orm);
    const privateKey = m.keys.privateKey;
    memberTokens = await Promise.all(Array.from({ length: VOLUME.members }, (_, i) => signToken({ role: 'customer', sub: benchMemberId(i) }, { privateKey })));
  }, 120_000);
  afterAll(async () => {
    await m?.close();
  });

  /** One round: every bench member reads their own personalized page, while a merchant and a carrier read lists of many buyers. */
  async function round(): Promise<(() => Promise<GraphQLAnswer>)[]> {
    const merchant = `Bearer ${await m.token('merchant-deer')}`;
    const carrier = `Bearer ${await m.token('carrier-swift')}`;
    const requests: (() => Promise<GraphQLAnswer>)[] = [];
    for (const token of memberTokens) requests.push(() => post(m.gatewayUrl, ME, { authorization: `Bearer ${token}`, 'x-purpose': 'personalize.content' }));
    for (let i = 0; i < 50; i++) {
      // Different page sizes: distinct requests the runtime cannot merge, over different buyers.
      requests.push(() => post(m.gatewayUrl, STORE_ORDERS, { authorization: merchant, 'x-purpose': PERSONAS['merchant-deer']!.purpose! }, { store: BENCH_STORE, first: 20 + i * 9 }));
      requests.push(() => post(m.gatewayUrl, MANIFEST, { authorization: carrier, 'x-purpose': PERSONAS['carrier-swift']!.purpose! }, { carrier: BENCH_CARRIER, first: 20 + i * 9 }));
    }
    return requests;
  }

  /** Sends `requests` with {@link IN_FLIGHT} of them in flight at every moment (more would overflow the listen backlog, not the facts lookups). */
  async function load(requests: (() => Promise<GraphQLAnswer>)[]): Promise<GraphQLAnswer[]> {
    const answers: GraphQLAnswer[] = new Array(requests.length);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const i = next++;
        answers[i] = await requests[i]!();
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return answers;
  }

  it('P-82 hundreds of concurrent callers with the audit on: no answer is blocked for facts unavailable', async () => {
    const requests: (() => Promise<GraphQLAnswer>)[] = [];
    for (let r = 0; r < ROUNDS; r++) requests.push(...(await round()));
    const answers = await load(requests);
    const blocked = answers.filter((a) => p82Blocks(a) > 0).length;
    console.log(`facts load: ${blocked} of ${answers.length} answers carried a P-82 block`);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Each member read their own page: their name is there.
    expect(answers.filter((a) => a.body.data?.me?.name?.startsWith('Bench Person')).length).toBe(ROUNDS * VOLUME.members);
    expect(blocked).toBe(0);
  }, 240_000);

  it('P-82 the same load with the consent store stopped: consent-gated fields are blocked with rule P-82 (fail closed)', async () => {
    await m.subgraph('privacy').close();
    const answers = await load(await round());
    const personalized = answers.filter((a) => a.body.data?.me);
    expect(personalized.length).toBe(VOLUME.members);
    for (const a of personalized) {
      expect(a.body.data.me.browsingHistory).toBeNull();
      expect(p82Blocks(a)).toBeGreaterThan(0);
    }
  }, 240_000);
});
