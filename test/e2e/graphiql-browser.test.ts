import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { CHROMIUM, launchOfflineChromium } from '../support/offline-chromium.js';
import { Marketplace } from '../support/marketplace.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { graphiqlForServing } from '../../gateway/graphiql-personas.js';
import { PERSONA_NAMES } from '../../gateway/personas.js';

/**
 * GraphiQL in a real browser (Debian's Chromium, driven by playwright-core), with every request to
 * a host other than this machine refused: the page, its code, its editor workers and its requests
 * all come from the gateway, under the page's CSP.
 */

describe('GraphiQL offline, in Chromium', () => {
  let market: Marketplace;
  let server: Server;
  let gateway: ReturnType<typeof createPrivacyGateway>;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  /** Requests the page tried to send off this machine, and the browser's complaints. */
  let offMachine: string[] = [];
  let consoleErrors: string[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`the GraphiQL browser test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it), or set CHROMIUM_PATH`);
    }
    market = await Marketplace.start();
    const served = await graphiqlForServing({ host: '127.0.0.1', corsOrigins: [] }, async () => market.keys);
    expect(served.tokens).toBe(true);
    gateway = createPrivacyGateway({ supergraph: market.supergraph, identity: { publicKey: market.keys.publicJwk }, orm: market.orm, graphiql: served.graphiql });
    server = createServer(gateway as any);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

    dir = mkdtempSync(join(tmpdir(), 'privacy-gateway-graphiql-'));
    ({ context, page, offMachine, consoleErrors, pageErrors } = await launchOfflineChromium(dir, { viewport: { width: 1400, height: 2400 } }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await (gateway as any)?.dispose?.();
    await market?.close();
    if (dir && !process.env.KEEP_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs the open tab's operation and returns the request it sent. A click that lands while
   * GraphiQL is still switching to the tab (or introspecting with its headers) runs nothing, so it
   * is clicked again until the operation is sent.
   */
  const runUntilSent = async (operation: string): Promise<Request> => {
    let sent: Request | undefined;
    page.on('request', (r) => {
      if (r.url().startsWith(url) && r.method() === 'POST' && (r.postData() ?? '').includes(operation)) sent ??= r;
    });
    await expect
      .poll(async () => sent !== undefined || (await page.locator('.graphiql-execute-button').click(), false), { timeout: 30_000, interval: 1000 })
      .toBe(true);
    return sent!;
  };

  /** What the editor at `selector` shows (Monaco draws its lines in `.view-lines`). */
  const shown = async (selector: string) => (await page.locator(`${selector} .view-lines`).filter({ visible: true }).first().innerText()).replace(/\u00a0/g, ' ');

  it('opens offline under its CSP, one tab per persona named by its operation, the visitor first and ready to run', async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    await page.locator('.graphiql-tab').first().waitFor({ timeout: 60_000 });
    const titles = (await page.locator('.graphiql-tab').allInnerTexts()).map((t) => t.trim());
    expect(titles).toHaveLength(PERSONA_NAMES.length);
    expect(titles.slice(0, 6)).toEqual(['Visitor', 'Buyer', 'BuyerOptout', 'Minor', 'Guardian', 'MerchantDeer']);
    expect(titles).not.toContain('<untitled>');
    expect(await shown('.graphiql-query-editor')).toContain('query Visitor { product(id: "p-trail-boots")');

    const answer = page.waitForResponse((r) => r.url().startsWith(url) && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('Visitor'));
    await page.locator('.graphiql-execute-button').click();
    expect((await (await answer).json()).data.product.name).toBe('Trail Boots');
    await expect.poll(() => shown('.graphiql-response'), { timeout: 20_000 }).toContain('"Trail Boots"');
    await expect.poll(() => shown('.graphiql-response'), { timeout: 10_000 }).toMatch(/"privacy": \{/);
    await page.screenshot({ path: join(dir, 'graphiql-visitor.png') });
  }, 120_000);

  it("P-21 P-40 the merchant's tab opens on the first click, fetches the merchant's schema, sends the merchant's token and shows masked phones and extensions.privacy", async () => {
    const introspected: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(url) && r.method() === 'POST' && (r.postData() ?? '').includes('__schema')) introspected.push(r.headers().authorization ?? '');
    });
    // One click, as a person clicks: the tab strip's drag gesture once moved a pressed tab from under the pointer.
    await page.getByRole('button', { name: 'MerchantDeer', exact: true }).click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('MerchantDeer');
    // The merchant's schema (introspection is per role), not the visitor's GraphiQL loaded with.
    await expect.poll(() => introspected.some((a) => a.startsWith('Bearer ') && JSON.parse(Buffer.from(a.slice(7).split('.')[1]!, 'base64url').toString()).role === 'merchant'), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => shown('.graphiql-query-editor'), { timeout: 10_000 }).toContain('query MerchantDeer { storeOrders(storeId: "deer-outfitters"');
    const headers = await (await runUntilSent('MerchantDeer')).allHeaders();
    const claims = JSON.parse(Buffer.from(headers.authorization!.replace(/^Bearer /, '').split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ role: 'merchant', sub: 'u-merchant-deer', store: 'deer-outfitters' });
    expect(headers['x-purpose']).toBe('essential.service.operations');

    // The result pane as a person reads it: the first lines, then the end (where the extensions are).
    await expect.poll(() => shown('.graphiql-response'), { timeout: 20_000 }).toMatch(/"consigneePhone": "\d{3}\*{4}\d{4}"/);
    await page.screenshot({ path: join(dir, 'graphiql-merchant.png') });
    await page.locator('.graphiql-response .monaco-editor').click();
    await page.keyboard.press('Control+End');
    await expect.poll(() => shown('.graphiql-response'), { timeout: 10_000 }).toMatch(/"privacy": \{/);
    await page.screenshot({ path: join(dir, 'graphiql-merchant-extensions.png') });
    expect(await shown('.graphiql-response')).toMatch(/"extensions": \{/);
  }, 120_000);

  it("P-21 after a reload every persona tab still sends its persona's token and purpose (tabs GraphiQL kept would come back without headers, as a visitor)", async () => {
    await page.getByRole('button', { name: 'Buyer', exact: true }).click();
    await page.reload();
    await page.locator('.graphiql-tab').first().waitFor({ timeout: 60_000 });
    // The open tab's query GraphiQL wrote into the address does not land in the visitor's tab.
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('button', { name: 'Visitor', exact: true }).click();
    await expect.poll(() => shown('.graphiql-query-editor')).toContain('query Visitor {');
    expect(await shown('.graphiql-query-editor')).not.toContain('query Buyer');
    await page.getByRole('button', { name: 'MerchantDeer', exact: true }).click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('MerchantDeer');
    const headers = await (await runUntilSent('MerchantDeer')).allHeaders();
    expect(headers.authorization).toMatch(/^Bearer /);
    expect(headers['x-purpose']).toBe('essential.service.operations');
  }, 120_000);

  it('every persona tab is in sight at a laptop width: none runs off the page unscrolled', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      const boxes = await page.locator('.graphiql-tab').evaluateAll((tabs) => tabs.map((t) => t.getBoundingClientRect().right));
      expect(boxes).toHaveLength(PERSONA_NAMES.length);
      for (const right of boxes) expect(right).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: join(dir, 'graphiql-tabs-1280.png') });
    } finally {
      await page.setViewportSize({ width: 1400, height: 2400 });
    }
  }, 60_000);

  it("P-21 a new tab (no headers: a visitor's) fetches the visitor's schema, not the one of the tab open before it", async () => {
    await page.getByRole('button', { name: 'MerchantDeer', exact: true }).click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('MerchantDeer');
    const introspected: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(url) && r.method() === 'POST' && (r.postData() ?? '').includes('__schema')) introspected.push(r.headers().authorization ?? '');
    });
    await page.locator('.graphiql-tab-add').click();
    await expect.poll(() => introspected.includes(''), { timeout: 20_000 }).toBe(true);
  }, 120_000);

  it('P-82 a page asked for under another Host name (a site resolved to 127.0.0.1), or through a proxy, carries no token', async () => {
    const port = (server.address() as AddressInfo).port;
    const pageFor = (host: string, extra: Record<string, string> = {}) =>
      new Promise<string>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', headers: { host, accept: 'text/html', ...extra } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      });
    const tokensIn = (page: string) => (page.match(/Bearer ey/g) ?? []).length;
    expect(tokensIn(await pageFor(`127.0.0.1:${port}`))).toBe(PERSONA_NAMES.length - 1); // every persona but the visitor
    const foreign = await pageFor(`attacker.example:${port}`);
    expect(foreign).toContain('x-purpose');
    expect(tokensIn(foreign)).toBe(0);
    // Nor one that came through a proxy (an nginx in front keeps the loopback Host and adds its headers).
    for (const proxied of [{ 'x-forwarded-for': '203.0.113.5' }, { forwarded: 'for=203.0.113.5' }, { via: '1.1 nginx' }, { 'x-real-ip': '203.0.113.5' }] as Record<string, string>[]) {
      expect(tokensIn(await pageFor(`127.0.0.1:${port}`, proxied)), JSON.stringify(proxied)).toBe(0);
    }
  });

  it('loaded nothing from off this machine and broke no CSP rule', () => {
    expect(offMachine).toEqual([]);
    expect([...consoleErrors, ...pageErrors].filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
