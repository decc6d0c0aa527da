/**
 * `/privacy/explorer` over HTTP: who may open it (the privacy officer's token; on a loopback
 * development gateway, anyone on this machine; no one else), what its API answers, and the dry
 * run's refusal of an invalid or oversized proposal.
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute, Marketplace } from '../support/marketplace.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { explorerForServing } from '../../gateway/graphiql-personas.js';
import { EXPLORER_CSP } from '../../gateway/explorer/explorer-page.js';
import { MAX_PROPOSAL_BYTES } from '../../gateway/explorer/use-privacy-explorer.js';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';

const POLICY = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));

let m: Marketplace;
/** A gateway served as `npm start` serves it on loopback in development: the explorer opens without a token. */
let dev: { server: Server; gateway: ReturnType<typeof createPrivacyGateway>; base: string };
let base: string;

beforeAll(async () => {
  // As production serves it: explorerForServing answers "officer's token only" there.
  const production = explorerForServing({ host: '0.0.0.0', corsOrigins: [], env: { NODE_ENV: 'production' } });
  expect(production.explorer.openOnLoopback).toBe(false);
  m = await Marketplace.start({ gateway: { explorer: production.explorer } });
  base = new URL('/', m.gatewayUrl).href.replace(/\/$/, '');
  const development = explorerForServing({ host: '127.0.0.1', corsOrigins: [], env: {} });
  expect(development.explorer.openOnLoopback).toBe(true);
  const gateway = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, graphiql: false, explorer: development.explorer });
  const server = createServer(gateway as any);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dev = { server, gateway, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (dev?.server ? dev.server.close(() => resolve()) : resolve()));
  await (dev?.gateway as any)?.dispose?.();
  await m?.close();
});

const call = callRoute;
const messageOf = (body: any): string => body?.errors?.[0]?.message ?? '';

