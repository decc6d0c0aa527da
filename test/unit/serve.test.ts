import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { serveGateway } from '../../gateway/serve.js';

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const ok = (_req: unknown, res: { end: (body: string) => void }) => res.end('ok');
const open = (port: number, localAddress?: string) => new Promise<Socket>((resolve, reject) => {
  const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
  socket.on('error', reject);
});
/** The first bytes the server answers a GET sent on `socket`. */
const served = (socket: Socket) => {
  const response = new Promise<string>((resolve) => socket.on('data', (chunk) => resolve(chunk.toString('latin1'))));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  return response;
};
/** Resolves when the server closes the socket, with what it sent first. */
const closed = (socket: Socket) => new Promise<string>((resolve) => {
  let got = '';
  socket.on('data', (chunk) => (got += chunk.toString('latin1')));
  socket.on('close', () => resolve(got));
  socket.on('error', () => undefined);
});

/** What the server answers a client that sends `head`, then `drip` every `everyMs` until the server closes. */
async function trickled(server: { address: () => unknown }, head: string, drip: string, everyMs: number): Promise<string> {
  const socket = await open((server.address() as AddressInfo).port);
  const done = closed(socket);
  socket.write(head);
  const timer = setInterval(() => socket.writable && socket.write(drip), everyMs);
  try {
    return await done;
  } finally {
    clearInterval(timer);
  }
}

it('P-82 a client that never finishes its headers is cut off, with 408, so slow connections cannot hold the file handles the gateway needs for its subgraphs', async () => {
  const server = await serveGateway(ok, { port: 0, host: '127.0.0.1', headersTimeoutMs: 300 });
  servers.push(server);
  expect(await trickled(server, 'GET /graphql HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 100)).toMatch(/^HTTP\/1\.1 408/);
});

it('P-82 connections beyond the cap are refused at once; those open are served', async () => {
  const server = await serveGateway(ok, { port: 0, host: '127.0.0.1', maxConnections: 2 });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const held = [await open(port), await open(port)];
  const third = await open(port);
  expect(await closed(third)).toBe('');
  expect(await served(held[0]!)).toMatch(/^HTTP\/1\.1 200/);
  for (const s of held) s.destroy();
});

it('P-82 one address holds at most so many connections: more from it are refused at once with 503, another address is still served', async () => {
  const server = await serveGateway(ok, { port: 0, host: '127.0.0.1', maxConnectionsPerAddress: 2 });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const held = [await open(port), await open(port)];
  const third = await open(port);
  expect(await closed(third)).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*\r\n\r\ntoo many connections from this address; retry\r\n$/);
  const other = await open(port, '127.0.0.2');
  expect(await served(other)).toMatch(/^HTTP\/1\.1 200/);
  // A closed connection gives its place back.
  held[0]!.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const again = await open(port);
  expect(await served(again)).toMatch(/^HTTP\/1\.1 200/);
  for (const s of [held[1]!, other, again]) s.destroy();
});

it('P-82 a body sent a byte at a time is cut off after the request timeout, with 408', async () => {
  // A handler that answers once the body is in, as the gateway does.
  const whenRead = (req: any, res: any) => (req.resume(), req.on('end', () => res.end('ok')));
  const server = await serveGateway(whenRead, { port: 0, host: '127.0.0.1', headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 });
  servers.push(server);
  expect(await trickled(server, 'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{', ' ', 200)).toMatch(/^HTTP\/1\.1 408/);
});
