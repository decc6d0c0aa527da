import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ageBand,
  birthYear,
  dayOf,
  generalizeAddress,
  generalizeAmount,
  generalizeIp,
} from '../../directives/transforms/generalize.js';

describe('generalizeAddress', () => {
  it('P-51 generalizes a full address to city and country', () => {
    expect(generalizeAddress('12 Baker Street, London, NW1 6XE, United Kingdom')).toBe(
      'London, GB',
    );
    expect(generalizeAddress('88 Jianguo Road, Beijing, 100022, China')).toBe('Beijing, CN');
  });

  it('P-51 reads city and country from the end when the street has extra parts', () => {
    expect(
      generalizeAddress('Flat 3, 221B Baker Street, London, NW1 6XE, United Kingdom'),
    ).toBe('London, GB');
  });

  it('P-51 keeps a two-part address (city, country) only when the last part is a country and the first no street', () => {
    expect(generalizeAddress('London, United Kingdom')).toBe('London, GB');
    expect(generalizeAddress('221B Baker Street, GB')).toBe('GB');
    expect(generalizeAddress('Harbour Road, US')).toBe('US');
    expect(generalizeAddress('221B Baker Street, London')).toBeNull();
    expect(generalizeAddress('NW1 6XE, 221B')).toBeNull();
  });

  it('P-51 withholds whatever names no country: house names, one-part addresses, Chinese numerals', () => {
    expect(generalizeAddress('London')).toBeNull();
    expect(generalizeAddress('221B Baker Street London')).toBeNull();
    expect(generalizeAddress('Rose Cottage, Mill Lane')).toBeNull();
    expect(generalizeAddress('Alice Walker c/o Rose Cottage Mill Lane Little Snoring')).toBeNull();
    expect(generalizeAddress('北京市朝阳区建国路八十八号三单元五〇二室')).toBeNull();
    expect(generalizeAddress('US')).toBe('US');
  });

  it('P-51 keeps the part before the country, past postal and region codes, when it is a place of that country; no place, the country only', () => {
    expect(generalizeAddress('Baker Street, London, United Kingdom')).toBe('London, GB');
    expect(generalizeAddress('London, NW1 6XE, United Kingdom')).toBe('London, GB');
    expect(generalizeAddress('Flat B, Harbour Road, Springfield, US')).toBe('Springfield, US');
    expect(generalizeAddress('Paris Road, London, GB')).toBe('London, GB');
    expect(generalizeAddress('London Road, GB')).toBe('GB');
  });

  it('P-51 releases no street, building or person that stands where a city would: only a place in the gazetteer is a city', () => {
    for (const [address, expected] of [
      ['Apt 5, Avenida Paulista, 01310-100, BR', 'BR'],
      ['Unit 2, Boulevard Haussmann, 75009, FR', 'FR'],
      ['Flat 4, Royal Crescent, BA1 2LR, GB', 'GB'],
      ["Apt 1, Quai d'Orsay, 75007, FR", 'FR'],
      ['c/o Jane Doe, Acme Ltd, 12345, US', 'US'],
      ['Apt 3, Jane Doe, 10001, US', 'US'],
      ['Jane Doe, US', 'US'],
      ['Kurfürstendamm, DE', 'DE'],
      ['Hauptstraße, DE', 'DE'],
      ['Buckingham Palace, GB', 'GB'],
      ['上海市浦东新区, 金茂大厦, 200120, 中国', 'CN'],
    ]) expect(generalizeAddress(address), address).toBe(expected);
  });

  it('P-51 drops a city part that carries a postal code', () => {
    expect(generalizeAddress('1 Main St, Springfield 62704, IL, USA')).toBe('US');
  });

  it('P-51 handles Unicode, full-width commas and full-width digits', () => {
    expect(generalizeAddress('88 Jianguo Road, Beijing, 100022, 中国')).toBe('Beijing, CN');
    expect(generalizeAddress('建国路88号，Beijing，１０００２２，中国')).toBe('Beijing, CN');
    // The gazetteer names places in Latin script: a city written in Chinese is not read, so only the country is kept.
    expect(generalizeAddress('建国路88号, 北京, 100022, 中国')).toBe('CN');
    expect(generalizeAddress('建国路, 中国')).toBe('CN');
    expect(generalizeAddress('１２号')).toBeNull();
  });

  it('P-51 normalizes whitespace and empty parts; nothing readable is withheld', () => {
    expect(generalizeAddress('  12 Baker St ,  London ,, NW1 6XE ,  UK  ')).toBe('London, GB');
    expect(generalizeAddress('')).toBeNull();
    expect(generalizeAddress('   ')).toBeNull();
    expect(generalizeAddress(', , ,')).toBeNull();
  });

  it('P-51 is idempotent', () => {
    const once = generalizeAddress('12 Baker Street, London, NW1 6XE, United Kingdom');
    expect(generalizeAddress(once)).toBe(once);
  });

  it('P-51 maps null/undefined to null', () => {
    expect(generalizeAddress(null)).toBeNull();
    expect(generalizeAddress(undefined)).toBeNull();
  });

  it('P-51 handles a very long address', () => {
    const long = `${'x'.repeat(100_000)}, Paris, 75001, France`;
    expect(generalizeAddress(long)).toBe('Paris, FR');
  });
  });

  it('P-51 takes no part further back than where the city stands for one: a recipient named like a town is not released', () => {
    expect(generalizeAddress('Jackson, 5 5th Ave, New York, NY 10001, US')).toBe('US');
    expect(generalizeAddress('Madison Lee, Harbour Road, Hill Crest, US')).toBe('US');
    expect(generalizeAddress('Lincoln, 12 Main Street, Springfield, IL, 62704, US')).toBe('Springfield, US');
  });

  it('P-51 releases no place of fewer than 1,000 people as a city, though the gazetteer lists it (a capital of 46)', () => {
    expect(generalizeAddress('Edinburgh of the Seven Seas, SH')).toBe('SH');
  });

  it('P-51 releases no country or territory whose places hold fewer than 1,000 people: its code would single them out as such a city would', () => {
    for (const address of ['1 Main Road, Adamstown, Pitcairn', 'Flat 1, Adamstown, PN', 'Via della Posta, Vatican City, VA', 'West Island, CC', 'Flying Fish Cove, CX', 'Alofi, NU', 'Kingston, NF', 'Grytviken, GS', 'Diego Garcia, IO', 'Bouvet Island, BV', 'HM']) {
      expect(generalizeAddress(address), address).toBeNull();
    }
    expect(generalizeAddress('Plymouth, MS')).toBe('MS');
  });

  it('P-51 a country code before the country is no city: the gazetteer\'s alternative names that are codes (gb, fi) are not read as places', () => {
    expect(generalizeAddress('gb, IM')).toBe('IM');
    expect(generalizeAddress('fi, AX')).toBe('AX');
    expect(generalizeAddress('Douglas, IM')).toBe('Douglas, IM');
  });

  it('P-51 spells city and country as the gazetteer and ISO 3166 do, not as the member typed them', () => {
    expect(generalizeAddress('12 Harbour Road, SPRINGFIELD, 94110, us')).toBe('Springfield, US');
    expect(generalizeAddress('12 Harbour Road, springfield, 94110, United States')).toBe('Springfield, US');
    expect(generalizeAddress('1 Rue de Rivoli, PARIS, 75001, fra')).toBe('Paris, FR');
});

