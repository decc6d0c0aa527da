import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchOfflineChromium } from '../support/offline-chromium.js';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { Marketplace } from '../support/marketplace.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { explorerForServing } from '../../gateway/graphiql-personas.js';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';

/**
 * The privacy explorer in a real browser (Debian's Chromium, driven by playwright-core), served by
 * a development gateway on loopback, every request off this machine refused.
 *
 * The merchant's view is compared with a committed PNG (test/e2e/__screenshots__/): playwright-core
 * has no screenshot assertion, so pngjs decodes both and pixelmatch counts the pixels that differ
 * beyond anti-aliasing (threshold 0.02: a chip whose colour moves is caught, 0.1 misses it). Fixed viewport and scale, no animations or caret, one font family
 * (`sans-serif`, which Debian resolves the same way on every run); a few pixels may differ
 * (MAX_DIFFERENT_PIXELS), a changed layout, colour or text does not pass. The baseline is Debian
 * Chromium's rendering with Debian's fonts: `UPDATE_SCREENSHOTS=1` rewrites it after a deliberate
 * change of the page (look at the new PNG before committing it).
 */

const BASELINE = fileURLToPath(new URL('./__screenshots__/privacy-explorer-merchant.png', import.meta.url));
const VIEWPORT = { width: 1280, height: 1000 };
/** Pixels that may differ from the baseline (of 1,280,000): text antialiasing noise, not a changed word. */
const MAX_DIFFERENT_PIXELS = 200;
const POLICY = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));

