import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { climbTogether, highestSustained } from '../../bench/ladder.js';
import type { TargetId } from '../../bench/targets.js';

/**
 * The storefront mix's ladder (bench/ladder.ts) against two local servers that answer at once
 * below a rate and late from it on: each request carries its step's offered rate, so the server
 * knows which step it is in (0: the warm-up). One-second steps: a late answer fails its step without the target falling over.
 */
const servers: Server[] = [];

/** A server that answers late (260 ms: past the p99 bound, not fallen over) from `slowFrom` req/s on; records the rates it saw, in order. */
async function serve(slowFrom: number, seen: number[]): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const rate = (JSON.parse(body) as { rate: number }).rate;
      if (seen.at(-1) !== rate) seen.push(rate);
      setTimeout(() => res.end('{"data":{}}'), rate >= slowFrom ? 260 : 0);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

afterAll(() => {
  for (const server of servers) server.close();
});

describe('the storefront mix ladder', () => {
  // Retried: a fast answer delayed past 250 ms by a busy machine would fail a step the test expects sustained.
  it('climbs every target together, stops one after three failed steps, climbs ours while the plain gateway climbs, and reads the highest sustained rate', { retry: 2, timeout: 120_000 }, async () => {
    const plainSeen: number[] = [];
    const oursSeen: number[] = [];
    const otherSeen: number[] = [];
    const order: TargetId[] = [];
    const target = async (id: TargetId, ours: boolean, slowFrom: number, seen: number[]) => ({ id, url: await serve(slowFrom, seen), ours, backendCpuMs: async () => 0 });
    const ladders = await climbTogether([await target('plain', false, 22, plainSeen), await target('privacy', true, 15, oursSeen), await target('apollo', false, 15, otherSeen)], {
      mixFor: (rate) => () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rate }), group: 'visitor' }),
      stepS: 1,
      warmupS: 0.5,
      onStep: (id) => order.push(id),
    });

    expect(ladders.map((l) => [l.target, highestSustained(l)])).toEqual([
      ['plain', 18],
      ['privacy', 12],
      ['apollo', 12],
    ]);
    // The warm-up first, then the ladder.
    expect(plainSeen).toEqual([0, 10, 12, 15, 18, 22, 27, 33]);
    expect(otherSeen).toEqual([0, 10, 12, 15, 18, 22]);
    // Failed three in a row at 22, but the plain gateway was still climbing: on to where it stopped.
    expect(oursSeen).toEqual([0, 10, 12, 15, 18, 22, 27, 33]);
    // Every target at a rate before any goes on to the next, the order reversed at every rate.
    expect(order.slice(0, 6)).toEqual(['plain', 'privacy', 'apollo', 'apollo', 'privacy', 'plain']);
  });
});
