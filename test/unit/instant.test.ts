import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../directives/instant.js';

describe('parseInstant', () => {
  it('P-22 reads every instant the subgraphs write as Date.parse does (the carrier window is counted from it)', () => {
    // A day in every month of several years, leap years and century years among them, at varied times.
    const step = 86_400_000 * 3 + 3_723_456;
    for (let ms = Date.UTC(1899, 0, 1); ms < Date.UTC(2101, 0, 1); ms += step) {
      const iso = new Date(ms).toISOString();
      expect(parseInstant(iso)).toBe(ms);
      const seconds = iso.slice(0, 19) + 'Z';
      expect(parseInstant(seconds)).toBe(Date.parse(seconds));
    }
  });

  it('P-82 leaves every other form to Date.parse, so an odd value gets the same answer (NaN blocks)', () => {
    for (const text of [
      '2026-02-29T00:00:00Z', // rolled over into March by Date.parse
      '2026-04-31T12:00:00.000Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:59:60Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00.000Z',
      '2026-01-01T00:00:00.5Z',
      '2026-01-01T00:00Z',
      '2026-01-01T00:00:00.000+01:00',
      '+002026-01-01T00:00:00.000Z',
      '2026-01-01',
      '2026-1a-01T00:00:00.000Z',
      'Tue, 24 Nov 2026 13:00:00 GMT',
      'yesterday',
      '',
    ]) {
      expect(parseInstant(text)).toEqual(Date.parse(text));
    }
  });
});
