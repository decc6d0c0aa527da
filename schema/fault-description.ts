/** A quoted literal in a driver's message: SQL values ('m-buyer') and PostgreSQL's details (Key (id)=(m-buyer)). */
const LITERAL = /'(?:[^']|'')*'|=\([^)]*\)/g;
/** Digit runs and e-mail addresses that are left over (phone numbers, ids in plain text). */
const BARE_VALUE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d{5,}/g;

/**
 * What went wrong, for the operator's log, without the values: the error's class and driver code,
 * and its message with every literal and long number replaced by `?` ("no such table: accounts_member" stays).
 */
export function describeFault(error: unknown): string {
  const e = (error instanceof Error ? error : new Error(String(error))) as Error & { code?: unknown; originalError?: unknown };
  const inner = e.originalError instanceof Error ? (e.originalError as Error & { code?: unknown }) : e;
  const code = typeof inner.code === 'string' || typeof inner.code === 'number' ? ` ${inner.code}` : '';
  return `${inner.name}${code}: ${valueFree(inner.message)}`;
}

/** A message with its literals and long numbers replaced by `?`. */
export function valueFree(message: string): string {
  return message.replace(LITERAL, '?').replace(BARE_VALUE, '?');
}

/** A logger (yoga's `logging`) that writes warnings and errors as {@link describeFault} does, and nothing below them. */
export function valueFreeLogger(prefix: string): { debug: (...args: unknown[]) => void; info: (...args: unknown[]) => void; warn: (...args: unknown[]) => void; error: (...args: unknown[]) => void } {
  const line = (args: unknown[]) => `${prefix}: ${args.map((a) => (a instanceof Error ? describeFault(a) : valueFree(String(a)))).join(' ')}`;
  return {
    debug: () => {},
    info: () => {},
    warn: (...args) => console.warn(line(args)),
    error: (...args) => console.error(line(args)),
  };
}
