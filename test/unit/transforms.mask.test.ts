import { describe, expect, it } from 'vitest';
import {
  MASK_KINDS,
  isMaskKind,
  mask,
  maskCard,
  maskEmail,
  maskGeneric,
  maskName,
  maskNationalId,
  maskPhone,
  type MaskKind,
} from '../../directives/transforms/mask.js';

const codePoints = (s: string): number => Array.from(s).length;

describe('maskPhone', () => {
  it('P-21 masks the consignee phone to first 3 and last 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('P-21 drops separators of a grouped domestic number', () => {
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone(' 138 1234 5678 ')).toBe('138****5678');
    expect(maskPhone('(415) 555-0100')).toBe('****0100');
  });

  it('P-23 keeps the + and country code of an international number readable', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86 138****5678');
    expect(maskPhone('+44 20 7946 0958')).toBe('+44 ****0958');
    expect(maskPhone('+1 (415) 555-0100')).toBe('+1 ****0100');
    expect(maskPhone('+7 495 123-45-67')).toBe('+7 ****4567');
    expect(maskPhone('+852 9123 4567')).toBe('+852 ****4567');
    expect(maskPhone('(+86) 13812345678')).toBe('+86 138****5678');
  });

  it('P-40 never shows more than first 3 and last 4 digits, whatever the length', () => {
    for (const phone of ['13812345678', '+44 20 7946 0958', '0086-10-1234-5678-99']) {
      const out = maskPhone(phone)!;
      const national = out.includes(' ') ? out.split(' ')[1] : out;
      expect(national.replace(/\*/g, '').length).toBeLessThanOrEqual(7);
      expect(out).toContain('*');
    }
  });

  it('P-21 P-40 a shorter number keeps less: 8 to 10 digits their last 4, 6 or 7 their last 2, fewer nothing; always four stars, so the mask tells neither the length nor all but one digit', () => {
    // 123*5678 left ten candidates for an 8-digit number.
    expect(maskPhone('12345678')).toBe('****5678');
    expect(maskPhone('4155550100')).toBe('****0100');
    expect(maskPhone('5550100')).toBe('****00');
    expect(maskPhone('555010')).toBe('****10');
    for (const short of ['12345', '123', '42', '7']) expect(maskPhone(short), short).toBe('****');
    // Each masks to itself.
    for (const phone of ['12345678', '5550100', '13812345678', '+852 9123 4567', '12']) expect(maskPhone(maskPhone(phone)), phone).toBe(maskPhone(phone));
  });

  it('P-40 maps null and undefined to null, and empty or blank to empty', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
    expect(maskPhone('')).toBe('');
    expect(maskPhone('   ')).toBe('');
  });

  it('P-40 hides text that has no digits at all', () => {
    expect(maskPhone('call my office')).toBe('***');
    expect(maskPhone('+')).toBe('***');
  });

  it('P-21 is idempotent on an already masked phone', () => {
    expect(maskPhone('138****5678')).toBe('138****5678');
    expect(maskPhone('+86 138****5678')).toBe('+86 138****5678');
    expect(maskPhone('****')).toBe('****');
  });

  it('P-21 reads full-width digits and a phone stored as a number', () => {
    expect(maskPhone('１３８１２３４５６７８')).toBe('138****5678');
    expect(maskPhone(13812345678)).toBe('138****5678');
    expect(maskPhone(13812345678n)).toBe('138****5678');
  });

  it('P-82 fails closed on values that are not text', () => {
    expect(maskPhone(Number.NaN)).toBeNull();
    expect(maskPhone({} as unknown as string)).toBeNull();
  });

  it('P-40 handles a very long input and returns a string', () => {
    expect(maskPhone('9'.repeat(100_000))).toBe('999****9999');
  });
});