describe('who opens the privacy explorer', () => {
  it('the privacy officer opens the page and its files under a CSP naming this gateway only', async () => {
    const officer = await m.token('officer');
    const page = await call(`${base}/privacy/explorer`, { token: officer });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(EXPLORER_CSP).not.toMatch(/https?:|\*|'unsafe-/);
    expect(page.body).toContain('<title>Privacy explorer</title>');
    const script = await call(`${base}/privacy/explorer/assets/explorer.js`, { token: officer });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await call(`${base}/privacy/explorer/assets/explorer.css`, { token: officer })).status).toBe(200);
    expect((await call(`${base}/privacy/explorer/assets/../../../package.json`, { token: officer })).status).toBe(404);
  });

  it('P-21 the officer reads the merchant\'s outcomes: the consignee phone masked, the rule\'s text beside it', async () => {
    const view = await call(`${base}/privacy/explorer/outcomes?role=merchant&purpose=essential.service.operations`, { token: await m.token('officer') });
    expect(view.status).toBe(200);
    expect(view.body.roleName).toBe('Merchant');
    const order = view.body.types.find((t: any) => t.name === 'Order');
    const phone = order.fields.find((f: any) => f.coordinate === 'Order.consigneePhone');
    expect(phone.outcomes.map((o: any) => `${o.outcome} ${o.rule}`)).toContain('mask P-21');
    expect(view.body.rules['P-21']).toMatch(/merchant/i);
  });

  it("P-80 an audit entry about a member is not the member's own data: every field of it is blocked for a customer, whose rows they are about", async () => {
    const view = await call(`${base}/privacy/explorer/outcomes?role=customer&purpose=essential.service`, { token: await m.token('officer') });
    expect(view.status).toBe(200);
    const entry = view.body.types.find((t: any) => t.name === 'AuditEntry');
    expect(entry.fields.length).toBeGreaterThan(10);
    for (const field of entry.fields) expect(field.outcomes.map((o: any) => `${o.outcome} ${o.rule}`), field.coordinate).toEqual(['block P-80']);
  });

  it('a merchant, a member or a support agent is refused with 403, naming whose the explorer is', async () => {
    for (const persona of ['merchant-deer', 'buyer', 'agent']) {
      const token = await m.token(persona);
      for (const path of ['/privacy/explorer', '/privacy/explorer/outcomes?role=merchant', '/privacy/explorer/roles']) {
        const answer = await call(`${base}${path}`, { token });
        expect(answer.status, `${persona} ${path}`).toBe(403);
        expect(messageOf(answer.body)).toMatch(/privacy officer's \(role privacy_officer\); this token's role is \w+/);
      }
      const diff = await call(`${base}/privacy/explorer/diff`, { token, method: 'POST', body: JSON.stringify(POLICY), contentType: 'application/json' });
      expect(diff.status).toBe(403);
    }
  });

  it('in production a visitor (no token) finds nothing there: 404; a bad token is 401', async () => {
    for (const path of ['/privacy/explorer', '/privacy/explorer/assets/explorer.js', '/privacy/explorer/roles', '/privacy/explorer/outcomes?role=merchant']) {
      const answer = await call(`${base}${path}`);
      expect(answer.status, path).toBe(404);
      expect(JSON.stringify(answer.body)).not.toMatch(/explorer|officer/i);
    }
    expect((await call(`${base}/privacy/explorer`, { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('a loopback development gateway opens it without a token, to requests addressed to a loopback name only, not through a proxy', async () => {
    expect((await call(`${dev.base}/privacy/explorer`)).status).toBe(200);
    expect((await call(`${dev.base}/privacy/explorer/roles`)).body.roles.find((r: any) => r.role === 'merchant')).toMatchObject({ name: 'Merchant', purposes: ['essential.service.operations'] });
    // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${dev.base}/privacy/explorer/roles`, { headers: { host: 'attacker.example' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound.status).toBe(404);
    expect(rebound.body).toContain('loopback address only');
    // Nor through a proxy in front of it, which keeps the loopback Host and adds its headers.
    for (const proxied of [{ 'x-forwarded-for': '203.0.113.5' }, { forwarded: 'for=203.0.113.5' }, { via: '1.1 nginx' }] as Record<string, string>[]) {
      const answer = await fetch(`${dev.base}/privacy/explorer/roles`, { headers: proxied });
      expect(answer.status, JSON.stringify(proxied)).toBe(404);
    }
    // A token still has to be the officer's.
    expect((await call(`${dev.base}/privacy/explorer/roles`, { token: await m.token('merchant-deer') })).status).toBe(403);
  });
});

describe('the explorer API refuses what it cannot answer', () => {
  it('an unknown role, or a purpose the role may not declare, is a 400 naming the valid ones', async () => {
    const officer = await m.token('officer');
    const unknown = await call(`${base}/privacy/explorer/outcomes?role=hacker`, { token: officer });
    expect(unknown.status).toBe(400);
    expect(messageOf(unknown.body)).toContain("unknown role 'hacker'");
    const purpose = await call(`${base}/privacy/explorer/outcomes?role=merchant&purpose=marketing.advertising`, { token: officer });
    expect(purpose.status).toBe(400);
    expect(messageOf(purpose.body)).toContain('its purposes: essential.service.operations');
  });

  it('P-82 an invalid proposed policy is a 400 listing every problem; nothing is compared', async () => {
    const officer = await m.token('officer');
    const invalid = { ...POLICY, kAnonymity: 1, roles: { ...POLICY.roles, merchant: { ...POLICY.roles.merchant, purposes: ['essential.service.operations', 'no.such.purpose'] } } };
    const answer = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(invalid), contentType: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('INVALID_POLICY');
    expect(answer.body.errors[0].extensions.problems).toEqual(expect.arrayContaining([expect.stringContaining("roles.merchant: unknown purpose 'no.such.purpose'"), expect.stringContaining('kAnonymity: must be >= 2 (P-52)')]));
    // A problem quotes the proposal's text bounded, its bidi override written as its code point.
    const quoting = { ...POLICY, roles: { ...POLICY.roles, customer: { ...POLICY.roles.customer, purposes: [`\u202e${'x '.repeat(6000)}p`] } } };
    const quoted = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(quoting), contentType: 'application/json' });
    expect(quoted.status).toBe(400);
    expect(JSON.stringify(quoted.body).length).toBeLessThan(6000);
    expect(JSON.stringify(quoted.body)).not.toContain('\u202e');
    expect(quoted.body.errors[0].extensions.problems[0]).toContain('roles.customer: unknown purpose');
    const notJson = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: '{ not json', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect(messageOf(notJson.body)).toContain('not JSON');
  });

  it('a proposal over the size limit is 413, one not sent as JSON is 415', async () => {
    const officer = await m.token('officer');
    const big = JSON.stringify({ ...POLICY, padding: 'x'.repeat(MAX_PROPOSAL_BYTES) });
    expect((await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: big, contentType: 'application/json' })).status).toBe(413);
    expect((await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(POLICY), contentType: 'text/plain' })).status).toBe(415);
  });

  it('P-21 P-52 a proposal opening the support purpose to merchants and lowering k lists releases for the merchant under that purpose, and the parameter', async () => {
    const officer = await m.token('officer');
    const proposal = { ...POLICY, version: `${POLICY.version}-proposed`, kAnonymity: POLICY.kAnonymity - 1, roles: { ...POLICY.roles, merchant: { ...POLICY.roles.merchant, purposes: ['essential.service.operations', 'essential.service.operations.support'] } } };
    const same = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(POLICY), contentType: 'application/json' });
    expect(same.status).toBe(200);
    expect(same.body.total).toBe(0);
    const answer = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(proposal), contentType: 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body.releases).toBeGreaterThan(0);
    const release = answer.body.changes.find((c: any) => c.releases);
    expect(release).toMatchObject({ role: 'merchant', roleName: 'Merchant (merchant)', purpose: 'essential.service.operations.support', before: null });
    // P-52: a smaller k releases aggregates over fewer subjects.
    expect(answer.body.parameters).toContainEqual(expect.objectContaining({ parameter: 'kAnonymity', before: POLICY.kAnonymity, after: POLICY.kAnonymity - 1, releases: true }));
    expect(answer.body.rules['P-52']).toBeTruthy();
  });
});

