import type { ErrorExtensions, GraphQLError, PrivacyBlockedError, PrivacyExtension } from './generated/response.js';

/** Where and as whom a partner client calls the gateway. */
export interface PartnerConnection {
  /** The gateway's GraphQL endpoint, e.g. https://gateway.example/graphql. */
  endpoint: string;
  /** The partner's bearer token. */
  token: string;
  /** Sent as `x-purpose`; the registered documents of a role run under its declared purpose. */
  purpose: string;
  /** How many 429 answers to wait out before giving up. */
  maxRetries?: number;
  /** Waits between retries; a test may shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

/** A page's answer: data, the errors the policy raised for single fields, and its privacy block. */
export interface PartnerAnswer<T> {
  data: T;
  errors: GraphQLError[];
  privacy: PrivacyExtension | undefined;
}

/** The request failed as a whole: the code is one of contracts/response.schema.json, or RATE_LIMITED / HTTP_<status>. */
export class PartnerRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'PartnerRequestError';
  }
}

export const isPrivacyBlocked = (extensions: ErrorExtensions | undefined): extensions is PrivacyBlockedError => extensions?.code === 'PRIVACY_BLOCKED';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a registered document by its id (the gateway serves partner roles only registered
 * documents, never query text). A 429 is waited out for its `retry-after` seconds; a field the
 * policy withheld arrives as null with a PRIVACY_BLOCKED error and does not fail the page.
 */
export async function runDocument<T>(connection: PartnerConnection, documentId: string, variables: Record<string, unknown>): Promise<PartnerAnswer<T>> {
  const sleep = connection.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(connection.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${connection.token}`, 'x-purpose': connection.purpose },
      body: JSON.stringify({ documentId, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: GraphQLError[]; extensions?: { privacy?: PrivacyExtension } };
    const errors = body.errors ?? [];
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      if (attempt >= (connection.maxRetries ?? 3)) throw new PartnerRequestError('RATE_LIMITED', `rate limited; retry after ${retryAfter} s`, 429);
      await sleep(Math.max(1, retryAfter) * 1000);
      continue;
    }
    if (!response.ok || body.data == null) {
      const first = errors[0];
      const code = (first?.extensions as { code?: string } | undefined)?.code ?? `HTTP_${response.status}`;
      throw new PartnerRequestError(code, first?.message ?? `the gateway answered ${response.status}`, response.status);
    }
    return { data: body.data, errors, privacy: body.extensions?.privacy };
  }
}

/**
 * The root field a document asked for. Root fields are nullable (one refused field does not empty
 * the others' answers): one that came back null fails with its error's code, e.g. a cursor refused
 * with BAD_USER_INPUT.
 */
export function rootField<T, K extends keyof T>(answer: PartnerAnswer<T>, field: K): NonNullable<T[K]> {
  const value = answer.data[field];
  if (value != null) return value as NonNullable<T[K]>;
  const error = answer.errors.find((e) => e.path?.[0] === field) ?? answer.errors[0];
  const code = (error?.extensions as { code?: string } | undefined)?.code ?? 'NO_DATA';
  throw new PartnerRequestError(code, error?.message ?? `the gateway answered no ${String(field)}`, 200);
}

/** The schema coordinates the policy withheld in a page (PRIVACY_BLOCKED errors), e.g. Order.taxpayerId. */
export const blockedFields = (errors: GraphQLError[]): string[] =>
  errors.flatMap((error) => (isPrivacyBlocked(error.extensions) && error.extensions.field ? [error.extensions.field] : []));

/** Reads `--name value` options of a CLI; a missing required one ends the process with its usage. */
export function cliOptions(argv: string[], required: string[], usage: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--') && i + 1 < argv.length) options[arg.slice(2)] = argv[++i]!;
  }
  const missing = required.filter((name) => !options[name]);
  if (missing.length > 0) {
    process.stderr.write(`missing ${missing.map((m) => `--${m}`).join(', ')}\nusage: ${usage}\n`);
    process.exit(2);
  }
  return options;
}

/**
 * Runs a command-line client: what fails is said in one line on stderr (the gateway's refusal with
 * its code, or why the gateway could not be reached), exit status 1, and no stack trace.
 */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const line =
      error instanceof PartnerRequestError
        ? `${error.code}: ${error.message}`
        : cause
          ? `the gateway could not be reached (${cause.code ?? cause.message ?? 'network error'}): check --endpoint, a full URL such as http://127.0.0.1:4000/graphql`
          : (error as Error).message;
    process.stderr.write(`error: ${line}\n`);
    process.exitCode = 1;
  }
}