describe('maskEmail', () => {
  it('P-21 masks an e-mail to its first character, *** and the domain', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
  });

  it('P-40 hides the local part length (fixed ***)', () => {
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
    expect(maskEmail('bartholomew.longname@example.com')).toBe('b***@example.com');
  });

  it('P-40 masks a malformed e-mail without @ to ***', () => {
    expect(maskEmail('alice.example.com')).toBe('***');
    expect(maskEmail('a')).toBe('***');
    expect(maskEmail('ab')).toBe('***');
  });

  it('P-40 masks other malformed e-mails (empty local part, empty domain, whitespace) to ***', () => {
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('alice@')).toBe('***');
    expect(maskEmail('@')).toBe('***');
    expect(maskEmail('alice smith@example.com')).toBe('***');
    expect(maskEmail('John <john@example.com>')).toBe('***');
  });

  it('P-40 uses the last @ so a quoted local part never leaks', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
  });

  it('P-40 trims surrounding whitespace', () => {
    expect(maskEmail('  alice@example.com \n')).toBe('a***@example.com');
  });

  it('P-40 keeps a whole Unicode first character (Chinese, emoji, combining accent)', () => {
    expect(maskEmail('张三@例子.中国')).toBe('张***@例子.中国');
    expect(maskEmail('👩‍💻dev@example.com')).toBe('👩‍💻***@example.com');
    expect(maskEmail('e\u0301lise@example.fr')).toBe('\u00e9***@example.fr');
  });

  it('P-21 is idempotent on an already masked e-mail', () => {
    expect(maskEmail('a***@example.com')).toBe('a***@example.com');
    expect(maskEmail('***')).toBe('***');
  });

  it('P-40 maps null/undefined to null and empty to empty', () => {
    expect(maskEmail(null)).toBeNull();
    expect(maskEmail(undefined)).toBeNull();
    expect(maskEmail('')).toBe('');
  });

  it('P-40 handles a very long e-mail', () => {
    expect(maskEmail(`${'x'.repeat(100_000)}@example.com`)).toBe('x***@example.com');
  });
});

describe('maskNationalId', () => {
  it('P-03 shows a national id with first and last character only, four stars between: its length is not told', () => {
    expect(maskNationalId('11010519491231002X')).toBe('1****X');
    expect(maskNationalId('110105491231002')).toBe('1****2');
  });

  it('P-40 masks a passport-style id the same way', () => {
    expect(maskNationalId('AB1234567')).toBe('A****7');
  });

  it('P-03 shows nothing of ids shorter than 6 characters', () => {
    expect(maskNationalId('A')).toBe('****');
    expect(maskNationalId('AB')).toBe('****');
    expect(maskNationalId('ABCDE')).toBe('****');
    expect(maskNationalId('ABCDEF')).toBe('A****F');
    expect(maskNationalId('')).toBe('');
  });

  it('P-03 counts Unicode code points, not UTF-16 units', () => {
    expect(maskNationalId('😀1234😀')).toBe('😀****😀');
  });

  it('P-03 trims outer whitespace', () => {
    expect(maskNationalId(' 110105 1949 ')).toBe('1****9');
  });

  it('P-03 is idempotent on an already masked id', () => {
    expect(maskNationalId('1****X')).toBe('1****X');
    expect(maskNationalId('****')).toBe('****');
  });

  it('P-03 maps null/undefined to null', () => {
    expect(maskNationalId(null)).toBeNull();
    expect(maskNationalId(undefined)).toBeNull();
  });
});

describe('maskCard', () => {
  it('P-24 shows the card number\'s last four, not a CVV or an expiry written after it', () => {
    expect(maskCard('4111 1111 1111 1111, cvv 737')).toBe('**** **** **** 1111');
    expect(maskCard('4111-1111-1111-1234 exp 12/27')).toBe('**** **** **** 1234');
  });

  it('P-24 shows a full card number as its last four digits', () => {
    expect(maskCard('4111111111111111')).toBe('**** **** **** 1111');
    expect(maskCard('4111 1111 1111 1234')).toBe('**** **** **** 1234');
    expect(maskCard('6222-0212-3456-7890-123')).toBe('**** **** **** 0123');
  });

  it('P-24 formats a stored last-4 the same way', () => {
    expect(maskCard('1234')).toBe('**** **** **** 1234');
  });

  it('P-24 never lets more than four digits through', () => {
    const out = maskCard('378282246310005')!;
    expect(out.replace(/\D/g, '')).toBe('0005');
  });

  it('P-24 stars a value with fewer than four digits completely', () => {
    expect(maskCard('12')).toBe('**** **** **** ****');
    expect(maskCard('n/a')).toBe('**** **** **** ****');
  });

  it('P-24 is idempotent on an already masked card', () => {
    expect(maskCard('**** **** **** 1234')).toBe('**** **** **** 1234');
  });

  it('P-24 maps null/undefined to null and empty to empty', () => {
    expect(maskCard(null)).toBeNull();
    expect(maskCard(undefined)).toBeNull();
    expect(maskCard('')).toBe('');
    expect(maskCard('  ')).toBe('');
  });

  it('P-24 handles a very long input', () => {
    expect(maskCard('5'.repeat(100_000) + '4321')).toBe('**** **** **** 4321');
  });
});

