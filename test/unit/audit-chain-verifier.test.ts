import { describe, expect, it } from 'vitest';
import { chainAuditRecords, createChainVerifier, type ChainedAuditRecord } from '../../gateway/audit/audit-chain.js';

const KEY = 'a test chain key';
const decision = { subject: 'm-buyer', fieldPath: 'me.phone', coordinate: 'Member.phone', outcome: 'allow', rule: 'P-01' };
const chain = () =>
  chainAuditRecords(KEY, null, [1, 2, 3].map((i) => ({ at: new Date(Date.UTC(2026, 0, i)), requestId: `req-${i}`, callerSub: 'm-buyer', role: 'customer', purpose: null, caseRef: null, decisions: [decision] })));
const verify = (records: ChainedAuditRecord[]) => {
  const verifier = createChainVerifier(KEY);
  for (const r of records) if (!verifier.check(r, ['m-buyer'])) break;
  return verifier.finish();
};

describe('the audit chain verifier names an edited record, whatever its columns hold (P-80)', () => {
  it('P-80 the untouched chain verifies', () => {
    expect(verify(chain())).toMatchObject({ ok: true, records: 3, head: { seq: 3 } });
  });

  it('P-80 a seq edited into text or a fraction is named by the place it holds, as edited', () => {
    for (const seq of ['x', 2.5, '3abc'] as unknown as number[]) {
      const records = chain();
      records[1] = { ...records[1]!, seq };
      const verdict = verify(records);
      expect(verdict, String(seq)).toMatchObject({ ok: false, firstBad: { seq: 2, problem: 'edited' } });
      if (!verdict.ok) expect(verdict.firstBad.message).toMatch(/^record seq 2 \(request req-2\): its seq reads .* not a whole number; the record was edited$/);
    }
  });

  it('P-80 a time no clock reads is named as edited', () => {
    const records = chain();
    records[2] = { ...records[2]!, at: 'garbage' };
    expect(verify(records)).toMatchObject({ ok: false, firstBad: { seq: 3, problem: 'edited' } });
  });
});
