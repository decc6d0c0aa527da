import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PSEUDONYM_HASH_LENGTH,
  PSEUDONYM_PREFIX,
  isPseudonym,
  pseudonymize,
} from '../../directives/transforms/pseudonymize.js';

const PARTNER_A = 'partner-a-key-0123456789abcdef';
const PARTNER_B = 'partner-b-key-0123456789abcdef';

describe('pseudonymize', () => {
  it('P-51 is psn_ + base64url(HMAC-SHA256(audience key, subject id)) truncated to 22 characters', () => {
    const expected =
      'psn_' + createHmac('sha256', PARTNER_A).update('member-42').digest('base64url').slice(0, 22);
    expect(pseudonymize(PARTNER_A, 'member-42')).toBe(expected);
  });

  it('P-51 gives the same subject the same token for one partner', () => {
    expect(pseudonymize(PARTNER_A, 'member-42')).toBe(pseudonymize(PARTNER_A, 'member-42'));
  });

  it('P-51 gives different subjects different tokens', () => {
    expect(pseudonymize(PARTNER_A, 'member-42')).not.toBe(pseudonymize(PARTNER_A, 'member-43'));
  });

  it('P-51 gives one subject different, unlinkable tokens for two partners', () => {
    expect(pseudonymize(PARTNER_A, 'member-42')).not.toBe(pseudonymize(PARTNER_B, 'member-42'));
  });

  it('P-52 gives one subject different tokens for two research projects', () => {
    const tokens = new Set(
      ['project-1', 'project-2', 'project-3'].map((key) => pseudonymize(key, 'member-42')),
    );
    expect(tokens.size).toBe(3);
  });

  it('P-51 returns a string of fixed shape, a valid ID and String', () => {
    const token = pseudonymize(PARTNER_A, 'member-42');
    expect(typeof token).toBe('string');
    expect(token.startsWith(PSEUDONYM_PREFIX)).toBe(true);
    expect(token).toHaveLength(PSEUDONYM_PREFIX.length + PSEUDONYM_HASH_LENGTH);
    expect(token).toMatch(/^psn_[A-Za-z0-9_-]{22}$/);
    expect(isPseudonym(token)).toBe(true);
  });

  it('P-51 does not contain the subject id', () => {
    expect(pseudonymize(PARTNER_A, 'alice')).not.toContain('alice');
  });

  it('P-82 throws on an empty or blank audience key (fail closed: configuration error)', () => {
    expect(() => pseudonymize('', 'member-42')).toThrow(TypeError);
    expect(() => pseudonymize('   ', 'member-42')).toThrow(TypeError);
    expect(() => pseudonymize(undefined as unknown as string, 'member-42')).toThrow(TypeError);
    expect(() => pseudonymize(null as unknown as string, 'member-42')).toThrow(TypeError);
  });

  it('P-82 throws on a missing or empty subject id instead of minting a shared token', () => {
    expect(() => pseudonymize(PARTNER_A, '')).toThrow(TypeError);
    expect(() => pseudonymize(PARTNER_A, null as unknown as string)).toThrow(TypeError);
    expect(() => pseudonymize(PARTNER_A, undefined as unknown as string)).toThrow(TypeError);
    expect(() => pseudonymize(PARTNER_A, {} as unknown as string)).toThrow(TypeError);
    expect(() => pseudonymize(PARTNER_A, 1.5)).toThrow(TypeError);
  });

  it('P-51 reads an integer id as its text, like a GraphQL ID', () => {
    expect(pseudonymize(PARTNER_A, 42)).toBe(pseudonymize(PARTNER_A, '42'));
  });

  it('P-51 treats ids exactly: whitespace and case make different subjects', () => {
    expect(pseudonymize(PARTNER_A, 'abc')).not.toBe(pseudonymize(PARTNER_A, ' abc'));
    expect(pseudonymize(PARTNER_A, 'abc')).not.toBe(pseudonymize(PARTNER_A, 'ABC'));
  });

  it('P-41 pseudonymizes Unicode, emoji, * and very long ids', () => {
    for (const id of ['张三', '👩‍👩‍👧', 'e\u0301', '***', 'x'.repeat(100_000)]) {
      expect(isPseudonym(pseudonymize(PARTNER_A, id))).toBe(true);
    }
    expect(pseudonymize(PARTNER_A, '\u00e9')).not.toBe(pseudonymize(PARTNER_A, 'e\u0301'));
  });

  it('P-51 has no collisions over many subjects', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 10_000; i++) tokens.add(pseudonymize(PARTNER_A, `member-${i}`));
    expect(tokens.size).toBe(10_000);
  });

  it('P-51 isPseudonym rejects other values', () => {
    expect(isPseudonym('member-42')).toBe(false);
    expect(isPseudonym('psn_short')).toBe(false);
    expect(isPseudonym(null)).toBe(false);
  });
});