describe('maskName', () => {
  it('P-03 shows a Chinese name as its first character then three stars', () => {
    expect(maskName('张三')).toBe('张***');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('P-21 P-23 masks a Latin name to its first character and three stars, so the mask does not tell the name\'s length', () => {
    expect(maskName('Zoë Smith')).toBe('Z***');
    expect(maskName('Al')).toBe('A***');
    expect(maskName('Alexandra Konstantinopoulou')).toBe('A***');
    // Two names of one initial mask alike, whatever their lengths.
    expect(maskName('Alice Walker')).toBe(maskName('Ann Lee'));
  });

  it('P-23 masks decomposed and precomposed accents alike (NFC)', () => {
    expect(maskName('Zoe\u0308 Smith')).toBe('Z***');
    expect(maskName('E\u0301mile')).toBe('\u00c9***');
  });

  it('P-23 keeps an emoji first character whole', () => {
    const family = '👩‍👩‍👧';
    expect(maskName(`${family} Fam`)).toBe(`${family}***`);
  });

  it('P-03 stars a one-character name completely (first character would be the whole name)', () => {
    expect(maskName('张')).toBe('***');
    expect(maskName('A')).toBe('***');
  });

  it('P-03 trims whitespace and maps blank to empty', () => {
    expect(maskName('  张三  ')).toBe('张***');
    expect(maskName('   ')).toBe('');
    expect(maskName('')).toBe('');
  });

  it('P-03 is idempotent on an already masked name', () => {
    expect(maskName('张***')).toBe('张***');
    expect(maskName('Z***')).toBe('Z***');
    expect(maskName('***')).toBe('***');
  });

  it('P-03 maps null/undefined to null', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName(undefined)).toBeNull();
  });

  it('P-03 handles a very long name', () => {
    expect(maskName('名'.repeat(100_000))).toBe('名***');
  });
});

describe('maskGeneric', () => {
  it('P-40 keeps the first character and three stars', () => {
    expect(maskGeneric('secret')).toBe('s***');
    expect(maskGeneric('x')).toBe('***');
    expect(maskGeneric(null)).toBeNull();
  });
});

describe('mask (dispatch by kind)', () => {
  it('P-21 dispatches every MaskKind to its mask', () => {
    const cases: Array<[MaskKind, string, string]> = [
      ['phone', '13812345678', '138****5678'],
      ['email', 'alice@example.com', 'a***@example.com'],
      ['national_id', '11010519491231002X', '1****X'],
      ['card', '4111111111111111', '**** **** **** 1111'],
      ['name', '张三', '张***'],
      ['generic', 'hello', 'h***'],
    ];
    for (const [kind, input, expected] of cases) expect(mask(kind, input)).toBe(expected);
    expect(cases.map(([kind]) => kind).sort()).toEqual([...MASK_KINDS].sort());
  });

  it('P-40 maps null/undefined to null for every kind', () => {
    for (const kind of MASK_KINDS) {
      expect(mask(kind, null)).toBeNull();
      expect(mask(kind, undefined)).toBeNull();
    }
  });

  it('P-40 always returns a string for string input, for every kind', () => {
    const hostile = ['', 'a', 'ab', '*', '***', '  ', '张', '😀', 'e\u0301', '@', '+', 'x'.repeat(10_000)];
    for (const kind of MASK_KINDS) {
      for (const input of hostile) expect(typeof mask(kind, input)).toBe('string');
    }
  });

  it('P-82 throws on an unknown kind instead of passing the value through', () => {
    expect(() => mask('nope' as MaskKind, 'secret')).toThrow(TypeError);
  });

  it('P-82 validates configured kinds with isMaskKind', () => {
    expect(isMaskKind('phone')).toBe(true);
    expect(isMaskKind('Phone')).toBe(false);
    expect(isMaskKind(undefined)).toBe(false);
  });
});
