/**
 * P-21 gives the store an order's taxpayer id and never the buyer's national id: a private buyer
 * has no taxpayer id but their national id, and writes that on the invoice, in whatever form. So
 * a taxpayer id is read as written only when it has the shape of a company's registration:
 * - a unified social credit code (18 characters of its alphabet, spaces and hyphens aside) that
 *   is not a resident id (seventeen digits with a birth date in the 7th to 14th, whatever the last);
 * - a US employer number written as such (`12-3456789`).
 * Anything else is masked: a person's id of any country, spaced, prefixed or in full-width digits,
 * and with it a foreign company's VAT number, whose shapes a person's id shares (`CZ8001011234`
 * is a Czech individual's, `US078051120` an SSN behind a prefix): the protective reading.
 */
const SOCIAL_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const RESIDENT_ID = /^\d{6}(?:18|19|20)\d{2}(\d{2})(\d{2})\d{3}/;
const EMPLOYER_NUMBER = /^\d{2}-\d{7}$/;

/** Whether a taxpayer id as written is a company's (read as written) rather than a person's (masked). */
export function readsAsCompanyTaxId(value: string): boolean {
  // Read as it shows: full-width characters as their ASCII, invisible characters dropped.
  const id = value.normalize('NFKC').replace(/\p{Cf}/gu, '').trim();
  if (EMPLOYER_NUMBER.test(id)) return true;
  const code = id.replace(/[\s-]/g, '');
  if (!SOCIAL_CREDIT_CODE.test(code)) return false;
  const resident = RESIDENT_ID.exec(code);
  return !(resident && Number(resident[1]) >= 1 && Number(resident[1]) <= 12 && Number(resident[2]) >= 1 && Number(resident[2]) <= 31);
}
