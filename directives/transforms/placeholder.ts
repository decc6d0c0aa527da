/**
 * The "placeholder" outcome (POLICY.md, Outcomes): a fixed public stand-in in place of a
 * person. An anonymous review shows a placeholder author to everyone but its author and the
 * privacy officer (P-31); a child under 14 appears as the placeholder in public places (P-70).
 * The stand-in is the same for everyone, so nothing in it links back to the person.
 */

/** The nickname shown for a hidden author (P-31). */
export const ANONYMOUS_NICKNAME = 'Anonymous';

/** The avatar shown for a hidden author (P-31). */
export const DEFAULT_AVATAR = '/static/avatar-default.png';

/** The id shown for a hidden author: one constant, so two anonymous reviews cannot be linked (P-31). */
export const ANONYMOUS_ID = 'anonymous';

/** A value `placeholderFor` can return: a scalar, an empty list, or `null`. */
export type PlaceholderValue = string | number | boolean | null | never[];

const NAMED_TYPE = /^([_A-Za-z][_0-9A-Za-z]*)(!?)$/;
const LIST_TYPE = /^\[(.+)\](!?)$/;
const NAME_LIKE = /name|nick/i;
const AVATAR_LIKE = /avatar/i;

/** Checks a type reference (`String`, `ID!`, `[String!]!`, `[[Int]]`) is well formed. */
function isTypeReference(typeName: string): boolean {
  const list = LIST_TYPE.exec(typeName);
  if (list) return isTypeReference(list[1]);
  return NAMED_TYPE.test(typeName);
}

/**
 * P-31 / P-70: the stand-in for a field, always a valid value of the GraphQL type `typeName`
 * (a type reference such as `"String"`, `"ID!"`, `"[String!]"`):
 * - a list → `[]` (valid for every list type, nullable or not);
 * - `ID` → `"anonymous"`;
 * - `String`: avatar-like field → `DEFAULT_AVATAR`, name- or nickname-like → `"Anonymous"`,
 *   any other → `""`;
 * - `Boolean` → `false`; `Int` / `Float` → `0`;
 * - any other named type (an enum, a custom scalar, an object) has no neutral value known here:
 *   `null` when nullable, and a thrown error when non-null (a configuration error: annotated
 *   fields are nullable, POLICY.md "Outcomes"), rather than a value of the wrong type.
 * A malformed type reference throws too.
 */
export function placeholderFor(fieldName: string, typeName: string): PlaceholderValue {
  const type = String(typeName).trim().replace(/\s*([[\]!])\s*/g, '$1');
  if (!isTypeReference(type)) {
    throw new TypeError(`placeholderFor: not a GraphQL type reference: ${JSON.stringify(typeName)}`);
  }
  if (type.startsWith('[')) return [];

  const [, named, nonNull] = NAMED_TYPE.exec(type) ?? [];
  const field = String(fieldName);
  switch (named) {
    case 'ID':
      return ANONYMOUS_ID;
    case 'String':
      if (AVATAR_LIKE.test(field)) return DEFAULT_AVATAR;
      if (NAME_LIKE.test(field)) return ANONYMOUS_NICKNAME;
      return '';
    case 'Boolean':
      return false;
    case 'Int':
    case 'Float':
      return 0;
    default:
      if (nonNull === '!') {
        throw new TypeError(
          `placeholderFor: no placeholder for non-null ${type} (field ${JSON.stringify(field)})`,
        );
      }
      return null;
  }
}
