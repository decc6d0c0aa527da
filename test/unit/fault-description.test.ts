import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeFault, valueFreeLogger } from '../../schema/fault-description.js';

/** A driver error as libsql throws it: the SQL with its values bound in. */
const driverError = Object.assign(new Error("select `e`.`id` from `catalog_product` as `e` where (lower(e.name) like '%alice@example.com 13812345678 xxx%' escape '\\') - LIKE or GLOB pattern too complex"), { name: 'SqliteError', code: 'SQLITE_ERROR' });

describe('logs without values', () => {
  afterEach(() => vi.restoreAllMocks());

  it('P-82 a fault is described by class, code and message with every literal and long number replaced', () => {
    const line = describeFault(driverError);
    expect(line).toMatch(/^SqliteError SQLITE_ERROR: select .* like \? escape \?\) - LIKE or GLOB pattern too complex$/);
    expect(line).not.toMatch(/alice|13812345678|example\.com/);
  });

  it("P-82 the subgraphs' server logger writes an error it masked as that description, never the error with its SQL and stack", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const logger = valueFreeLogger('subgraph reviews');
    logger.error(driverError);
    logger.warn('member m-buyer wrote to bob@example.com from 13987654321');
    logger.info('request', { term: 'alice@example.com' });
    logger.debug('anything');
    expect(error.mock.calls).toEqual([[`subgraph reviews: ${describeFault(driverError)}`]]);
    expect(warn.mock.calls).toEqual([['subgraph reviews: member m-buyer wrote to ? from ?']]);
  });
});
