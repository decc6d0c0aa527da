/**
 * The gateway's settings read from the environment, one rule for all: absent or empty is the
 * default; any other value that is not of the kind asked is refused at start, naming the variable
 * (quoting at most 40 characters of what it held).
 */
type Env = Record<string, string | undefined>;

const shown = (raw: string) => raw.slice(0, 40);

/** A whole number of milliseconds, `0` for off. */
export function millisecondsFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number of milliseconds (0: off), not '${shown(raw)}'`);
  return Number(raw);
}

/** A whole number above zero. */
export function positiveFromEnv(name: string, fallback: number, env: Env = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return positiveInteger(raw.trim(), name);
}

/** `raw` as a whole number above zero (a safe integer), or an error naming `name`. */
export function positiveInteger(raw: string, name: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new Error(`${name} must be a positive integer, got '${shown(raw)}'`);
  return Number(raw);
}

/** `on` or `off` (the default). */
export function onOffFromEnv(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'off') return false;
  if (raw === 'on') return true;
  throw new Error(`${name} must be on or off, not '${shown(raw)}'`);
}
