import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_ID,
  ANONYMOUS_NICKNAME,
  DEFAULT_AVATAR,
  placeholderFor,
} from '../../directives/transforms/placeholder.js';

describe('placeholder constants', () => {
  it('P-31 names the public stand-ins', () => {
    expect(ANONYMOUS_NICKNAME).toBe('Anonymous');
    expect(DEFAULT_AVATAR).toBe('/static/avatar-default.png');
    expect(ANONYMOUS_ID).toBe('anonymous');
  });
});

describe('placeholderFor', () => {
  it('P-31 shows an anonymous author as nickname "Anonymous"', () => {
    expect(placeholderFor('nickname', 'String')).toBe(ANONYMOUS_NICKNAME);
    expect(placeholderFor('authorName', 'String')).toBe(ANONYMOUS_NICKNAME);
    expect(placeholderFor('displayName', 'String!')).toBe(ANONYMOUS_NICKNAME);
    expect(placeholderFor('NICK', 'String')).toBe(ANONYMOUS_NICKNAME);
  });

  it('P-31 shows an anonymous author with the default avatar', () => {
    expect(placeholderFor('avatar', 'String')).toBe(DEFAULT_AVATAR);
    expect(placeholderFor('avatarUrl', 'String')).toBe(DEFAULT_AVATAR);
    expect(placeholderFor('authorAvatar', 'String!')).toBe(DEFAULT_AVATAR);
  });

  it('P-31 gives every anonymous author the same id so nothing links back', () => {
    expect(placeholderFor('authorId', 'ID')).toBe('anonymous');
    expect(placeholderFor('id', 'ID!')).toBe('anonymous');
    expect(placeholderFor('nickname', 'ID')).toBe('anonymous');
  });

  it('P-31 gives other strings the empty string', () => {
    expect(placeholderFor('bio', 'String')).toBe('');
    expect(placeholderFor('', 'String')).toBe('');
  });

  it('P-31 gives Boolean false and Int / Float 0', () => {
    expect(placeholderFor('verified', 'Boolean')).toBe(false);
    expect(placeholderFor('verified', 'Boolean!')).toBe(false);
    expect(placeholderFor('level', 'Int')).toBe(0);
    expect(placeholderFor('score', 'Float!')).toBe(0);
    expect(placeholderFor('nameLength', 'Int')).toBe(0);
  });

  it('P-31 gives every list type an empty list', () => {
    for (const type of ['[String]', '[String!]', '[String!]!', '[[Int]]', '[ID!]', '[Review!]!']) {
      const value = placeholderFor('tags', type);
      expect(value).toEqual([]);
    }
  });

  it('P-31 returns a fresh list each time', () => {
    expect(placeholderFor('tags', '[String]')).not.toBe(placeholderFor('tags', '[String]'));
  });

  it('P-31 accepts whitespace inside a type reference', () => {
    expect(placeholderFor('nickname', ' String ! ')).toBe(ANONYMOUS_NICKNAME);
    expect(placeholderFor('tags', '[ String ! ] !')).toEqual([]);
  });

  it('P-31 returns null for a nullable type it has no neutral value for', () => {
    expect(placeholderFor('gender', 'Gender')).toBeNull();
    expect(placeholderFor('birthday', 'DateTime')).toBeNull();
  });

  it('P-82 throws for a non-null type it cannot fill, rather than a wrong-typed value', () => {
    expect(() => placeholderFor('gender', 'Gender!')).toThrow(TypeError);
  });

  it('P-82 throws on a malformed type reference', () => {
    for (const bad of ['', '  ', '[String', 'String]', '[]', 'Str ing', '1String', 'String!!', '*']) {
      expect(() => placeholderFor('nickname', bad)).toThrow(TypeError);
    }
  });

  it('P-31 always returns a value valid for the built-in scalar type', () => {
    const fields = ['nickname', 'avatar', 'authorId', 'bio', '张三', '😀', '', 'x'.repeat(10_000)];
    const check: Record<string, (v: unknown) => boolean> = {
      String: (v) => typeof v === 'string',
      ID: (v) => typeof v === 'string',
      Boolean: (v) => typeof v === 'boolean',
      Int: (v) => Number.isInteger(v),
      Float: (v) => typeof v === 'number' && Number.isFinite(v),
    };
    for (const field of fields) {
      for (const [type, valid] of Object.entries(check)) {
        expect(valid(placeholderFor(field, type))).toBe(true);
        expect(valid(placeholderFor(field, `${type}!`))).toBe(true);
      }
    }
  });
});
