import { describe, expect, it } from 'vitest';
import { applyDecision } from '../../directives/apply-decision.js';
import type { FieldPolicy } from '../../directives/annotations.js';
import { kindsOf } from '../../directives/categories.js';
import { scrub } from '../../directives/transforms/scrub.js';

const field = (typeName: string, fieldName: string, category: string): FieldPolicy => ({
  typeName,
  fieldName,
  coordinate: `${typeName}.${fieldName}`,
  category,
  kinds: kindsOf(category),
  sensitive: false,
  public: false,
  purposes: null,
  consent: null,
  returnType: 'String',
  list: false,
  nullable: true,
  leaf: true,
  implicit: false,
  annotated: true,
});
const SCRUB = { outcome: 'scrub', rule: 'P-21', reason: 'contact details in the text are replaced' } as const;
const noKeys = () => {
  throw new Error('no key');
};

describe('applyDecision scrub', () => {
  const address = field('Order', 'deliveryAddress', 'user.contact.address');
  const note = field('Order', 'note', 'user.content.private');
  const text = '12 Main Street, Springfield, call 415 555 0100';

  it('P-21 a text scrubbed for an address field and for a note gets each its own result, in either order and again', () => {
    const asAddress = scrub(text, { keepAddresses: true });
    const asNote = scrub(text);
    expect(asAddress).not.toBe(asNote);
    for (let round = 0; round < 3; round++) {
      expect(applyDecision(SCRUB, note, text, noKeys)).toBe(asNote);
      expect(applyDecision(SCRUB, address, text, noKeys)).toBe(asAddress);
      expect(applyDecision(SCRUB, address, text, noKeys)).toBe(asAddress);
      expect(applyDecision(SCRUB, note, text, noKeys)).toBe(asNote);
    }
    expect(asNote).not.toContain('415');
    expect(asAddress).not.toContain('415');
  });

  it('P-21 a text of hostile size is scrubbed as a short one is, every time', () => {
    const long = `${'pad '.repeat(5_000)}call 415 555 0100`;
    expect(applyDecision(SCRUB, note, long, noKeys)).toBe(scrub(long));
    expect(applyDecision(SCRUB, note, long, noKeys)).not.toContain('415');
  });
});
