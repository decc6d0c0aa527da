import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark's view into one of its child processes, served on its own port (never on the
 * port under load, so no target's request path is touched): the process's own CPU accounting
 * (`process.cpuUsage()`), its resident memory and the peak since the last reading, and whatever
 * counters the process keeps (SQL statements, subgraph requests, facts lookups).
 *
 * Routes: `GET /stats` (and reset the RSS peak), `GET /mark` (the profiler's clock), `POST /counting?on=1|0`,
 * `POST /exit`.
 */
export interface ProbeStats {
  pid: number;
  /** CPU time of this process, microseconds (user + system). */
  cpuMicros: number;
  rssBytes: number;
  /** Highest RSS seen since the previous `/stats` (sampled every 100 ms). */
  peakRssBytes: number;
  /** The process's lifetime peak (`resourceUsage().maxRSS`). */
  maxRssBytes: number;
  counters: Record<string, number>;
}

export interface ProbeOptions {
  counters?: () => Record<string, number>;
  /** Called on `/counting?on=`: switch counting that costs CPU on or off. */
  setCounting?: (on: boolean) => void;
  /** Called before the process exits on `/exit` (a CPU profile is written on a clean exit). */
  beforeExit?: () => Promise<void> | void;
}

export async function startProbe(options: ProbeOptions = {}): Promise<string> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, 100);
  sampler.unref();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://probe');
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/stats') {
      const cpu = process.cpuUsage();
      const rss = process.memoryUsage.rss();
      const stats: ProbeStats = {
        pid: process.pid,
        cpuMicros: cpu.user + cpu.system,
        rssBytes: rss,
        peakRssBytes: Math.max(peak, rss),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        counters: options.counters?.() ?? {},
      };
      peak = rss;
      return send(stats);
    }
    if (url.pathname === '/mark') {
      // The monotonic clock V8's CPU profiler stamps its samples with, in microseconds.
      return send({ monotonicMicros: Number(process.hrtime.bigint() / 1000n) });
    }
    if (url.pathname === '/counting') {
      options.setCounting?.(url.searchParams.get('on') === '1');
      return send({ ok: true });
    }
    if (url.pathname === '/exit') {
      send({ ok: true });
      await options.beforeExit?.();
      // A clean exit, so that --cpu-prof writes its profile.
      setTimeout(() => process.exit(0), 50);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The line a child prints on stdout when it serves; the parent waits for it. */
export const READY_PREFIX = 'BENCH_READY ';

export interface ReadyMessage {
  /** Where the target serves (its GraphQL URL); for the subgraphs host, the subgraph URLs. */
  url: string;
  probe: string;
  subgraphs?: Record<string, string>;
}

export function announceReady(message: ReadyMessage): void {
  process.stdout.write(READY_PREFIX + JSON.stringify(message) + '\n');
}
