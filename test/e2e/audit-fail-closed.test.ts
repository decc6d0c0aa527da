/**
 * P-80, P-82: what cannot be audited does not leave. A gateway whose audit sink fails, by
 * throwing or by rejecting, refuses a read of a sensitive field whole, and still answers reads
 * that need no audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { PERSONAS } from '../../gateway/personas.js';
import { Marketplace } from '../support/marketplace.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

/** Asks a gateway through its fetch handler (no port) as a persona. */
async function askAs(gateway: ReturnType<typeof createPrivacyGateway>, persona: string, query: string) {
  const token = await m.token(persona);
  const purpose = PERSONAS[persona]?.purpose;
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('an audit that fails', () => {
  const sinks = {
    throws: () => {
      throw new Error('audit store unreachable');
    },
    rejects: async () => {
      throw new Error('audit store unreachable');
    },
  };
  for (const [how, onAudit] of Object.entries(sinks)) {
    it(`P-80 P-82 a sink that ${how} refuses the read of a sensitive field, and nothing of the data leaves`, async () => {
      const gateway = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, graphiql: false, onAudit });
      try {
        const sensitive = await askAs(gateway, 'buyer', '{ me { id realNameVerification { realName nationalId } } }');
        expect(sensitive.status).toBe(200);
        expect(sensitive.body.data).toBeNull();
        expect(sensitive.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PRIVACY_BLOCKED', rule: 'P-80' }) })]);
        // The store's own words go to the log, not to the client.
        expect(sensitive.body.errors[0].message).toBe('access audit unavailable: request refused');
        // A read that needs no audit still answers.
        const plain = await askAs(gateway, 'buyer', '{ me { nickname } }');
        expect(plain.body.errors).toBeUndefined();
        expect(plain.body.data.me.nickname).toBeTruthy();
      } finally {
        await (gateway as any).dispose?.();
      }
    });
  }
});
