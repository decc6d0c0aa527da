import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internString } from '../../directives/intern-string.js';

/** Decisions compare interned purposes: interning must never change a string, whatever it holds. */
describe('internString', () => {
  it('P-83 an interned purpose is the same text, so a purpose check decides as before', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(5), (text, cut) => {
        const slice = `${'x'.repeat(cut)}${text}`.slice(cut);
        expect(internString(slice)).toBe(text);
      }),
    );
    for (const tricky of ['', '__proto__', 'constructor', '0', '4294967295', '-1', 'essential.fulfillment']) expect(internString(tricky)).toBe(tricky);
  });
});
