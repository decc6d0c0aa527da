/**
 * P-21 gives the store an order's taxpayer id and never the buyer's national id: a private buyer
 * has no taxpayer id but their resident id, and writes that on the invoice. Such a value is
 * masked; a company's (a unified social credit code, a VAT or employer number) is read as written.
 * The shapes are the ones a person's id takes: a resident id (18 characters, or the older 15
 * digits) whose birth date is a date, and a social security number (3-2-4 digits, or nine bare
 * digits, which an employer number never is: it is written 2-7).
 */
const RESIDENT_ID = /^\d{6}(?:(19|20)\d{2})(\d{2})(\d{2})\d{3}[\dX]$/i;
const OLD_RESIDENT_ID = /^\d{6}\d{2}(\d{2})(\d{2})\d{3}$/;
const SOCIAL_SECURITY = /^\d{3}([- ]?)\d{2}\1\d{4}$/;

function isMonthDay(month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Whether a taxpayer id as written is a person's id rather than a company's. */
export function readsAsPersonalId(value: string): boolean {
  const id = value.trim();
  const resident = RESIDENT_ID.exec(id);
  if (resident) return isMonthDay(resident[2]!, resident[3]!);
  const old = OLD_RESIDENT_ID.exec(id);
  if (old) return isMonthDay(old[1]!, old[2]!);
  return SOCIAL_SECURITY.test(id);
}