describe('birthYear', () => {
  it('P-51 generalizes a date of birth to its year', () => {
    expect(birthYear('1990-05-17')).toBe('1990');
  });

  it('P-51 accepts a date-time, a year-month, a year and a Date', () => {
    expect(birthYear('1990-05-17T10:20:30Z')).toBe('1990');
    expect(birthYear('1990-05-17T23:00:00-05:00')).toBe('1990');
    expect(birthYear('1990-05')).toBe('1990');
    expect(birthYear('1990')).toBe('1990');
    expect(birthYear(new Date(Date.UTC(1990, 4, 17)))).toBe('1990');
  });

  it('P-51 maps invalid dates to null', () => {
    for (const bad of ['', ' ', 'yesterday', '1990-13-01', '1990-02-30', '1990-00-10', '1990-5-17', '90-05-17', '0000-01-01', '1990-05-17junk', '*']) {
      expect(birthYear(bad)).toBeNull();
    }
    expect(birthYear(new Date(Number.NaN))).toBeNull();
  });

  it('P-51 knows leap years', () => {
    expect(birthYear('2000-02-29')).toBe('2000');
    expect(birthYear('1900-02-29')).toBeNull();
  });

  it('P-51 maps null/undefined to null', () => {
    expect(birthYear(null)).toBeNull();
    expect(birthYear(undefined)).toBeNull();
  });

  it('P-51 rejects a very long input quickly', () => {
    expect(birthYear('1'.repeat(100_000))).toBeNull();
  });
});

