import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret the marketplace's processes cannot run without in production. Its message is one line
 * meant for the operator; the start scripts print it and exit, without a stack trace.
 */
export class MissingSecretError extends Error {
  constructor(readonly variable: string, purpose: string) {
    super(`${variable} must be set when NODE_ENV=production (${purpose})`);
    this.name = 'MissingSecretError';
  }
}

/**
 * The secret shared by the gateway and the subgraphs, which signs every call the gateway makes to a
 * subgraph (schema/caller-envelope.ts, schema/contract-signing.ts). From SUBGRAPH_SIGNING_SECRET;
 * outside production, generated once under DATA_DIR so that every process of `npm start` and of a
 * test marketplace (which share DATA_DIR) agrees on it. Production refuses to run without it.
 */
export function loadSigningSecret(env: NodeJS.ProcessEnv = process.env): string {
  return secretFromEnvOrDataDir(env, 'SUBGRAPH_SIGNING_SECRET', 'subgraph-signing-secret', 'the gateway signs its calls to the subgraphs with it');
}

/**
 * A secret from `variable`, or (outside production) from `<DATA_DIR>/<file>`, generated there on
 * first use. Concurrent first uses agree: the file is created exclusively and the loser reads it.
 */
export function secretFromEnvOrDataDir(env: NodeJS.ProcessEnv, variable: string, file: string, purpose: string): string {
  const given = env[variable];
  if (given) return given;
  if (env.NODE_ENV === 'production') throw new MissingSecretError(variable, purpose);
  const dir = env.DATA_DIR ?? '.data';
  const path = join(dir, file);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // A file caught between its creation and its write reads empty: read again once it is written.
  for (let attempt = 0; attempt < 100; attempt++) {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret) return secret;
  }
  throw new Error(`${path} is empty; delete it to generate a new secret`);
}

/**
 * The start scripts' check before anything starts: null, or the one line naming the secrets that
 * production lacks (printed as is, no stack trace).
 */
export function missingProductionSecrets(env: NodeJS.ProcessEnv, variables: string[]): string | null {
  if (env.NODE_ENV !== 'production') return null;
  const missing = variables.filter((v) => !env[v]);
  if (missing.length === 0) return null;
  const names = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0];
  return `refusing to start: ${names} must be set when NODE_ENV=production (see README "Configuration")`;
}
