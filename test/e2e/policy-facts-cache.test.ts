import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, ORDER, shipmentId } from '../../resolvers/demo-ids.js';
import { Consent, consentId } from '../../resolvers/privacy/consent.entity.js';
import { Marketplace } from '../support/marketplace.js';
import { expectBlocked, startSecondGateway } from '../support/privacy-assertions.js';

/**
 * P-11 with the gateway's facts cache on (the default, gateway/facts-cache.ts): facts about a
 * subject are remembered for at most one second, and a change at their owner empties every
 * gateway's memory of them before the change is acknowledged.
 */
describe('remembered facts: P-11', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  // The carrier reads a cross-border shipment's delivery data only with the buyer's consent (P-23).
  const CROSS_BORDER = `{ shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { waybill consigneePhone } }`;
  const consented = { waybill: 'OC-2002', consigneePhone: '138****5678' };

  it('P-11 a consent withdrawn at the consent store governs the very next request on every gateway instance, though each remembered it', async () => {
    const second = await startSecondGateway(m);
    const setCrossBorder = async (granted: boolean) => {
      const set = await m.askSubgraph('privacy', `mutation { setConsent(kind: cross_border, granted: ${granted}) { granted } }`, { sub: MEMBER.buyer, role: 'customer' });
      expect(set.body.data?.setConsent, JSON.stringify(set.body)).toEqual({ granted });
    };
    try {
      for (let i = 0; i < 2; i++) {
        expect((await m.ask('carrier-oceanic', CROSS_BORDER)).body.data.shipment).toEqual(consented);
        expect((await second.ask('carrier-oceanic', CROSS_BORDER)).body.data.shipment).toEqual(consented);
      }
      await setCrossBorder(false);
      expectBlocked(await m.ask('carrier-oceanic', CROSS_BORDER), 'shipment.consigneePhone', 'P-23', 'cross_border');
      expectBlocked(await second.ask('carrier-oceanic', CROSS_BORDER), 'shipment.consigneePhone', 'P-23', 'cross_border');
      await setCrossBorder(true);
      expect((await second.ask('carrier-oceanic', CROSS_BORDER)).body.data.shipment).toEqual(consented);
      expect((await m.ask('carrier-oceanic', CROSS_BORDER)).body.data.shipment).toEqual(consented);
    } finally {
      await second.close();
    }
  });

  it('P-11 a remembered fact lives at most one second: a change written to the database behind the consent store shows within it', async () => {
    const write = (granted: boolean) => m.orm.em.fork().nativeUpdate(Consent, { id: consentId(MEMBER.buyer, 'cross_border') }, { granted, updatedAt: new Date() });
    expect((await m.ask('carrier-oceanic', CROSS_BORDER)).body.data.shipment).toEqual(consented);
    await write(false);
    try {
      // No notice comes from a write that bypasses the store; the one-second bound is what holds.
      await new Promise((resolve) => setTimeout(resolve, 1050));
      expectBlocked(await m.ask('carrier-oceanic', CROSS_BORDER), 'shipment.consigneePhone', 'P-23', 'cross_border');
    } finally {
      await write(true);
    }
  });
});
