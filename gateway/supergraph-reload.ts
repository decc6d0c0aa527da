import { readFile } from 'node:fs/promises';

export interface SupergraphReloadOptions {
  /** A file path or an http(s) URL serving the supergraph SDL. */
  source: string;
  /** The SDL already read from `source` and checked. */
  initial: string;
  /** Throws to refuse a new supergraph (e.g. annotations the policy cannot check, P-82). */
  accept: (sdl: string) => void;
  log?: { info(line: string): void; error(line: string): void };
}

/**
 * The runtime's `supergraph` option as a function, for its `pollingInterval`: each poll re-reads
 * the file or URL; a changed supergraph serves only once `accept` passes it, otherwise one log
 * line and the last accepted one keeps serving (an unreadable source likewise).
 */
export function reloadingSupergraph(options: SupergraphReloadOptions): () => Promise<string> {
  const log = options.log ?? { info: (l: string) => console.log(l), error: (l: string) => console.error(l) };
  let current = options.initial;
  let unreadable = ''; // logged once per new reason, not on every poll
  return async () => {
    let next: string;
    try {
      next = /^https?:\/\//.test(options.source) ? await fetchText(options.source) : await readFile(options.source, 'utf8');
    } catch (error) {
      const reason = `cannot read ${options.source}: ${(error as Error).message}`;
      if (reason !== unreadable) log.error(`supergraph reload skipped, the last one keeps serving: ${reason}`);
      unreadable = reason;
      return current;
    }
    unreadable = '';
    if (next === current) return current;
    try {
      options.accept(next);
    } catch (error) {
      log.error(`supergraph reload refused, the last one keeps serving: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`);
      return current;
    }
    current = next;
    log.info(`supergraph reloaded from ${options.source}`);
    return current;
  };
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}
