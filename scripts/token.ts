/**
 * Prints a signed development token, signed with the dev keys in `$DATA_DIR/dev-keys/`.
 *
 *   npx tsx scripts/token.ts --persona buyer
 *   npx tsx scripts/token.ts --role merchant --sub u-1 --store deer-outfitters --expires 1h
 *   npx tsx scripts/token.ts --list
 *
 * The roles and their bindings are those of the policy file (POLICY_FILE, else directives/policy.json).
 *
 * Only the token goes to stdout, so `curl -H "Authorization: Bearer $(npm run -s token -- --persona buyer)"`
 * works. Usage errors go to stderr with exit code 2.
 */
import { parseArgs } from 'node:util';
import { bindingKey, missingClaims } from '../directives/caller.js';
import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { MAX_TOKEN_LIFETIME_S } from '../gateway/identity.js';
import { PERSONAS, PERSONA_NAMES, isPersonaName } from '../gateway/personas.js';
import type { TokenClaims } from '../gateway/personas.js';
import { signToken, tokenForPersona } from '../gateway/sign-token.js';

const usage = (policy: PolicyConfig) => `usage:
  token --persona <name> [--expires <span>]     sign a token for a demo persona
  token --role <role> --sub <id> [--store <id>] [--carrier <id>] [--partner <id>]
        [--project <id>] [--case <ref>] [--provider <id>] [--institution <id>]
        [--expires <span>]
                                                sign a token for any caller
  token --list                                  list the personas
  token --help

  --expires  a time span such as 15m, 1h, 8h, 2d, at most 7d (default 8h)
  roles:     ${Object.keys(policy.roles).filter((role) => role !== 'visitor').join(', ')} (the policy file's)
  bindings:  ${Object.entries(policy.roles)
    .filter(([, spec]) => bindingKey(spec.binding))
    .map(([role, spec]) => `${role} needs --${spec.binding}`)
    .join(', ')}
  keys:      $DATA_DIR/dev-keys/ (default .data/dev-keys/), generated on first use`;

/** jose's time-span grammar, positive spans only. */
const TIME_SPAN = /^(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_557_600 };
/** The span's length in seconds (`90m` is 5400). */
function spanSeconds(span: string): number {
  const [, amount, unit] = TIME_SPAN.exec(span)!;
  const letter = unit!.toLowerCase().startsWith('min') ? 'm' : unit!.toLowerCase()[0]!;
  return Number(amount) * (UNIT_SECONDS[letter] ?? Number.NaN);
}

const BINDING_FLAGS = ['sub', 'store', 'carrier', 'partner', 'project', 'case', 'provider', 'institution'] as const;

class UsageError extends Error {}

let loaded: PolicyConfig | undefined;
const policy = () => (loaded ??= loadPolicyConfig());

function parse() {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        persona: { type: 'string' },
        role: { type: 'string' },
        sub: { type: 'string' },
        store: { type: 'string' },
        carrier: { type: 'string' },
        partner: { type: 'string' },
        project: { type: 'string' },
        case: { type: 'string' },
        provider: { type: 'string' },
        institution: { type: 'string' },
        expires: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function listPersonas(): string {
  const width = Math.max(...PERSONA_NAMES.map((name) => name.length));
  return PERSONA_NAMES.map((name) => {
    const persona = PERSONAS[name]!;
    const role = persona.claims?.role ?? 'visitor';
    const purpose = persona.purpose ?? '-';
    return `${name.padEnd(width)}  ${role.padEnd(15)}  ${purpose.padEnd(37)}  ${persona.description}`;
  }).join('\n');
}

async function main(): Promise<number> {
  const args = parse();
  if (args.help) {
    process.stdout.write(usage(policy()) + '\n');
    return 0;
  }
  const modes = [args.persona !== undefined, args.role !== undefined, args.list === true].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give exactly one of --persona, --role and --list');

  if (args.list) {
    if (BINDING_FLAGS.some((flag) => args[flag] !== undefined) || args.expires !== undefined) {
      throw new UsageError('--list takes no other options');
    }
    process.stdout.write(listPersonas() + '\n');
    return 0;
  }

  if (args.expires !== undefined && !TIME_SPAN.test(args.expires)) {
    throw new UsageError(`--expires must be a time span such as 15m, 1h or 2d`);
  }
  // The gateway refuses a token valid for more than a week (gateway/identity.ts); one already expired is of no use.
  if (args.expires !== undefined && !(spanSeconds(args.expires) > 0 && spanSeconds(args.expires) <= MAX_TOKEN_LIFETIME_S)) {
    throw new UsageError(`--expires must be more than 0 and at most ${MAX_TOKEN_LIFETIME_S / 86_400}d: the gateway refuses longer-lived tokens`);
  }
  const expiresIn = args.expires ?? '8h';

  if (args.persona !== undefined) {
    const name = args.persona;
    if (BINDING_FLAGS.some((flag) => args[flag] !== undefined)) {
      throw new UsageError('--persona takes its claims from the persona; use --role for custom claims');
    }
    if (!isPersonaName(name)) throw new UsageError(`unknown persona "${name}"; known: ${PERSONA_NAMES.join(', ')}`);
    const token = await tokenForPersona(name, await loadDevKeys(), { expiresIn });
    if (token === null) {
      process.stderr.write('the visitor sends no token: omit the Authorization header\n');
      return 0;
    }
    process.stdout.write(token + '\n');
    return 0;
  }

  const role = args.role!;
  const spec = Object.hasOwn(policy().roles, role) ? policy().roles[role]! : undefined;
  if (!spec) throw new UsageError(`unknown role "${role}" (not a role of the policy file)`);
  if (role === 'visitor') throw new UsageError('the visitor has no token: omit the Authorization header');
  const missing = missingClaims(role, spec.binding, args);
  if (missing.length > 0) {
    throw new UsageError(`role ${role} needs ${missing.map((claim) => `--${claim}`).join(' and ')}`);
  }
  for (const flag of ['store', 'carrier', 'partner', 'project', 'provider', 'institution'] as const) {
    if (args[flag] !== undefined && bindingKey(spec.binding) !== flag) {
      // The verifier drops a binding that is not the role's; refuse it here rather than sign it silently.
      throw new UsageError(`--${flag} does not apply to role ${role}`);
    }
  }
  const claims: TokenClaims = { role, sub: args.sub! };
  for (const flag of BINDING_FLAGS) {
    const value = args[flag];
    if (flag !== 'sub' && value !== undefined && value !== '') claims[flag] = value;
  }
  const keys = await loadDevKeys();
  process.stdout.write((await signToken(claims, { privateKey: keys.privateKey, kid: keys.publicJwk.kid, expiresIn })) + '\n');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      let help = '';
      try {
        help = `\n\n${usage(policy())}`;
      } catch {}
      process.stderr.write(`token: ${error.message}${help}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`token: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
