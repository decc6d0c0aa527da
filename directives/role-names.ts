import type { Role } from './caller.js';

/** Each role's human name and who holds it (POLICY.md "Callers"), for documents partners read. */
export const ROLE_NAMES: Readonly<Record<Role, { name: string; who: string }>> = Object.freeze({
  visitor: { name: 'Visitor', who: 'anyone on the storefront, without a token' },
  customer: { name: 'Member', who: 'a signed-in member of the marketplace' },
  guardian: { name: 'Guardian', who: "a member who is the guardian of a minor member" },
  merchant: { name: 'Merchant', who: 'a store selling on the marketplace, bound to that store' },
  logistics: { name: 'Carrier', who: 'a logistics carrier, bound to one carrier (may be cross-border)' },
  payment: { name: 'Payment institution', who: 'a payment institution processing payments' },
  support: { name: 'Customer-service agent', who: 'an agent of the marketplace' },
  analyst: { name: 'Analytics partner', who: 'a security or statistics partner, bound to one partner key' },
  advertiser: { name: 'Advertiser', who: 'an advertising partner' },
  researcher: { name: 'Researcher', who: 'a research partner, bound to one research project' },
  privacy_officer: { name: 'Privacy officer', who: 'the data-protection officer, working under a case reference' },
  login_partner: { name: 'Login partner', who: 'a third-party login provider' },
});
