import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { isLoopbackHost } from '../../gateway/loopback.js';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface OfflineChromium {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to send off this machine (each refused). */
  offMachine: string[];
  /** The console's error messages, and the errors the page's scripts threw. */
  consoleErrors: string[];
  pageErrors: string[];
}

/**
 * Chromium, headless, on a fresh profile under `dir`, with every request to a host other than this
 * machine refused: what a page loads and asks must all come from the gateway under test.
 */
export async function launchOfflineChromium(dir: string, options: { viewport: { width: number; height: number }; args?: string[]; context?: Parameters<typeof chromium.launchPersistentContext>[1] }): Promise<OfflineChromium> {
  // A fresh profile: no tabs or headers kept from an earlier run.
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    ...options.context,
    executablePath: CHROMIUM,
    viewport: options.viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Anything not on this machine goes to a proxy that is not there (loopback bypasses proxies).
      '--proxy-server=http://127.0.0.1:9',
      ...(options.args ?? []),
    ],
  });
  const offMachine: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.protocol === 'data:' || target.protocol === 'blob:' || isLoopbackHost(target.hostname)) return route.continue();
    offMachine.push(target.href);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, offMachine, consoleErrors, pageErrors };
}
