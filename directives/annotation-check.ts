import { categoryTaxonomy, type CategoryTaxonomy } from './category-taxonomy.js';
import { nearestKey } from './nearest-key.js';
import type { PolicyConfig } from './policy-config.js';

/**
 * Annotations fail closed (P-82): a category outside the taxonomy (directives/categories.json),
 * a purpose outside the policy, or a consent the policy does not know would get no rule's
 * treatment, so the schema that names one is refused, naming the field, the key and the nearest
 * valid key. `npm run compose` refuses it (schema/compose.ts) and the gateway does not start.
 */
export class AnnotationError extends Error {
  constructor(readonly problems: string[]) {
    // One line: it is what an operator reads when the gateway refuses to start.
    super(`privacy annotations refused (P-82): ${problems.join('; ')}`);
    this.name = 'AnnotationError';
  }
}

/** The policy's lists an annotation is checked against. */
export type AnnotationVocabulary = Pick<PolicyConfig, 'purposes' | 'consents'>;

const quote = (key: string) => JSON.stringify(key);
const nearest = (wrong: string, known: Iterable<string>) => {
  const key = nearestKey(wrong, known);
  return key ? `; nearest valid key: ${quote(key)}` : '';
};

/** Why `category` on `coordinate` (Type.field) is refused, or null when it is a known key. */
export function categoryProblem(coordinate: string, category: string, taxonomy: CategoryTaxonomy = categoryTaxonomy()): string | null {
  if (taxonomy.keys.has(category)) return null;
  return `${coordinate}: @pii category ${quote(category)} is neither a fideslang data category nor an extension declared in directives/categories.json${nearest(category, taxonomy.keys)}`;
}

/**
 * The categories `@pii(public: true)` may mark (P-02, P-30): a nickname, a gender, what a member
 * publishes (a review's text, an avatar) and the id that links them. Any other, a phone or a birth
 * date marked public by a subgraph's mistake or a changed supergraph, would reach every visitor.
 */
export const PUBLIC_CATEGORIES: readonly string[] = ['user.account.username', 'user.demographic.gender', 'user.content.public', 'user.unique_id'];

/**
 * Field names that say what P-02 keeps private, whatever category labels them: a phone relabelled
 * a public username passes any check of the label, not of the field it is on.
 */
const NEVER_PUBLIC_NAME = /phone|mobile|e_?mail|birth|address|passport|national|realname|real_name|taxpayer|customs|iban|card|ssn/i;

/** Why `public: true` on `coordinate` is refused for `category`, or null when P-02 lets it be public. */
export function publicProblem(coordinate: string, category: string): string | null {
  const field = coordinate.slice(coordinate.indexOf('.') + 1);
  if (NEVER_PUBLIC_NAME.test(field)) return `${coordinate}: a field named ${quote(field)} cannot be public (P-02), whatever its category`;
  if (PUBLIC_CATEGORIES.some((c) => category === c || category.startsWith(`${c}.`))) return null;
  return `${coordinate}: @pii category ${quote(category)} cannot be public (P-02): only ${PUBLIC_CATEGORIES.map(quote).join(', ')} may be marked public: true`;
}

/** Why each purpose of `@purpose(allow:)` on `coordinate` that the policy does not list is refused. */
export function purposeProblems(coordinate: string, purposes: readonly string[], policy: AnnotationVocabulary): string[] {
  const known = new Set(policy.purposes);
  return purposes
    .filter((p) => !known.has(p))
    .map((p) => `${coordinate}: @purpose(allow:) purpose ${quote(p)} is not a purpose of directives/policy.json${nearest(p, known)}`);
}

/** Why a consent named by `@purpose(consent:)` or `@subject(findableBy:)` is refused, or null when the policy knows it. */
export function consentProblem(coordinate: string, consent: string, policy: AnnotationVocabulary, where = '@purpose(consent:)'): string | null {
  const known = Object.keys(policy.consents ?? {});
  if (known.includes(consent)) return null;
  return `${coordinate}: ${where} consent ${quote(consent)} is not a consent of directives/policy.json${nearest(consent, known)}`;
}

/** What the vocabulary check reads of a privacy index (annotations.ts `PrivacyIndex`), so that the check does not import its reader. */
export interface VocabularyIndex {
  values(): Iterable<{ typeName: string; subject: { findableBy?: string }; fields: { values(): Iterable<{ coordinate: string; purposes: string[] | null; consent: string | null }> } }>;
}

/** The purposes and consents of a read privacy index the policy does not know (its categories were checked on reading). */
export function indexVocabularyProblems(index: VocabularyIndex, policy: AnnotationVocabulary): string[] {
  const problems: string[] = [];
  for (const type of index.values()) {
    if (type.subject.findableBy) {
      const p = consentProblem(type.typeName, type.subject.findableBy, policy, '@subject(findableBy:)');
      if (p) problems.push(p);
    }
    for (const field of type.fields.values()) {
      if (field.purposes) problems.push(...purposeProblems(field.coordinate, field.purposes, policy));
      if (field.consent) {
        const p = consentProblem(field.coordinate, field.consent, policy);
        if (p) problems.push(p);
      }
    }
  }
  return problems;
}
