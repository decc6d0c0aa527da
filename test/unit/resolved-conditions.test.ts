import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_FORMS, resolvedConditions } from '../../gateway/resolved-conditions.js';

/** A document whose fields `a0`…`a{n-1}` each come and go with their own Boolean variable. */
const switched = (n: number) =>
  parse(`query(${Array.from({ length: n }, (_, i) => `$v${i}: Boolean!`).join(', ')}) { product(id: "p") { ${Array.from({ length: n }, (_, i) => `a${i}: name @include(if: $v${i})`).join(' ')} } }`);
/** The variables switching on the fields whose bits are set in `bits`. */
const values = (n: number, bits: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, Boolean(bits & (1 << i))]));

describe('@skip/@include resolved per request', () => {
  it('P-83 a selection the variables exclude is gone from the form the privacy plan reads, and the same values give the same form', () => {
    const document = switched(2);
    const form = resolvedConditions(document, values(2, 0b01));
    expect(print(form)).toContain('a0: name');
    expect(print(form)).not.toContain('a1');
    expect(print(form)).not.toContain('@include');
    expect(resolvedConditions(document, values(2, 0b01))).toBe(form);
  });

  it(`keeps at most ${MAX_FORMS} forms per document, the oldest going first: sixteen switches sent every way would hold 65,536 forms and a plan each`, () => {
    const n = 16;
    const document = switched(n);
    const first = resolvedConditions(document, values(n, 0));
    const forms = Array.from({ length: 1000 }, (_, bits) => resolvedConditions(document, values(n, bits + 1)));
    // A recent form is still the same object (its plan stays cached); the first was let go and is made again, equal.
    expect(resolvedConditions(document, values(n, 1000))).toBe(forms[999]);
    const again = resolvedConditions(document, values(n, 0));
    expect(again).not.toBe(first);
    expect(print(again)).toBe(print(first));
  });
});
