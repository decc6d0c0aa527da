import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, base64url, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISITOR } from '../../directives/caller.js';
import type { Caller } from '../../directives/caller.js';
import { loadDevKeys } from '../../gateway/dev-keys.js';
import type { DevKeys } from '../../gateway/dev-keys.js';
import { IdentityConfigError, IdentityError, createCallerVerifier } from '../../gateway/identity.js';
import type { CallerVerifier } from '../../gateway/identity.js';
import { PERSONAS } from '../../gateway/personas.js';
import { loadPolicyConfig, type PolicyConfig } from '../../directives/policy-config.js';
import { signToken, tokenForPersona } from '../../gateway/sign-token.js';

let dataDir: string;
let keys: DevKeys;
let verify: CallerVerifier;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-test-'));
  keys = await loadDevKeys(dataDir);
  verify = createCallerVerifier({ publicKey: keys.publicJwk });
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);

/** Expects `promise` to reject with an IdentityError (401 UNAUTHENTICATED) whose message matches. */
async function expectUnauthenticated(promise: Promise<unknown>, message: RegExp, token?: string): Promise<IdentityError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the verifier to refuse');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdentityError);
  const identityError = error as IdentityError;
  expect(identityError.code).toBe('UNAUTHENTICATED');
  expect(identityError.status).toBe(401);
  expect(identityError.message).toMatch(message);
  if (token) {
    // The message never echoes the token, nor any of its parts.
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(identityError.message).not.toContain(part);
  }
  return identityError;
}

/** The caller each persona must verify to (written out, not derived from PERSONAS). */
const EXPECTED: Record<string, Caller> = {
  visitor: VISITOR,
  buyer: { role: 'customer', sub: 'm-buyer' },
  'buyer-optout': { role: 'customer', sub: 'm-optout' },
  minor: { role: 'customer', sub: 'm-minor' },
  guardian: { role: 'guardian', sub: 'm-guardian' },
  'merchant-deer': { role: 'merchant', sub: 'u-merchant-deer', store: 'deer-outfitters' },
  'merchant-lantern': { role: 'merchant', sub: 'u-merchant-lantern', store: 'red-lantern' },
  'carrier-swift': { role: 'logistics', sub: 'u-carrier-swift', carrier: 'swift' },
  'carrier-oceanic': { role: 'logistics', sub: 'u-carrier-oceanic', carrier: 'oceanic' },
  agent: { role: 'support', sub: 'u-agent' },
  analyst: { role: 'analyst', sub: 'u-analyst', partner: 'insight-labs' },
  advertiser: { role: 'advertiser', sub: 'u-advertiser', partner: 'adreach' },
  researcher: { role: 'researcher', sub: 'u-researcher', project: 'uni-study' },
  officer: { role: 'privacy_officer', sub: 'u-officer', caseRef: 'CASE-2026-001' },
  payment: { role: 'payment', sub: 'u-payment', institution: 'cardpay' },
  'login-partner': { role: 'login_partner', sub: 'u-login-partner', provider: 'wechat' },
};

describe('personas', () => {
  it('has exactly the demo persona ids', () => {
    expect(Object.keys(PERSONAS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('declares the default purposes', () => {
    const purposes = Object.fromEntries(Object.entries(PERSONAS).map(([name, p]) => [name, p.purpose]));
    expect(purposes).toEqual({
      visitor: undefined,
      buyer: undefined,
      'buyer-optout': undefined,
      minor: undefined,
      guardian: undefined,
      'merchant-deer': 'essential.service.operations',
      'merchant-lantern': 'essential.service.operations',
      'carrier-swift': 'essential.service.operations.delivery',
      'carrier-oceanic': 'essential.service.operations.delivery',
      agent: 'essential.service.operations.support',
      analyst: 'analytics.reporting',
      advertiser: 'marketing.advertising.third_party',
      researcher: 'analytics.research',
      officer: 'essential.legal_obligation',
      payment: 'essential.service.payment_processing',
      'login-partner': 'essential.service.authentication',
    });
  });

  it.each(Object.keys(EXPECTED).filter((name) => name !== 'visitor'))('a token for %s verifies to its caller', async (name) => {
    const token = await tokenForPersona(name, keys);
    expect(token).toEqual(expect.any(String));
    const caller = await verify(`Bearer ${token}`);
    expect(caller).toEqual({ ...EXPECTED[name], authTime: expect.any(Number) });
    expect(Math.abs(caller.authTime! - now())).toBeLessThanOrEqual(2);
  });

  it('visitor has no token, and no header verifies to the visitor', async () => {
    expect(await tokenForPersona('visitor', keys)).toBeNull();
    expect(await verify(null)).toEqual(VISITOR);
    expect(VISITOR).toEqual({ role: 'visitor' });
  });

  it('an unknown persona is an error that lists the known ones', async () => {
    await expect(tokenForPersona('nobody', keys)).rejects.toThrow(/unknown persona "nobody".*buyer.*login-partner/);
    await expect(tokenForPersona('toString', keys)).rejects.toThrow(/unknown persona/);
  });

  it('puts the dev key id in the header and auth_time in the claims', async () => {
    const token = (await tokenForPersona('buyer', keys, { authTime: 1_700_000_000 }))!;
    const [header] = token.split('.');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header!)))).toEqual({ alg: 'ES256', typ: 'JWT', kid: keys.publicJwk.kid });
    expect((await verify(`Bearer ${token}`)).authTime).toBe(1_700_000_000);
  });
});

