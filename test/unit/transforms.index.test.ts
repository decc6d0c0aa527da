import { describe, expect, it } from 'vitest';
import * as transforms from '../../directives/transforms/index.js';

describe('transforms index', () => {
  it('P-21 re-exports every transform from one module', () => {
    for (const name of [
      'mask', 'maskPhone', 'maskEmail', 'maskNationalId', 'maskCard', 'maskName', 'maskGeneric',
      'generalizeAddress', 'birthYear', 'ageBand', 'generalizeIp', 'generalizeAmount',
      'pseudonymize', 'scrub', 'placeholderFor',
    ]) {
      expect(typeof (transforms as Record<string, unknown>)[name]).toBe('function');
    }
    expect(transforms.ANONYMOUS_NICKNAME).toBe('Anonymous');
    expect(transforms.DEFAULT_AVATAR).toBe('/static/avatar-default.png');
  });
});
