import { defineEntity, p } from '@mikro-orm/core';

/** The consent kinds of schema/privacy.graphql's `ConsentKind` (POLICY.md "Consents"). */
export const CONSENT_KINDS = [
  'personalized_recommendation',
  'marketing_messages',
  'cross_border',
  'location',
  'find_by_nickname',
  'third_party_binding',
  'event_sharing',
] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** A change the member made alone (or of unknown author): while they are a child it counts for nothing (P-70). */
const madeAlone = (memberId: string, grantedBy: string | null | undefined): boolean => grantedBy == null || grantedBy === memberId;

/**
 * Whether a grant is in force (P-70): the member's own only if made as an adult, another's (a
 * guardian's) only if made while the member was a child, both by the birth date as it stands.
 */
export const grantCounts = (memberId: string, grantedBy: string | null | undefined, madeAsChild: boolean): boolean => madeAlone(memberId, grantedBy) !== madeAsChild;

/** The primary key of a member's current consent of one kind. */
export const consentId = (memberId: string, kind: string): string => `${memberId}:${kind}`;

/**
 * The current state of one consent of one member (P-63): one row per (member, kind), updated
 * in place. `memberId` is an accounts id, a plain column.
 */
export const Consent = defineEntity({
  name: 'Consent',
  tableName: 'privacy_consent',
  uniques: [{ properties: ['memberId', 'kind'] }],
  properties: {
    id: p.string().primary(),
    memberId: p.string().index(),
    kind: p.string(),
    granted: p.boolean(),
    updatedAt: p.datetime(),
    policyVersion: p.string(),
    /** Who made the change: the member, or their guardian (P-70). Null on rows from before it was kept: read as the member's own. */
    grantedBy: p.string().nullable(),
  },
});

/**
 * The append-only history of consent changes (P-63): each grant and each withdrawal, when, and
 * under which policy version. Nothing in the API updates or deletes a row; the autoincrement id
 * orders events that share a timestamp.
 */
export const ConsentEvent = defineEntity({
  name: 'ConsentEvent',
  tableName: 'privacy_consent_event',
  properties: {
    id: p.integer().primary().autoincrement(),
    memberId: p.string().index(),
    kind: p.string(),
    granted: p.boolean(),
    at: p.datetime(),
    policyVersion: p.string(),
    /** Who made the change: the member, or their guardian (P-70); null before it was kept. */
    grantedBy: p.string().nullable(),
  },
});
