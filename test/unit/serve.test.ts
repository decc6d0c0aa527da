import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { serveGateway } from '../../gateway/serve.js';

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const ok = (_req: unknown, res: { end: (body: string) => void }) => res.end('ok');
const open = (port: number) => new Promise<Socket>((resolve, reject) => {
  const socket = connect(port, '127.0.0.1', () => resolve(socket));
  socket.on('error', reject);
});
/** Resolves when the server closes the socket, with what it sent first. */
const closed = (socket: Socket) => new Promise<string>((resolve) => {
  let got = '';
  socket.on('data', (chunk) => (got += chunk.toString('latin1')));
  socket.on('close', () => resolve(got));
  socket.on('error', () => undefined);
});

it('P-82 a client that never finishes its headers is cut off, with 408, so slow connections cannot hold the file handles the gateway needs for its subgraphs', async () => {
  const server = await serveGateway(ok, { port: 0, host: '127.0.0.1', headersTimeoutMs: 300 });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const socket = await open(port);
  const done = closed(socket);
  socket.write('GET /graphql HTTP/1.1\r\nHost: x\r\n');
  const timer = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
  const answer = await done;
  clearInterval(timer);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});

it('P-82 connections beyond the cap are refused at once; those open are served', async () => {
  const server = await serveGateway(ok, { port: 0, host: '127.0.0.1', maxConnections: 2 });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const held = [await open(port), await open(port)];
  const third = await open(port);
  expect(await closed(third)).toBe('');
  const response = new Promise<string>((resolve) => held[0]!.on('data', (chunk) => resolve(chunk.toString('latin1'))));
  held[0]!.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(await response).toMatch(/^HTTP\/1\.1 200/);
  for (const s of held) s.destroy();
});

it('P-82 one address holds at most so many connections: more from it are refused at once with 503, another address is still served', async () => {
  const server = await serveGateway(ok, { port: 0, host: '127.0.0.1', maxConnectionsPerAddress: 2 });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const held = [await open(port), await open(port)];
  const third = await open(port);
  expect(await closed(third)).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*\r\n\r\ntoo many connections from this address; retry\r\n$/);
  const other = await new Promise<Socket>((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' }, () => resolve(socket));
    socket.on('error', reject);
  });
  const response = new Promise<string>((resolve) => other.on('data', (chunk) => resolve(chunk.toString('latin1'))));
  other.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(await response).toMatch(/^HTTP\/1\.1 200/);
  // A closed connection gives its place back.
  held[0]!.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const again = await open(port);
  const answer = new Promise<string>((resolve) => again.on('data', (chunk) => resolve(chunk.toString('latin1'))));
  again.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(await answer).toMatch(/^HTTP\/1\.1 200/);
  for (const s of [held[1]!, other, again]) s.destroy();
});

it('P-82 a body sent a byte at a time is cut off after the request timeout, with 408', async () => {
  // A handler that answers once the body is in, as the gateway does.
  const whenRead = (req: any, res: any) => (req.resume(), req.on('end', () => res.end('ok')));
  const server = await serveGateway(whenRead, { port: 0, host: '127.0.0.1', headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const socket = await open(port);
  const done = closed(socket);
  socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{');
  const timer = setInterval(() => socket.writable && socket.write(' '), 200);
  const answer = await done;
  clearInterval(timer);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});
