/**
 * The demo personas: one caller of every kind the policy distinguishes (POLICY.md "Callers"),
 * as data. `scripts/token.ts --persona <id>` signs a dev token from `claims`; the e2e tests and
 * the GraphiQL demo use the same ids. `purpose` is the purpose the persona declares by default
 * (none for members reading their own data and for visitors).
 * The privacy inventory takes each role's representative caller and usual purpose from here.
 */
import type { Role } from '../directives/caller.js';

/** The claims of a dev token, as they appear in the JWT (`case`, not `caseRef`). */
export type TokenClaims = {
  sub: string;
  role: Role;
  store?: string;
  carrier?: string;
  partner?: string;
  project?: string;
  case?: string;
  provider?: string;
  institution?: string;
};

export type Persona = {
  description: string;
  /** The token claims; `null` for the visitor, who sends no token. */
  claims: TokenClaims | null;
  /** The purpose this persona declares by default (POLICY.md "Purposes"). */
  purpose?: string;
};

export const PERSONAS: Readonly<Record<string, Persona>> = Object.freeze({
  visitor: {
    description: 'Anonymous visitor, no token: public data only (P-02, P-30, P-33)',
    claims: null,
  },
  buyer: {
    description: 'Member who buys; reads all of their own account and orders (P-01, P-20)',
    claims: { role: 'customer', sub: 'm-buyer' },
  },
  'buyer-optout': {
    description: 'Member with personalization and marketing consents off (P-10, P-63)',
    claims: { role: 'customer', sub: 'm-optout' },
  },
  minor: {
    description: 'Member under 14, linked to a guardian: all data sensitive (P-70)',
    claims: { role: 'customer', sub: 'm-minor' },
  },
  guardian: {
    description: "Guardian of the minor; reads and manages the child's data (P-70)",
    claims: { role: 'guardian', sub: 'm-guardian' },
  },
  'merchant-deer': {
    description: 'Merchant of store deer-outfitters; its own orders only (P-21)',
    claims: { role: 'merchant', sub: 'u-merchant-deer', store: 'deer-outfitters' },
    purpose: 'essential.service.operations',
  },
  'merchant-lantern': {
    description: 'Merchant of store red-lantern; another store, for cross-store checks (P-21)',
    claims: { role: 'merchant', sub: 'u-merchant-lantern', store: 'red-lantern' },
    purpose: 'essential.service.operations',
  },
  'carrier-swift': {
    description: 'Logistics carrier swift; consignee data of its own shipments (P-22)',
    claims: { role: 'logistics', sub: 'u-carrier-swift', carrier: 'swift' },
    purpose: 'essential.service.operations.delivery',
  },
  'carrier-oceanic': {
    description: 'Cross-border logistics carrier oceanic (P-22, P-23)',
    claims: { role: 'logistics', sub: 'u-carrier-oceanic', carrier: 'oceanic' },
    purpose: 'essential.service.operations.delivery',
  },
  agent: {
    description: 'Customer-service agent; members with a ticket assigned to them (P-40)',
    claims: { role: 'support', sub: 'u-agent' },
    purpose: 'essential.service.operations.support',
  },
  analyst: {
    description: 'Analytics partner insight-labs; de-identified data only (P-51)',
    claims: { role: 'analyst', sub: 'u-analyst', partner: 'insight-labs' },
    purpose: 'analytics.reporting',
  },
  advertiser: {
    description: 'Advertising partner adreach; aggregates only (P-50)',
    claims: { role: 'advertiser', sub: 'u-advertiser', partner: 'adreach' },
    purpose: 'marketing.advertising.third_party',
  },
  researcher: {
    description: 'Researcher of project uni-study; age bands, k >= 5 aggregates (P-52)',
    claims: { role: 'researcher', sub: 'u-researcher', project: 'uni-study' },
    purpose: 'analytics.research',
  },
  officer: {
    description: 'Privacy officer on case CASE-2026-001; legal obligation, audit (P-80, P-81)',
    claims: { role: 'privacy_officer', sub: 'u-officer', case: 'CASE-2026-001' },
    purpose: 'essential.legal_obligation',
  },
  payment: {
    description: 'Payment institution cardpay; the card payments members chose it for, last four digits (P-24)',
    claims: { role: 'payment', sub: 'u-payment', institution: 'cardpay' },
    purpose: 'essential.service.payment_processing',
  },
  'login-partner': {
    description: 'Third-party login partner wechat; needs the binding consent (P-04)',
    claims: { role: 'login_partner', sub: 'u-login-partner', provider: 'wechat' },
    purpose: 'essential.service.authentication',
  },
});