describe('ageBand', () => {
  it('P-52 generalizes a date of birth to a 10-year band for researchers', () => {
    expect(ageBand('1993-05-17')).toBe('1990-1999');
    expect(ageBand('1990-01-01')).toBe('1990-1999');
    expect(ageBand('1999-12-31')).toBe('1990-1999');
    expect(ageBand('2000-01-01')).toBe('2000-2009');
  });

  it('P-52 is idempotent on a band', () => {
    expect(ageBand('1990-1999')).toBe('1990-1999');
    expect(ageBand('1991-2000')).toBeNull();
  });

  it('P-52 maps invalid dates and null to null', () => {
    expect(ageBand('1993-02-30')).toBeNull();
    expect(ageBand('')).toBeNull();
    expect(ageBand(null)).toBeNull();
    expect(ageBand(undefined)).toBeNull();
  });
});

describe('generalizeIp', () => {
  it('P-51 generalizes an IPv4 address to its /24 network', () => {
    expect(generalizeIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(generalizeIp(' 10.1.2.3 ')).toBe('10.1.2.0/24');
    expect(generalizeIp('0.0.0.0')).toBe('0.0.0.0/24');
    expect(generalizeIp('255.255.255.255')).toBe('255.255.255.0/24');
  });

  it('P-51 generalizes an IPv6 address to its /32 network, a provider rather than a household', () => {
    expect(generalizeIp('2001:db8:85a3::8a2e:370:7334')).toBe('2001:db8::/32');
    expect(generalizeIp('2001:0DB8:85A3:0000:0000:8A2E:0370:7334')).toBe('2001:db8::/32');
    expect(generalizeIp('2001:db8::1')).toBe('2001:db8::/32');
    expect(generalizeIp('::1')).toBe('::/32');
    expect(generalizeIp('fe80::1%eth0')).toBe('fe80::/10');
    expect(generalizeIp('[2001:db8:85a3::1]')).toBe('2001:db8::/32');
  });

  it('P-51 treats an IPv6 address that carries an IPv4 one (mapped, NAT64, 6to4) as that IPv4 address', () => {
    expect(generalizeIp('::ffff:203.0.113.5')).toBe('203.0.113.0/24');
    expect(generalizeIp('::ffff:cb00:7105')).toBe('203.0.113.0/24');
    expect(generalizeIp('64:ff9b::203.0.113.5')).toBe('203.0.113.0/24');
    // 6to4: 198.51.100.69 is c633:6445, whole inside a /48.
    expect(generalizeIp('2002:c633:6445::1')).toBe('198.51.100.0/24');
    expect(generalizeIp('2002:c633:6445:12::/64')).toBe('198.51.100.0/24');
    expect(generalizeIp('2002:c633::/32')).toBe('198.51.0.0/16');
    // A network shorter than where the IPv4 address starts holds none of it: an IPv6 network.
    expect(generalizeIp('2002::/16')).toBe('2002::/16');
    expect(generalizeIp('2002:c000:204::/8')).toBe('2000::/8');
    // Teredo keeps its client's address past bit 64; its /32 is the relay's prefix only.
    expect(generalizeIp('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toBe('2001::/32');
  });

  it('P-51 generalizes a private (ULA) or link-local IPv6 address to its kind alone: the bits after it are one site\'s', () => {
    expect(generalizeIp('fd00:1234:5678::1')).toBe('fc00::/7');
    expect(generalizeIp('fc12:3456::9')).toBe('fc00::/7');
    expect(generalizeIp('fe80::1ff:fe23:4567:890a')).toBe('fe80::/10');
  });

  it('P-51 keeps an already coarser network and narrows a finer one', () => {
    expect(generalizeIp('203.0.113.0/24')).toBe('203.0.113.0/24');
    expect(generalizeIp('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(generalizeIp('203.0.113.77/32')).toBe('203.0.113.0/24');
    expect(generalizeIp('2001:db8::/32')).toBe('2001:db8::/32');
    expect(generalizeIp('2001:db8::/16')).toBe('2001::/16');
    expect(generalizeIp('2001:db8:85a3:1::/64')).toBe('2001:db8::/32');
  });

  it('P-51 maps invalid addresses to null', () => {
    for (const bad of [
      '', ' ', 'localhost', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '203.0.113.5:8080',
      '2001:db8:::1', '1::2::3', '2001:db8:85a3:0:0:8a2e:370:7334:1', 'gggg::1', '::ffff:1.2.3.256',
      '1.2.3.4/33', '1.2.3.4/024', '::1/129', '*.*.*.*', '203.0.113.***', '1.2.3.256', '1.2.3.04', '1..2.3', '.1.2.3', '1.2.3.4.',
    ]) {
      expect(generalizeIp(bad)).toBeNull();
    }
  });

  it('P-51 maps null/undefined to null', () => {
    expect(generalizeIp(null)).toBeNull();
    expect(generalizeIp(undefined)).toBeNull();
  });

  it('P-51 rejects a very long input quickly', () => {
    expect(generalizeIp('1.'.repeat(50_000))).toBeNull();
    expect(generalizeIp('1:'.repeat(50_000))).toBeNull();
  });
});

describe('generalizeAmount', () => {
  it('P-51 generalizes an amount to the lower bound of its bucket', () => {
    const cases: Array<[number, number]> = [
      [0, 0], [7.5, 0], [10, 10], [49.99, 10], [50, 50], [99, 50], [100, 100], [499, 100],
      [500, 500], [742.5, 500], [999.99, 500], [1000, 1000], [4999, 1000], [5000, 5000],
      [9999, 5000], [10000, 10000], [99999.99, 10000], [100000, 100000], [999999, 100000],
      [1_000_000, 1_000_000], [123_456_789, 100_000_000],
    ];
    for (const [input, expected] of cases) expect(generalizeAmount(input)).toBe(expected);
  });

  it('P-51 returns a finite number, so a Float stays a Float', () => {
    for (const n of [0.01, 3, 1e9, Number.MAX_VALUE, 1e-300]) {
      const out = generalizeAmount(n);
      expect(typeof out).toBe('number');
      expect(Number.isFinite(out)).toBe(true);
      expect(out!).toBeLessThanOrEqual(n);
    }
  });

  it('P-51 returns 0 (not -0) for negative zero', () => {
    expect(Object.is(generalizeAmount(-0), 0)).toBe(true);
  });

  it('P-51 maps negative, NaN, infinite and non-number amounts to null', () => {
    expect(generalizeAmount(-1)).toBeNull();
    expect(generalizeAmount(Number.NaN)).toBeNull();
    expect(generalizeAmount(Number.POSITIVE_INFINITY)).toBeNull();
    expect(generalizeAmount('100' as unknown as number)).toBeNull();
    expect(generalizeAmount(null)).toBeNull();
    expect(generalizeAmount(undefined)).toBeNull();
  });

  it('P-51 is idempotent', () => {
    for (const n of [0, 7, 73, 742.5, 12345, 7_654_321]) {
      const once = generalizeAmount(n);
      expect(generalizeAmount(once)).toBe(once);
    }
  });
});

describe('dayOf', () => {
  const reference = (text: string) => {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
  };

  it('P-51 an instant becomes its UTC day, whatever way it is written, as Date reads it', () => {
    expect(dayOf('2026-11-30T12:10:08.300Z')).toBe('2026-11-30');
    expect(dayOf('2026-11-30T23:59:59Z')).toBe('2026-11-30');
    // Written with an offset, the UTC day may be another.
    expect(dayOf('2026-11-30T23:30:00-02:00')).toBe('2026-12-01');
    // A day past its month's end rolls over as Date.parse rolls it, never read off the text.
    expect(dayOf('2026-02-30T10:00:00.000Z')).toBe(reference('2026-02-30T10:00:00.000Z'));
    expect(dayOf('2024-02-29T00:00:00.000Z')).toBe('2024-02-29');
    expect(dayOf('not a date')).toBeNull();
    expect(dayOf('2026-13-01T00:00:00Z')).toBeNull();
  });

  it('P-51 every instant toISOString can write, and its neighbours in form, gives the day Date gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), fc.constantFrom('ms', 's', '29', '30', '31', 'offset'), (ms, form) => {
        const iso = new Date(ms).toISOString();
        const text = form === 'ms' ? iso : form === 's' ? `${iso.slice(0, 19)}Z` : form === 'offset' ? `${iso.slice(0, 19)}+05:30` : `${iso.slice(0, 8)}${form}${iso.slice(10)}`;
        expect(dayOf(text), text).toBe(reference(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
