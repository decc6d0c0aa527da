import { Agent, request as httpRequest } from 'node:http';

/**
 * Open-loop load: requests leave at a fixed arrival rate whatever the target answers, and each
 * latency counts from the request's scheduled send time, so a slow answer delays no later request
 * and a backlog shows in the latency (no coordinated omission).
 * Hand-written on node:http because autocannon's `overallRate` is still bounded by its connections,
 * and artillery's arrival phases would add a second process and per-scenario bookkeeping we then re-read.
 */
export interface OpenLoopRequest {
  headers: Record<string, string>;
  body: string;
  /** Which group of the mix sent it (for the per-group tallies). */
  group: string;
}

export interface OpenLoopResult {
  offered: number;
  durationS: number;
  sent: number;
  /** Answers with status 200, per second of the step (the late ones included). */
  achieved: number;
  ok: number;
  /** Non-200 answers, errors other than privacy blocks, timeouts, and requests never sent (backlog cap). */
  errors: number;
  /** Answers with a value withheld under P-82 (the policy could not be applied: a facts owner did not answer in time). */
  overBlocked: number;
  /** Requests refused under P-80 (the access audit could not be written). */
  auditRefused: number;
  p50: number;
  p99: number;
  max: number;
  byGroup: Record<string, { sent: number; overBlocked: number; errors: number }>;
  /** CPU the backend spent on the step (the target and the subgraphs), ms, when the caller measured it. */
  backendCpuMs?: number;
}

export interface OpenLoopOptions {
  url: string;
  rate: number;
  durationS: number;
  next: () => OpenLoopRequest;
  /** A request not answered this long after its scheduled time counts as an error. Default 10 s. */
  timeoutMs?: number;
  /** Past this many requests in flight the step stops sending (the rest count as errors): the target has fallen over. */
  maxInFlight?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 1000 });

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, durationS } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxInFlight = options.maxInFlight ?? Math.max(500, rate * 3);
  const url = new URL(options.url);
  const total = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const result: OpenLoopResult = { offered: rate, durationS, sent: 0, achieved: 0, ok: 0, errors: 0, overBlocked: 0, auditRefused: 0, p50: NaN, p99: NaN, max: NaN, byGroup: {} };
  let inFlight = 0;
  const pending: Promise<void>[] = [];

  const sendOne = (scheduled: number, req: OpenLoopRequest) =>
    new Promise<void>((resolve) => {
      const group = (result.byGroup[req.group] ??= { sent: 0, overBlocked: 0, errors: 0 });
      group.sent++;
      inFlight++;
      let done = false;
      const finish = (outcome: 'ok' | 'error', text = '') => {
        if (done) return;
        done = true;
        inFlight--;
        clearTimeout(timer);
        if (outcome === 'ok') {
          result.ok++;
          latencies.push(performance.now() - scheduled);
          if (text.includes('"P-82"')) {
            result.overBlocked++;
            group.overBlocked++;
          }
        } else {
          result.errors++;
          group.errors++;
          if (text.includes('"P-80"')) result.auditRefused++;
        }
        resolve();
      };
      const timer = setTimeout(() => {
        r.destroy();
        finish('error');
      }, Math.max(1, scheduled + timeoutMs - performance.now()));
      const r = httpRequest(
        { agent, hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            // A PRIVACY_BLOCKED error is an answer (the policy withheld a value); any other error is not.
            const failed = res.statusCode !== 200 || (text.includes('"errors"') && !text.includes('"PRIVACY_BLOCKED"'));
            finish(failed ? 'error' : 'ok', text);
          });
          res.on('error', () => finish('error'));
        },
      );
      r.on('error', () => finish('error'));
      r.end(req.body);
    });

  const start = performance.now() + 5;
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        const scheduled = start + i * interval;
        i++;
        result.sent++;
        if (inFlight >= maxInFlight) {
          result.errors++;
          continue;
        }
        pending.push(sendOne(scheduled, options.next()));
      }
      if (i >= total) return resolve();
      // Wake at the next send time; the while loop above catches up on any sends a late wake-up owes.
      setTimeout(tick, Math.max(0, start + i * interval - performance.now() - 0.5));
    };
    setTimeout(tick, 5);
  });
  await Promise.all(pending);
  const elapsedS = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]! : NaN);
  result.p50 = q(0.5);
  result.p99 = q(0.99);
  result.max = latencies.length ? latencies[latencies.length - 1]! : NaN;
  result.achieved = result.ok / Math.max(durationS, elapsedS);
  return result;
}
