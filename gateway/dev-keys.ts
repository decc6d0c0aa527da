/**
 * Development signing keys: one ES256 key pair, generated on first use and kept as JWK files in
 * `<dir>/dev-keys/` (`private.jwk.json`, `public.jwk.json`). The data directory is git-ignored
 * and the folder gets its own `.gitignore` too, so the keys are never committed, even when
 * `DATA_DIR` points inside the repository. Development only: production verifies against the
 * identity provider's JWKS.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';

export interface DevKeys {
  /** Signs dev tokens (`sign-token.ts`). */
  privateKey: CryptoKey;
  /** Verifies them (`createCallerVerifier({ publicKey })`). */
  publicKey: CryptoKey;
  /** The public key as a JWK with `kid`, `alg: 'ES256'`, `use: 'sig'`; fit for a JWKS. */
  publicJwk: JWK;
}

const ALG = 'ES256';
const PRIVATE_FILE = 'private.jwk.json';
const PUBLIC_FILE = 'public.jwk.json';

/**
 * Loads the dev key pair from `<dir>/dev-keys/`, generating it on first use.
 *
 * Safe when several processes start at once (gateway, token script, tests): the private key is
 * written to a temp file and then linked to its final name, which fails if another process got
 * there first; the loser reads the winner's file. So every process ends with the same pair. The
 * public file is derived from the private one and rewritten if missing or stale.
 */
export async function loadDevKeys(dir: string = process.env.DATA_DIR ?? '.data'): Promise<DevKeys> {
  const keyDir = path.join(dir, 'dev-keys');
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  writeIfAbsent(path.join(keyDir, '.gitignore'), '# development signing keys: never commit\n*\n', 0o644);

  const privateFile = path.join(keyDir, PRIVATE_FILE);
  let privateJwk = readJwk(privateFile);
  if (!privateJwk) {
    const generated = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(generated.privateKey);
    const candidate: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALG, use: 'sig' };
    privateJwk = writeIfAbsent(privateFile, JSON.stringify(candidate, null, 2) + '\n', 0o600)
      ? candidate
      : readJwk(privateFile);
    if (!privateJwk) throw new Error(`dev keys: ${privateFile} exists but holds no usable key`);
  }
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || typeof privateJwk.d !== 'string') {
    throw new Error(`dev keys: ${privateFile} is not an ES256 (P-256) private JWK; delete it to generate a new pair`);
  }

  const { d: _d, key_ops: _ops, ext: _ext, ...publicPart } = privateJwk;
  const publicJwk: JWK = { ...publicPart, kid: privateJwk.kid ?? (await calculateJwkThumbprint(publicPart)), alg: ALG, use: 'sig' };
  const publicFile = path.join(keyDir, PUBLIC_FILE);
  const onDisk = readJwk(publicFile);
  if (!onDisk || onDisk.x !== publicJwk.x || onDisk.y !== publicJwk.y || onDisk.kid !== publicJwk.kid) {
    // Derived deterministically from the private key, so concurrent rewrites agree.
    writeAtomically(publicFile, JSON.stringify(publicJwk, null, 2) + '\n', 0o644);
  }

  const privateKey = (await importJWK(privateJwk, ALG)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, ALG)) as CryptoKey;
  return { privateKey, publicKey, publicJwk };
}

function readJwk(file: string): JWK | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'kty' in parsed) return parsed as JWK;
  } catch {
    // fall through: an unreadable key file is reported by the caller
  }
  throw new Error(`dev keys: ${file} is not a JWK; delete it to generate a new pair`);
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Creates `file` with `content` unless it exists; true when this call created it. The content is
 * complete before the name appears (temp file + hard link), so a reader never sees half a key.
 */
function writeIfAbsent(file: string, content: string, mode: number): boolean {
  const tmp = tempName(file);
  fs.writeFileSync(tmp, content, { mode, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    // File systems without hard links: rename, unless the file appeared meanwhile.
    if (fs.existsSync(file)) return false;
    fs.renameSync(tmp, file);
    return true;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function writeAtomically(file: string, content: string, mode: number): void {
  const tmp = tempName(file);
  fs.writeFileSync(tmp, content, { mode, flag: 'wx' });
  try {
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