describe('P-82 fail closed: a token that does not verify is refused, never read as a visitor', () => {
  it('expired token (past the 5 s clock tolerance)', async () => {
    const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('privacy-gateway-dev')
      .setAudience('privacy-gateway')
      .setIssuedAt(now() - 3600)
      .setExpirationTime(now() - 60)
      .sign(keys.privateKey);
    await expectUnauthenticated(verify(`Bearer ${token}`), /expired/, token);
  });

  it('a token expired within the clock tolerance still verifies', async () => {
    const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('privacy-gateway-dev')
      .setAudience('privacy-gateway')
      .setIssuedAt(now() - 3600)
      .setExpirationTime(now() - 2)
      .sign(keys.privateKey);
    expect((await verify(`Bearer ${token}`)).sub).toBe('m-buyer');
  });

  it('expiresIn "-1h" signs an expired token that is refused', async () => {
    const token = await signToken({ role: 'customer', sub: 'm-buyer' }, { privateKey: keys.privateKey, expiresIn: '-1h' });
    await expectUnauthenticated(verify(`Bearer ${token}`), /expired/, token);
  });

  it('token without exp', async () => {
    const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('privacy-gateway-dev')
      .setAudience('privacy-gateway')
      .setIssuedAt()
      .sign(keys.privateKey);
    await expectUnauthenticated(verify(`Bearer ${token}`), /no expiry/, token);
  });

  it('token signed with another key', async () => {
    const other = await generateKeyPair('ES256');
    const token = await signToken({ role: 'customer', sub: 'm-buyer' }, { privateKey: other.privateKey });
    await expectUnauthenticated(verify(`Bearer ${token}`), /signature is invalid/, token);
  });

  it('token with a tampered payload', async () => {
    const token = (await tokenForPersona('buyer', keys))!;
    const [h, , s] = token.split('.');
    const forged = base64url.encode(JSON.stringify({ role: 'privacy_officer', sub: 'm-buyer', iss: 'privacy-gateway-dev', aud: 'privacy-gateway', exp: now() + 600 }));
    await expectUnauthenticated(verify(`Bearer ${h}.${forged}.${s}`), /signature is invalid/);
  });

  it('wrong issuer', async () => {
    const token = await signToken({ role: 'customer', sub: 'm-buyer' }, { privateKey: keys.privateKey, issuer: 'someone-else' });
    const error = await expectUnauthenticated(verify(`Bearer ${token}`), /issuer/, token);
    expect(error.message).not.toContain('someone-else');
  });

  it('wrong audience', async () => {
    const token = await signToken({ role: 'customer', sub: 'm-buyer' }, { privateKey: keys.privateKey, audience: 'another-api' });
    await expectUnauthenticated(verify(`Bearer ${token}`), /audience/, token);
  });

  it('alg "none" token, built by hand', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ role: 'privacy_officer', sub: 'u-officer', case: 'X', iss: 'privacy-gateway-dev', aud: 'privacy-gateway', iat: now(), exp: now() + 600 }),
    );
    for (const token of [`${header}.${payload}.`, `${header}.${payload}.c2ln`]) {
      await expectUnauthenticated(verify(`Bearer ${token}`), /algorithm is not allowed/, token);
    }
  });

  it('HS256 token (algorithm confusion with the public key as secret)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(keys.publicJwk));
    const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('privacy-gateway-dev')
      .setAudience('privacy-gateway')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);
    await expectUnauthenticated(verify(`Bearer ${token}`), /algorithm is not allowed/, token);
  });

  it.each([
    ['empty header', ''],
    ['Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer without token', 'Bearer'],
    ['Bearer with two tokens', 'Bearer a.b.c d.e.f'],
    ['not a JWT', 'Bearer not-a-jwt'],
    ['token without scheme', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln'],
  ])('malformed Authorization header: %s', async (_title, header) => {
    await expectUnauthenticated(verify(header), /Bearer|compact JWT/);
  });

  it('malformed JWT segments', async () => {
    await expectUnauthenticated(verify('Bearer aaaa.bbbb.cccc'), /malformed/);
  });

  it('accepts a lower-case bearer scheme (RFC 6750 schemes are case-insensitive)', async () => {
    const token = await tokenForPersona('buyer', keys);
    expect((await verify(`bearer ${token}`)).sub).toBe('m-buyer');
  });

  it('unknown role', async () => {
    const token = await signToken({ role: 'superuser', sub: 'u-x' } as never, { privateKey: keys.privateKey });
    const error = await expectUnauthenticated(verify(`Bearer ${token}`), /not a known role/, token);
    expect(error.message).not.toContain('superuser');
  });

  it('missing role', async () => {
    const token = await signToken({ sub: 'u-x' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${token}`), /no "role" claim/, token);
  });

  it('a token cannot claim the visitor role', async () => {
    const token = await signToken({ role: 'visitor', sub: 'u-x' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${token}`), /visitor/, token);
  });

  it('merchant without store: the message names the missing claim', async () => {
    const token = await signToken({ role: 'merchant', sub: 'u-merchant-deer' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${token}`), /merchant.*"store"/, token);
  });

  it.each([
    ['logistics', 'carrier'],
    ['analyst', 'partner'],
    ['advertiser', 'partner'],
    ['researcher', 'project'],
    ['login_partner', 'provider'],
  ])('%s without %s is refused', async (role, claim) => {
    const token = await signToken({ role, sub: 'u-x' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${token}`), new RegExp(`"${claim}"`), token);
  });

  it('a role without sub is refused; an empty binding counts as missing', async () => {
    const noSub = await signToken({ role: 'customer' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${noSub}`), /"sub"/, noSub);
    const emptyStore = await signToken({ role: 'merchant', sub: 'u-x', store: '' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${emptyStore}`), /"store"/, emptyStore);
  });

  it('P-81 P-82 a blank claim is no claim: a case reference of spaces opens no case; a sub or store of spaces is refused', async () => {
    const blankCase = await signToken({ role: 'privacy_officer', sub: 'u-officer', case: ' \t ' }, { privateKey: keys.privateKey });
    expect((await verify(`Bearer ${blankCase}`)).caseRef).toBeUndefined();
    const blankSub = await signToken({ role: 'customer', sub: '   ' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${blankSub}`), /"sub"/, blankSub);
    const blankStore = await signToken({ role: 'merchant', sub: 'u-x', store: ' ' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${blankStore}`), /"store"/, blankStore);
  });

  it('a binding claim of the wrong type is refused', async () => {
    const token = await signToken({ role: 'merchant', sub: 'u-x', store: ['deer-outfitters', 'red-lantern'] }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verify(`Bearer ${token}`), /"store" must be a string/, token);
  });

  it('P-41 P-51 P-52 a binding claim that is not an id is refused: a `#` or `:` in a partner or project would name another pseudonym audience', async () => {
    for (const [role, claims] of [
      ['analyst', { partner: 'insight-labs#P-41' }],
      ['researcher', { project: 'uni-study#other-study' }],
      ['analyst', { partner: 'partner:insight-labs' }],
      ['merchant', { store: 'deer outfitters' }],
    ] as const) {
      const token = await signToken({ role, sub: 'u-x', ...claims }, { privateKey: keys.privateKey });
      await expectUnauthenticated(verify(`Bearer ${token}`), /is not an id/, token);
    }
    const fine = await signToken({ role: 'analyst', sub: 'u-x', partner: 'insight-labs' }, { privateKey: keys.privateKey });
    expect((await verify(`Bearer ${fine}`)).partner).toBe('insight-labs');
  });

  it('P-31 P-62 P-80 a sub that is no account id is refused: a stand-in of the data (erased, anonymous), a character no header or file name carries, a NUL', async () => {
    for (const sub of ['erased', 'anonymous', 'm\u2010buyer', 'm-buyer\u0000', ' m-buyer', 'm buyer', 'ｍ-buyer', 'x'.repeat(129)]) {
      const token = await signToken({ role: 'customer', sub }, { privateKey: keys.privateKey });
      await expectUnauthenticated(verify(`Bearer ${token}`), /"sub" is not an account id/, token);
    }
    for (const sub of ['m-buyer', 'u-agent', 'auth0|5f7c8ec7c33c6c004bbafe82', '7b0c3f9e-2f1d-4c1a-9a55-1d2e3f4a5b6c', 'alice@example.com']) {
      const token = await signToken({ role: 'customer', sub }, { privateKey: keys.privateKey });
      expect((await verify(`Bearer ${token}`)).sub).toBe(sub);
    }
  });

  it('P-80 P-81 a case reference with a control or format character (a bidi override) or over 128 characters is refused: the audit records it as the officer reads it', async () => {
    for (const caseRef of ['C\u202e1', 'C-1\u0007', 'C'.repeat(129)]) {
      const token = await signToken({ role: 'privacy_officer', sub: 'u-officer', case: caseRef }, { privateKey: keys.privateKey });
      await expectUnauthenticated(verify(`Bearer ${token}`), /"case" must be/, token);
    }
  });

  it('P-80 P-81 a case reference that shows as nothing (braille blank, Hangul fillers, a lone accent or variation selector) opens no case; one in any script does', async () => {
    for (const caseRef of ['\u2800', '\u3164', '\u115f\u1160', '\uffa0', '\u0301', '\ufe0f', '\u0301CASE-1', 'CASE\u2800', 'C\u00a01', '#-/']) {
      const token = await signToken({ role: 'privacy_officer', sub: 'u-officer', case: caseRef }, { privateKey: keys.privateKey });
      await expectUnauthenticated(verify(`Bearer ${token}`), /"case" must be/, token);
    }
    // One case, one spelling: spaces at either end, an accent written apart, a stack of marks.
    for (const caseRef of ['  CASE-A  ', 'CASE-A ', 'Fall Mu\u0308ller', `e${'\u0301'.repeat(30)}`]) {
      const token = await signToken({ role: 'privacy_officer', sub: 'u-officer', case: caseRef }, { privateKey: keys.privateKey });
      await expectUnauthenticated(verify(`Bearer ${token}`), /"case" must have no space at either end and be written composed/, token);
    }
    for (const caseRef of ['CASE-2026-0142', 'Fall Müller #12', '案件-2026', 'é', 'नमस्ते']) {
      const token = await signToken({ role: 'privacy_officer', sub: 'u-officer', case: caseRef }, { privateKey: keys.privateKey });
      expect((await verify(`Bearer ${token}`)).caseRef).toBe(caseRef);
    }
  });

  it('auth_time in the future is refused', async () => {
    const token = await signToken({ role: 'customer', sub: 'm-buyer' }, { privateKey: keys.privateKey, authTime: now() + 3600 });
    await expectUnauthenticated(verify(`Bearer ${token}`), /auth_time/, token);
  });

  it('P-82 a token issued in the future (iat an hour ahead) is refused', async () => {
    const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('privacy-gateway-dev')
      .setAudience('privacy-gateway')
      .setIssuedAt(now() + 3600)
      .setExpirationTime(now() + 7200)
      .sign(keys.privateKey);
    await expectUnauthenticated(verify(`Bearer ${token}`), /issue time \(iat\) is in the future/, token);
  });

  it('P-82 a token that expires more than a week from now is refused: leaked, it would be someone\'s role for good', async () => {
    for (const exp of [now() + 8 * 86_400, 1e22]) {
      const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('privacy-gateway-dev').setAudience('privacy-gateway').setIssuedAt().setExpirationTime(exp).sign(keys.privateKey);
      await expectUnauthenticated(verify(`Bearer ${token}`), /expires more than 7 days from now/, token);
    }
    const week = await new SignJWT({ role: 'customer', sub: 'm-buyer' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('privacy-gateway-dev').setAudience('privacy-gateway').setIssuedAt().setExpirationTime('7d').sign(keys.privateKey);
    expect((await verify(`Bearer ${week}`)).sub).toBe('m-buyer');
  });

  it('P-82 a token issued within the clock tolerance ahead still verifies', async () => {
    const token = await new SignJWT({ role: 'customer', sub: 'm-buyer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('privacy-gateway-dev')
      .setAudience('privacy-gateway')
      .setIssuedAt(now() + 2)
      .setExpirationTime(now() + 600)
      .sign(keys.privateKey);
    expect((await verify(`Bearer ${token}`)).sub).toBe('m-buyer');
  });

  it("a binding claim that is not the role's is dropped (a customer carrying store is not a merchant)", async () => {
    const token = await signToken({ role: 'customer', sub: 'm-buyer', store: 'deer-outfitters', partner: 'adreach' }, { privateKey: keys.privateKey });
    const caller = await verify(`Bearer ${token}`);
    expect(caller).toEqual({ role: 'customer', sub: 'm-buyer', authTime: expect.any(Number) });
  });
});

it('P-81 P-80 a case reference is kept only for a role that may declare the legal obligation: on a merchant\'s token it would file the merchant\'s reads under a case', async () => {
  for (const claims of [{ role: 'merchant', sub: 'u-merchant-deer', store: 'deer-outfitters' }, { role: 'support', sub: 'u-agent' }, { role: 'customer', sub: 'm-buyer' }]) {
    const token = await signToken({ ...claims, case: 'CASE-2026-001' }, { privateKey: keys.privateKey });
    expect(await verify(`Bearer ${token}`), claims.role).toEqual({ ...claims, authTime: expect.any(Number) });
  }
  const officer = await signToken({ role: 'privacy_officer', sub: 'u-officer', case: 'CASE-2026-001' }, { privateKey: keys.privateKey });
  expect((await verify(`Bearer ${officer}`)).caseRef).toBe('CASE-2026-001');
});

describe('verifier options', () => {
  it('honours a custom issuer, audience and algorithm list', async () => {
    const custom = createCallerVerifier({ publicKey: keys.publicKey, issuer: 'idp', audience: 'api', algorithms: ['ES256', 'ES384'] });
    const token = await signToken({ role: 'support', sub: 'u-agent' }, { privateKey: keys.privateKey, issuer: 'idp', audience: 'api' });
    expect(await custom(`Bearer ${token}`)).toMatchObject({ role: 'support', sub: 'u-agent' });
    await expectUnauthenticated(verify(`Bearer ${token}`), /issuer/);
  });

  it('refuses ES256 tokens when only another algorithm is allowed', async () => {
    const rs = createCallerVerifier({ publicKey: keys.publicJwk, algorithms: ['ES384'] });
    await expectUnauthenticated(rs(`Bearer ${await tokenForPersona('buyer', keys)}`), /algorithm is not allowed \(accepted: ES384\)/);
  });

  it.each([
    ['no key source', {}],
    ['both key sources', { jwksUrl: 'https://idp.example/jwks', publicKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }],
    ['alg none allowed', { jwksUrl: 'https://idp.example/jwks', algorithms: ['ES256', 'none'] }],
    ['HMAC allowed', { jwksUrl: 'https://idp.example/jwks', algorithms: ['HS256'] }],
    ['empty algorithm list', { jwksUrl: 'https://idp.example/jwks', algorithms: [] }],
    ['invalid JWKS URL', { jwksUrl: 'not a url' }],
    ['negative clock tolerance', { jwksUrl: 'https://idp.example/jwks', clockTolerance: -1 }],
  ])('configuration error: %s', (_title, options) => {
    expect(() => createCallerVerifier(options)).toThrow(IdentityConfigError);
  });

  it('configuration error: a private key given as publicKey', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    expect(() => createCallerVerifier({ publicKey: pair.privateKey })).toThrow(/public key/);
    const privateJwk = await exportJWK(pair.privateKey);
    expect(() => createCallerVerifier({ publicKey: privateJwk })).toThrow(/public key/);
  });

  describe('remote JWKS', () => {
    let server: http.Server;
    let jwksUrl: string;

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === '/jwks') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ keys: [keys.publicJwk] }));
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('verifies a persona token against the JWKS, by kid', async () => {
      const remote = createCallerVerifier({ jwksUrl });
      expect(await remote(`Bearer ${await tokenForPersona('merchant-deer', keys)}`)).toEqual({
        ...EXPECTED['merchant-deer'],
        authTime: expect.any(Number),
      });
    });

    it('refuses a token whose kid is not in the JWKS', async () => {
      const remote = createCallerVerifier({ jwksUrl });
      const token = await signToken({ role: 'customer', sub: 'm-buyer' }, { privateKey: keys.privateKey, kid: 'unknown-kid' });
      await expectUnauthenticated(remote(`Bearer ${token}`), /no known signing key/, token);
    });

    it('refuses when the JWKS cannot be fetched', async () => {
      const remote = createCallerVerifier({ jwksUrl: jwksUrl.replace('/jwks', '/missing') });
      await expectUnauthenticated(remote(`Bearer ${await tokenForPersona('buyer', keys)}`), /signing keys could not be fetched/);
      const unreachable = createCallerVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks' });
      await expectUnauthenticated(unreachable(`Bearer ${await tokenForPersona('buyer', keys)}`), /signing keys could not be fetched/);
    });
  });
});

