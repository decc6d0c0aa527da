import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { positiveFromEnv } from './env-values.js';

/**
 * A lean JSON POST for the facts contract, on `node:http` with keep-alive sockets.
 *
 * Why not global `fetch`: a CPU profile of the privacy gateway put one facts fetch at 0.6–0.9 ms of
 * gateway CPU per request (undici's dispatcher, web streams for the body, `AbortSignal.timeout` and
 * its timers), a large share of the privacy layer's overhead. This sends one Buffer, reads the body
 * as Buffers, parses it once, and arms one plain timer.
 *
 * It carries no cache and merges no requests: every call is one POST, so facts are as fresh as the
 * provider's answer (P-11).
 */

/** A facts URL resolved once into what `http.request` needs. */
export interface PostTarget {
  href: string;
  secure: boolean;
  hostname: string;
  port: number;
  path: string;
}

/**
 * Idle sockets go after 4 s, before a Node server's default `keepAliveTimeout` (5 s) closes them
 * under us. `maxSockets` (FACTS_MAX_SOCKETS, default 64) bounds calls in flight per provider; more
 * wait in the agent's queue, and their answer deadline starts only once they are sent.
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: positiveFromEnv('FACTS_MAX_SOCKETS', 64), timeout: 4000 };
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** A call that got no answer in time: a timeout, told apart from a refusal in the metrics. */
export class FactsTimeoutError extends Error {}

export function postTarget(url: string): PostTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`unsupported protocol ${parsed.protocol} in ${url}`);
  const secure = parsed.protocol === 'https:';
  return {
    href: parsed.href,
    secure,
    // `new URL` keeps IPv6 hosts bracketed; http.request wants them bare.
    hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 443 : 80,
    path: parsed.pathname + parsed.search,
  };
}

/**
 * POSTs `body` as JSON (with `headersFor(payload)`, e.g. its signature) and resolves with the parsed
 * JSON answer. Rejects on a non-2xx status, a refused or dropped connection, a malformed body, or a
 * deadline (the request is destroyed, so a late answer is never read):
 * - `timeoutMs` from when the call is handed a socket: time spent waiting for one of the provider's
 *   `maxSockets` is load on our side, not the provider failing to answer;
 * - `queueTimeoutMs` (default 5 × `timeoutMs`) from the call, so a provider that holds every socket
 *   still ends in a refusal (P-82) rather than a wait without end.
 */
export function postJson(
  target: PostTarget,
  body: unknown,
  timeoutMs: number,
  headersFor?: (payload: Buffer) => Record<string, string>,
  queueTimeoutMs = timeoutMs * 5,
): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    let answerTimer: NodeJS.Timeout | undefined;
    let deadline = Infinity;
    const finish = (error: Error | null, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(queueTimer);
      clearTimeout(answerTimer);
      if (error) {
        req?.destroy();
        reject(error);
      } else resolve(value);
    };
    const queueTimer = setTimeout(() => finish(new FactsTimeoutError(`no socket within ${queueTimeoutMs} ms: ${target.href}`)), queueTimeoutMs);

    const send = (retry: boolean) => {
      const current = (target.secure ? httpsRequest : httpRequest)({
        agent: target.secure ? httpsAgent : httpAgent,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: 'POST',
        // Signed per send: a signature is accepted once (schema/first-use.ts), so the retry needs its own.
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length, ...headersFor?.(payload) },
      });
      req = current;
      current.once('socket', () => {
        if (answerTimer || settled) return; // a retry keeps the first send's deadline
        deadline = Date.now() + timeoutMs;
        // Judged after the poll phase: an answer that arrived while this process was too busy to read it is read, not refused.
        answerTimer = setTimeout(() => setImmediate(() => finish(new FactsTimeoutError(`timed out after ${timeoutMs} ms: ${target.href}`))), timeoutMs);
      });
      current.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the provider closed just as we reused it: ask once more on a fresh
        // one (the facts read is idempotent), as Node's docs advise; a live provider must not fail.
        if (retry && current.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !settled && Date.now() < deadline) return send(false);
        finish(error);
      });
      current.on('response', (res) => readJson(res, target, finish));
      current.end(payload);
    };
    send(true);
  });
}

function readJson(res: IncomingMessage, target: PostTarget, finish: (error: Error | null, value?: unknown) => void): void {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    res.resume(); // drain, so the socket goes back to the pool
    finish(new Error(`HTTP ${status} from ${target.href}`));
    return;
  }
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', (error) => finish(error));
  res.on('aborted', () => finish(new Error(`connection closed mid-answer: ${target.href}`)));
  res.on('end', () => {
    try {
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
      finish(null, JSON.parse(text));
    } catch (error) {
      finish(error as Error);
    }
  });
  res.on('close', () => {
    if (!res.complete) finish(new Error(`connection closed mid-answer: ${target.href}`));
  });
}
