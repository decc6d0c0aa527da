import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';

/** `/readiness` tells a load balancer whether the gateway can decide and audit, not only whether it runs. */
describe('readiness', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  const readiness = async () => {
    const response = await fetch(new URL('/readiness', m.gatewayUrl));
    return { status: response.status, body: (await response.json()) as { ready: boolean; failing?: string[] } };
  };

  it('P-82 a flood of readiness requests stays ready: they share one round of probes instead of each probing every subgraph', async () => {
    const answers = await Promise.all(Array.from({ length: 300 }, () => readiness()));
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  });

  it('P-82 ready while every facts owner and the privacy store answer; not ready, naming the owner, when one stops', async () => {
    expect(await readiness()).toEqual({ status: 200, body: { ready: true } });
    await m.subgraph('privacy').close();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // one round of probes answers for a second
    const down = await readiness();
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ ready: false, failing: ['facts:privacy'] });
    // The gateway itself still answers what needs no facts (the storefront's public data).
    const product = await m.ask('visitor', '{ product(id: "p-trail-boots") { name } }');
    expect(product.body.data.product.name).toBeTruthy();
  });
});