describe('dev keys', () => {
  it('stores the pair as JWK files and reuses them on later calls', async () => {
    const keyDir = path.join(dataDir, 'dev-keys');
    const files = fs.readdirSync(keyDir).sort();
    expect(files).toEqual(['.gitignore', 'private.jwk.json', 'public.jwk.json']);
    const publicFile = JSON.parse(fs.readFileSync(path.join(keyDir, 'public.jwk.json'), 'utf8'));
    expect(publicFile).toEqual(keys.publicJwk);
    expect(publicFile).not.toHaveProperty('d');
    expect(keys.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });

    const again = await loadDevKeys(dataDir);
    expect(again.publicJwk).toEqual(keys.publicJwk);
    // A token signed with the reloaded private key verifies with the first public key.
    const token = await tokenForPersona('buyer', again);
    expect((await verify(`Bearer ${token}`)).sub).toBe('m-buyer');
  });

  it('concurrent first calls agree on one key pair', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-race-'));
    try {
      const loaded = await Promise.all(Array.from({ length: 6 }, () => loadDevKeys(dir)));
      const kids = new Set(loaded.map((k) => k.publicJwk.kid));
      expect(kids.size).toBe(1);
      const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'dev-keys', 'public.jwk.json'), 'utf8'));
      expect(onDisk.kid).toBe(loaded[0]!.publicJwk.kid);
      expect(fs.readdirSync(path.join(dir, 'dev-keys')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const verifier = createCallerVerifier({ publicKey: onDisk });
      for (const k of loaded) expect((await verifier(`Bearer ${await tokenForPersona('agent', k)}`)).role).toBe('support');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('roles from the policy in force', () => {
  const reviewed = loadPolicyConfig();
  const withBroker = (): PolicyConfig => ({ ...reviewed, roles: { ...reviewed.roles, customs_broker: { name: 'Customs broker', binding: 'carrier', purposes: [] } } });

  it('P-22 a role the policy declares is accepted with its binding, and refused without it', async () => {
    const verifyWith = createCallerVerifier({ publicKey: keys.publicJwk, policy: withBroker() });
    const token = await signToken({ role: 'customs_broker', sub: 'u-broker', carrier: 'swift', store: 'deer-outfitters' }, { privateKey: keys.privateKey });
    // A binding claim of another kind is dropped, as for the reviewed roles.
    expect(await verifyWith(`Bearer ${token}`)).toEqual({ role: 'customs_broker', sub: 'u-broker', carrier: 'swift', authTime: expect.any(Number) });
    const unbound = await signToken({ role: 'customs_broker', sub: 'u-broker' }, { privateKey: keys.privateKey });
    await expectUnauthenticated(verifyWith(`Bearer ${unbound}`), /^token for role customs_broker is missing the "carrier" claim$/, unbound);
  });

  it('P-82 a token verified under one policy is read again under the next: a removed role is refused', async () => {
    let current = withBroker();
    const verifyWith = createCallerVerifier({ publicKey: keys.publicJwk, policy: () => current });
    const token = await signToken({ role: 'customs_broker', sub: 'u-broker', carrier: 'swift' }, { privateKey: keys.privateKey });
    expect((await verifyWith(`Bearer ${token}`)).role).toBe('customs_broker');
    current = reviewed;
    await expectUnauthenticated(verifyWith(`Bearer ${token}`), /^token "role" claim is not a known role$/, token);
    current = withBroker();
    expect((await verifyWith(`Bearer ${token}`)).carrier).toBe('swift');
  });
});