describe('the dry run of a hostile proposal', () => {
  it('P-50 a proposal renaming a role cannot pass its releases off as another role\'s: the served name and the role key name them', async () => {
    const officer = await m.token('officer');
    const proposal = structuredClone(POLICY);
    proposal.roles.advertiser.name = 'Researcher';
    proposal.outcomes.advertiser.seesPublicRows = true;
    const answer = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(proposal), contentType: 'application/json' });
    expect(answer.status).toBe(200);
    const releases = answer.body.changes.filter((c: any) => c.releases);
    expect(releases.length).toBeGreaterThan(0);
    for (const c of releases) expect(c.roleName).toMatch(/\(advertiser\)$/);
    expect(releases.some((c: any) => /^Researcher/.test(c.roleName))).toBe(false);
  });

  it('P-52 P-66 a proposal loosening parameters only (k lowered, a retention left out, the merchant unbound) counts its releases at the top, as npm run policy:diff does', async () => {
    const officer = await m.token('officer');
    const proposal = structuredClone(POLICY);
    proposal.kAnonymity = 2;
    delete proposal.retentionDays['user.behavior.search_history'];
    proposal.roles.merchant.binding = 'none';
    const answer = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(proposal), contentType: 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 0, releases: 0, parameterReleases: 3 });
    expect(answer.body.parameters.filter((p: any) => p.releases).map((p: any) => p.parameter).sort()).toEqual(['kAnonymity', 'retentionDays.user.behavior.search_history', 'roles.merchant.binding']);
  });

  it('P-04 a release of an outcome is listed before thousands of reworded reasons, however long the list: padding cannot push it off', async () => {
    const officer = await m.token('officer');
    const proposal = structuredClone(POLICY);
    // Every reason of every other role reworded: each counts as a release of the explanation...
    const reword = (node: any): void => {
      if (Array.isArray(node)) return node.forEach(reword);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'reason' && typeof value === 'string') node[key] = `${value} (wording reviewed)`;
        else reword(value);
      }
    };
    for (const [role, outcomes] of Object.entries(proposal.outcomes)) if (role !== 'login_partner') reword(outcomes);
    // ...and one real release: a login partner reads the member's name (and phone, where bound).
    proposal.outcomes.login_partner.fields[0].when.notKinds.push('phone', 'name');
    const answer = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(proposal), contentType: 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBeGreaterThan(answer.body.changes.length);
    const first = answer.body.changes.filter((c: any) => c.role === 'login_partner' && c.coordinate === 'Member.name' && c.releases);
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]).toMatchObject({ before: { outcome: 'block' }, after: { outcome: 'allow' } });
    // Outcome releases come first, the reworded reasons after them.
    const order = answer.body.changes.map((c: any) => (c.before?.outcome !== c.after?.outcome ? 'outcome' : 'words'));
    expect(order.indexOf('words')).toBeGreaterThan(order.lastIndexOf('outcome'));
  });

  it('P-82 a proposal declaring hundreds of (role, purpose) pairs is refused before its table is drawn, and the gateway keeps answering', async () => {
    const officer = await m.token('officer');
    const proposal = structuredClone(POLICY);
    // Eleven roles each declaring every purpose but legal obligation: well under the size limit, over the pair limit.
    for (let i = 0; i < 11; i++) {
      proposal.roles[`advertiser_${i}`] = { ...structuredClone(POLICY.roles.advertiser), name: `Advertiser ${i}`, purposes: POLICY.purposes.filter((x: string) => x !== 'essential.legal_obligation') };
      proposal.outcomes[`advertiser_${i}`] = structuredClone(POLICY.outcomes.advertiser);
    }
    const answer = await call(`${base}/privacy/explorer/diff`, { token: officer, method: 'POST', body: JSON.stringify(proposal), contentType: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('INVALID_POLICY');
    expect(messageOf(answer.body)).toMatch(/\(role, purpose\) pairs/);
    expect((await m.ask('visitor', '{ product(id: "p-trail-boots") { name } }')).body.data.product.name).toBeTruthy();
  });
});

