import { createServer } from 'node:net';

/** Ports below the OS's ephemeral range (32768–60999 on Linux): no `listen(0)` elsewhere can take them meanwhile. */
const LOWEST = 20000;
const SPAN = 12000;

/**
 * A base port whose `offsets` (base + each) are all free on `host` now. For a process tree that
 * takes its ports as a fixed layout from one number (`start:cluster --port N`); ports picked by the
 * process id collided with other tests' ephemeral ports.
 */
export async function freePortBlock(offsets: readonly number[], host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * (SPAN - Math.max(...offsets)));
    if ((await Promise.all(offsets.map((offset) => isFree(base + offset, host)))).every(Boolean)) return base;
  }
  throw new Error(`no free block of ports for offsets ${offsets.join(',')} on ${host} after 50 tries`);
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
