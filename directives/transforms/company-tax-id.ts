/**
 * P-21 gives the store an order's taxpayer id and never the buyer's national id: a private buyer
 * has no taxpayer id but their national id, and writes that on the invoice, in whatever form. So
 * a taxpayer id is read as written only when it has the shape of a company's registration:
 * - a unified social credit code (18 characters of its alphabet) that is not a resident id (all
 *   digits, maybe a last X, with a birth date in its 7th to 14th);
 * - a US employer number written as such (`12-3456789`);
 * - a European VAT number (a country's two capitals, then 8 to 12 digits and capitals, a digit first).
 * Anything else, a person's id of any country, spaced, prefixed or in full-width digits, is masked.
 */
const SOCIAL_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const RESIDENT_ID = /^\d{6}(?:19|20)\d{2}(\d{2})(\d{2})\d{3}[\dX]$/;
const EMPLOYER_NUMBER = /^\d{2}-\d{7}$/;
const VAT_NUMBER = /^[A-Z]{2}\d[0-9A-Z]{7,11}$/;

/** Whether a taxpayer id as written is a company's (read as written) rather than a person's (masked). */
export function readsAsCompanyTaxId(value: string): boolean {
  // Read as it shows: full-width characters as their ASCII, invisible characters dropped.
  const id = value.normalize('NFKC').replace(/\p{Cf}/gu, '').trim();
  if (SOCIAL_CREDIT_CODE.test(id)) {
    const resident = RESIDENT_ID.exec(id);
    return !(resident && Number(resident[1]) >= 1 && Number(resident[1]) <= 12 && Number(resident[2]) >= 1 && Number(resident[2]) <= 31);
  }
  return EMPLOYER_NUMBER.test(id) || VAT_NUMBER.test(id);
}
