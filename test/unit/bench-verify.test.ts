import { describe, expect, it } from 'vitest';
import { checkPrivacyAnswer } from '../../bench/verify.js';

const blocked = (path: (string | number)[], rule: string) => ({ message: `blocked by ${rule}`, path, extensions: { code: 'PRIVACY_BLOCKED', rule, paths: [path] } });

describe("the benchmark's answer check", () => {
  it('P-21 P-23 accepts a scrubbed note and a block on a value stored as null; refuses a withheld value the policy does not name', () => {
    const plain = { data: { storeOrders: [{ note: 'call 13812345678', invoiceHeader: null, consigneePhone: '13812345678', total: 10 }] } };
    const privacy = {
      data: { storeOrders: [{ note: 'call [phone]', invoiceHeader: null, consigneePhone: '138****5678', total: 10 }] },
      errors: [blocked(['storeOrders', 0, 'invoiceHeader'], 'P-23')],
    };
    const ok = checkPrivacyAnswer('store-orders', 'privacy', plain, privacy);
    expect(ok.problems).toEqual([]);
    expect(ok.summary).toBe('note: scrub 1, consigneePhone: mask 1');

    const wrong = checkPrivacyAnswer('store-orders', 'privacy', plain, {
      data: { storeOrders: [{ note: 'call [phone]', invoiceHeader: null, consigneePhone: '138****5678', total: null }] },
      errors: [blocked(['storeOrders', 0, 'total'], 'P-21')],
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems).toEqual(['storeOrders.0.total: total block is not what the policy says (10 → null)']);
  });
});
