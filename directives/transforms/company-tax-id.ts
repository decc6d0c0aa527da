/**
 * P-21 gives the store an order's taxpayer id and never the buyer's national id: a private buyer
 * has no taxpayer id but their national id, and writes that on the invoice, in whatever form. So
 * a taxpayer id is read as written only when it has the shape of a company's registration:
 * - a unified social credit code (18 characters of its alphabet, spaces and hyphens aside) that
 *   is not a resident id (seventeen digits with a birth date in the 7th to 14th, whatever the last);
 * - a US employer number written as such (`12-3456789`), under a prefix the IRS assigns.
 * Anything else is masked: a person's id of any country, spaced, prefixed or in full-width digits,
 * and with it a foreign company's VAT number, whose shapes a person's id shares (`CZ8001011234`
 * is a Czech individual's, `US078051120` an SSN behind a prefix): the protective reading.
 */
const SOCIAL_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const RESIDENT_ID = /^\d{6}(?:18|19|20)\d{2}(\d{2})(\d{2})\d{3}/;
const EMPLOYER_NUMBER = /^(\d{2})-\d{7}$/;
/** The prefixes the IRS assigns employer numbers under (its campus list): `07-8051120` is no EIN but an SSN regrouped. */
const EIN_PREFIXES = new Set(['01', '02', '03', '04', '05', '06', ...range(10, 16), ...range(20, 27), ...range(30, 48), ...range(50, 68), ...range(71, 77), ...range(80, 88), ...range(90, 95), '98', '99']);

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));
}

/** Whether a taxpayer id as written is a company's (read as written) rather than a person's (masked). */
export function readsAsCompanyTaxId(value: string): boolean {
  // Read as it shows: full-width characters as their ASCII, invisible characters dropped.
  const id = value.normalize('NFKC').replace(/\p{Cf}/gu, '').trim();
  const employer = EMPLOYER_NUMBER.exec(id);
  if (employer) return EIN_PREFIXES.has(employer[1]!);
  const code = id.replace(/[\s-]/g, '');
  if (!SOCIAL_CREDIT_CODE.test(code)) return false;
  const resident = RESIDENT_ID.exec(code);
  return !(resident && Number(resident[1]) >= 1 && Number(resident[1]) <= 12 && Number(resident[2]) >= 1 && Number(resident[2]) <= 31);
}