describe('the explorer follows a policy reload', () => {
  it('P-21 a reloaded policy that gives merchants another purpose is what the explorer shows next, its outcomes computed anew', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-explorer-reload-'));
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(POLICY));
    const gateway = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, graphiql: false, policyFile, explorer: { openOnLoopback: true } });
    const server = createServer(gateway as any);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}/privacy/explorer`;
    try {
      const merchantPurposes = async () => (await call(`${at}/roles`)).body.roles.find((r: any) => r.role === 'merchant').purposes;
      expect(await merchantPurposes()).toEqual(['essential.service.operations']);
      expect((await call(`${at}/outcomes?role=merchant&purpose=marketing.advertising.third_party`)).status).toBe(400);
      // A later modification time than the first write, whatever the file system's time resolution.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      writeFileSync(policyFile, JSON.stringify({ ...POLICY, version: `${POLICY.version}-reloaded`, roles: { ...POLICY.roles, merchant: { ...POLICY.roles.merchant, purposes: ['essential.service.operations', 'marketing.advertising.third_party'] } } }));
      await expect.poll(merchantPurposes, { timeout: 10_000, interval: 200 }).toEqual(['essential.service.operations', 'marketing.advertising.third_party']);
      const view = await call(`${at}/outcomes?role=merchant&purpose=marketing.advertising.third_party`);
      expect(view.status).toBe(200);
      expect(view.body.policyVersion).toBe(`${POLICY.version}-reloaded`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await (gateway as any).dispose?.();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