describe.skipIf(!existsSync(CHROMIUM))(`the privacy explorer in Chromium${existsSync(CHROMIUM) ? '' : ` (skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium, or set CHROMIUM_PATH)`}`, () => {
  let market: Marketplace;
  let server: Server;
  let gateway: ReturnType<typeof createPrivacyGateway>;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  let offMachine: string[] = [];
  let consoleErrors: string[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    market = await Marketplace.start();
    // Served as `npm start` serves it in development: loopback, no CORS origin, so open without a token.
    const served = explorerForServing({ host: '127.0.0.1', corsOrigins: [], env: {} });
    expect(served.explorer.openOnLoopback).toBe(true);
    gateway = createPrivacyGateway({ supergraph: market.supergraph, identity: { publicKey: market.keys.publicJwk }, graphiql: false, explorer: served.explorer });
    server = createServer(gateway as any);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/privacy/explorer`;

    dir = mkdtempSync(join(tmpdir(), 'privacy-gateway-explorer-'));
    ({ context, page, offMachine, consoleErrors, pageErrors } = await launchOfflineChromium(dir, {
      viewport: VIEWPORT,
      args: ['--hide-scrollbars', '--font-render-hinting=none', '--force-color-profile=srgb'],
      context: { deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' },
    }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await (gateway as any)?.dispose?.();
    await market?.close();
    if (dir && !process.env.KEEP_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
  });

  const field = (coordinate: string) => page.locator(`li.field[data-coordinate="${coordinate}"]`);

  it("P-21 the merchant's view: Order.consigneePhone masked, its rule's id, reason and text beside it, and another store's order blocked", async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Merchant' });
    await page.getByLabel('Purpose', { exact: true }).selectOption('essential.service.operations');
    await expect.poll(() => page.locator('#view-title').innerText(), { timeout: 30_000 }).toBe('as Merchant, purpose essential.service.operations');

    const phone = field('Order.consigneePhone');
    await phone.waitFor();
    const text = await phone.innerText();
    expect(text).toMatch(/consigneePhone/);
    expect(text).toMatch(/unrelated \(every condition\): block P-21/);
    expect(text).toMatch(/other rows: mask P-21/);
    expect(await phone.locator('.chip.outcome-mask').count()).toBeGreaterThan(0);
    // The rule's text from docs/policy/POLICY.md, beside the field.
    expect(await phone.locator('.rule-text', { hasText: 'P-21' }).innerText()).toMatch(/^P-21 A merchant reads the orders of its own store only: .*consignee phone masked/);
    expect(await phone.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(107, 61, 0)');
  }, 120_000);

  it('P-21 P-50 a role chosen while another one’s outcomes are still on their way shows its own: the late answer is dropped', async () => {
    await page.route('**/outcomes?role=advertiser*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    try {
      await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Advertiser' });
      await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Merchant' });
      await page.getByLabel('Purpose', { exact: true }).selectOption('essential.service.operations');
      await expect.poll(() => page.locator('#view-title').innerText(), { timeout: 30_000 }).toBe('as Merchant, purpose essential.service.operations');
      await new Promise((resolve) => setTimeout(resolve, 2000)); // past the advertiser's answer
      expect(await page.locator('#view-title').innerText()).toBe('as Merchant, purpose essential.service.operations');
      expect(await field('Order.consigneePhone').innerText()).toMatch(/mask P-21/);
      expect(await field('Member.phone').innerText()).not.toMatch(/P-50/); // the advertiser's: block P-50
    } finally {
      await page.unroute('**/outcomes?role=advertiser*');
    }
  }, 60_000);

  it("the merchant's view looks as committed (screenshot compared with the baseline)", async () => {
    await page.getByLabel('Filter fields').fill('consignee');
    await expect.poll(() => page.locator('#status').innerText()).toMatch(/^\d+ fields shown matching “consignee”\.$/);
    await page.getByLabel('Filter fields').blur();
    await page.evaluate(() => window.scrollTo(0, 0));
    const shot = await page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
    if (process.env.UPDATE_SCREENSHOTS || !existsSync(BASELINE)) {
      mkdirSync(join(BASELINE, '..'), { recursive: true });
      writeFileSync(BASELINE, shot);
      if (!process.env.UPDATE_SCREENSHOTS) throw new Error(`no baseline: wrote ${BASELINE}; look at it, commit it, run again`);
      return;
    }
    const actual = PNG.sync.read(shot);
    const expected = PNG.sync.read(readFileSync(BASELINE));
    expect([actual.width, actual.height], 'screenshot size').toEqual([expected.width, expected.height]);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const different = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.02 });
    if (different > MAX_DIFFERENT_PIXELS) {
      const kept = mkdtempSync(join(tmpdir(), 'privacy-explorer-screenshot-'));
      writeFileSync(join(kept, 'actual.png'), shot);
      writeFileSync(join(kept, 'diff.png'), PNG.sync.write(diff));
      throw new Error(`${different} pixels differ from ${BASELINE} (at most ${MAX_DIFFERENT_PIXELS}); actual and diff in ${kept}; UPDATE_SCREENSHOTS=1 accepts a deliberate change`);
    }
  }, 60_000);

  it("P-83 loading a proposal that opens the support purpose to merchants lists RELEASES for the merchant", async () => {
    await page.getByLabel('Filter fields').fill('');
    const proposal = { ...POLICY, version: `${POLICY.version}-proposed`, roles: { ...POLICY.roles, merchant: { ...POLICY.roles.merchant, purposes: ['essential.service.operations', 'essential.service.operations.support'] } } };
    await page.getByLabel('Policy file').setInputFiles({ name: 'proposed-policy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(proposal, null, 2)) });
    await expect.poll(() => page.getByLabel('or the policy as JSON').inputValue()).toContain('-proposed');
    await page.getByRole('button', { name: 'Show the differences' }).click();
    await expect.poll(() => page.locator('#diff-status').innerText(), { timeout: 30_000 }).toMatch(/^Compared: \d+ changes, [1-9]\d* releases\.$/);
    expect(await page.locator('.diff-summary').innerText()).toMatch(/→ .*-proposed: \d+ outcomes? change, [1-9]\d* of them release data/);
    const release = page.locator('table.changes tbody tr.releases').first();
    expect(await release.innerText()).toMatch(/^Merchant \(merchant\)\tessential\.service\.operations\.support\t\S+\t.+\tnot open → \w+ P-\d{2} RELEASES$/);
    await page.locator('#proposal-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(dir, 'explorer-merchant-diff.png') });
  }, 60_000);

  it("P-21 a proposal withdrawing the merchant's purpose marks the merchant's fields in the tree: mask → not open", async () => {
    const proposal = { ...POLICY, version: `${POLICY.version}-withdrawn`, roles: { ...POLICY.roles, merchant: { ...POLICY.roles.merchant, purposes: [] } } };
    await page.getByLabel('or the policy as JSON').fill(JSON.stringify(proposal));
    await page.getByRole('button', { name: 'Show the differences' }).click();
    await expect.poll(() => page.locator('#diff-status').innerText(), { timeout: 30_000 }).toMatch(/^Compared: [1-9]\d* changes, 0 releases\.$/);
    const phone = field('Order.consigneePhone');
    expect(await phone.getAttribute('class')).toContain('changed');
    expect(await phone.locator('.change-note').first().innerText()).toMatch(/^proposal: (\S.*: )?mask P-2[13] → not open$/);
  }, 60_000);

  it("P-83 P-21 a proposal that only rewords a refusal shows the words before and after beside RELEASES: they are what the caller reads", async () => {
    const reworded = JSON.parse(JSON.stringify(POLICY).replaceAll("another store's order", "another store's order (it exists; its buyer withdrew consent)"));
    reworded.version = `${POLICY.version}-reworded`;
    await page.getByLabel('or the policy as JSON').fill(JSON.stringify(reworded));
    await page.getByRole('button', { name: 'Show the differences' }).click();
    await expect.poll(() => page.locator('#diff-status').innerText(), { timeout: 30_000 }).toMatch(/^Compared: [1-9]\d* changes, [1-9]\d* releases\.$/);
    const row = await page.locator('table.changes tbody tr.releases').first().innerText();
    expect(row).toMatch(/block P-21 → block P-21 RELEASES/);
    expect(row).toContain("explanation: “another store's order” → “another store's order (it exists; its buyer withdrew consent)”");
  }, 60_000);

  it('P-52 a proposal that only lowers k is compared as one change that releases: the summary counts parameters, not outcomes alone', async () => {
    await page.getByLabel('or the policy as JSON').fill(JSON.stringify({ ...POLICY, version: `${POLICY.version}-k2`, kAnonymity: 2 }));
    await page.getByRole('button', { name: 'Show the differences' }).click();
    await expect.poll(() => page.locator('#diff-status').innerText(), { timeout: 30_000 }).toBe('Compared: 1 change, 1 release.');
    expect(await page.locator('.diff-summary').innerText()).toMatch(/-k2: 0 outcomes change, 0 of them release data; 1 parameter change, 1 of them release data\.$/);
    expect(await page.locator('table.parameters tbody tr.releases').innerText()).toMatch(/^kAnonymity\t5 → 2 RELEASES\t/);
  }, 60_000);

  it('P-82 an invalid proposal shows every problem, and nothing is compared', async () => {
    await page.getByLabel('or the policy as JSON').fill(JSON.stringify({ ...POLICY, kAnonymity: 1, roles: { ...POLICY.roles, merchant: { ...POLICY.roles.merchant, purposes: ['no.such.purpose'] } } }));
    await page.getByRole('button', { name: 'Show the differences' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const text = await alert.innerText();
    expect(text).toContain('the policy is not valid');
    expect(text).toContain("roles.merchant: unknown purpose 'no.such.purpose'");
    expect(text).toContain('kAnonymity: must be >= 2 (P-52)');
    expect(await page.locator('table.changes').count()).toBe(0);
  }, 60_000);

  it('loaded nothing from off this machine, broke no CSP rule, asked for nothing missing (a favicon), threw nothing', async () => {
    expect(offMachine).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to|404/i.test(e))).toEqual([]);
    // A browser with a tab strip asks for /favicon.ico (a 404 in its console) unless the page names its icon.
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('data:,');
    expect(pageErrors).toEqual([]);
  });
});
