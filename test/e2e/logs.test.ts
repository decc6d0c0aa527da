/**
 * What the gateway logs: at `debug`, while personas read personal data and a store fails, no
 * seeded name, phone or e-mail reaches a log line; one server-generated request id is shared by
 * the `x-request-id` response header, the log lines and the audit entries, with a client's own id
 * logged beside it; LOG_FORMAT=json writes one JSON object a line.
 */
import { MemoryLogWriter } from '@graphql-hive/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { createGatewayLogger } from '../../gateway/gateway-logger.js';
import { AuditRecord } from '../../gateway/audit/audit-record.entity.js';
import { PERSONAS } from '../../gateway/personas.js';
import { MEMBER, ORDER } from '../../resolvers/demo-ids.js';
import { SEEDED_PERSONAL_DATA } from '../support/seeded-values.js';

const writer = new MemoryLogWriter();
let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start({ gateway: { logging: createGatewayLogger({ level: 'debug', writer }) } });
});
afterAll(async () => {
  await m?.close();
});

async function ask(persona: string, query: string, headers: Record<string, string> = {}) {
  const token = await m.token(persona);
  const purpose = PERSONAS[persona]?.purpose;
  const response = await fetch(m.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'x-purpose': purpose } : {}), ...headers },
    body: JSON.stringify({ query }),
  });
  return { requestId: response.headers.get('x-request-id'), body: (await response.json()) as any };
}

const logText = () => JSON.stringify(writer.logs);

describe('the gateway log', () => {
  it('P-82 at debug level no seeded name, phone or e-mail is logged, also when a store fails', async () => {
    const own = await ask('buyer', `{ me { name phone email orders { consigneeName consigneePhone deliveryAddress invoiceEmail note } } }`);
    expect(own.body.data.me.phone).toBe('13812345678'); // the reads happened
    await ask('merchant-deer', `{ order(id: "${ORDER.buyerDomestic}") { consigneeName consigneePhone deliveryAddress } }`);
    await ask('guardian', `{ me { wards { name phone } } member(id: "${MEMBER.minor}") { name phone orders { consigneePhone } } }`);
    await ask('agent', `{ member(id: "${MEMBER.buyer}") { name phone email } }`);
    const connection = m.orm.em.getConnection();
    await connection.execute(`alter table "accounts_member" rename to "accounts_member_broken"`);
    try {
      await ask('buyer', `{ me { name phone email } }`);
    } finally {
      await connection.execute(`alter table "accounts_member_broken" rename to "accounts_member"`);
    }
    expect(writer.logs.some((l) => l.level === 'debug')).toBe(true);
    const text = logText();
    expect(SEEDED_PERSONAL_DATA.filter((value) => text.includes(value))).toEqual([]);
    expect(text.match(/(?<![\d.])1[3-9]\d{9}(?!\d)/g) ?? []).toEqual([]);
  });

  it('P-80 one server-generated request id: response header, log lines and audit entries; a client id is logged beside it', async () => {
    const answer = await ask('buyer', '{ me { realNameVerification { realName nationalId } } }', { 'x-request-id': 'client-chosen-id' });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = writer.logs.filter((l) => (l.attrs as any)?.requestId === answer.requestId);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => (l.attrs as any).clientRequestId === 'client-chosen-id')).toBe(true);
    const audited = await m.orm.em.fork().find(AuditRecord, { requestId: answer.requestId! });
    expect(audited.length).toBeGreaterThan(0);
    expect(await m.orm.em.fork().count(AuditRecord, { requestId: 'client-chosen-id' })).toBe(0);
  });

  it('P-82 an error logged on its own keeps its class and a value-free message, not an empty line', () => {
    const lines: [string, unknown][] = [];
    const logger = createGatewayLogger({ level: 'warn', writer: { write: (_level, attrs) => void lines.push([String(_level), attrs]) } });
    const refused = Object.assign(new Error("connect ECONNREFUSED for 'alice@example.com' 13812345678"), { code: 'ECONNREFUSED' });
    logger.error(refused);
    logger.error({ err: new TypeError('fetch failed') }, 'subgraph call');
    expect(lines).toEqual([
      ['error', { code: 'ECONNREFUSED', error: 'Error: connect ECONNREFUSED for ? ?' }],
      ['error', { error: 'TypeError: fetch failed' }],
    ]);
  });

  it('LOG_FORMAT=json writes one JSON object a line', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      createGatewayLogger({ format: 'json', level: 'info' }).child({ requestId: 'r-1', variables: { phone: '13812345678' } }).info('hello');
    } finally {
      spy.mockRestore();
    }
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'info', msg: 'hello', requestId: 'r-1' })]);
    expect(lines.join('')).not.toContain('13812345678');
  });
});
