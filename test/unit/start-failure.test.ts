import { describe, expect, it } from 'vitest';
import { explainStartFailure } from '../../scripts/start-failure.js';

describe('npm start that cannot start', () => {
  it('says why in one line and what to change, with no stack: a port in use, a bad port, a damaged database, an unwritable DATA_DIR, anything else', () => {
    const failure = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);
    const env = { DATA_DIR: '/srv/data' };
    const cases: [unknown, RegExp][] = [
      [failure('listen EADDRINUSE: address already in use 127.0.0.1:4000', { code: 'EADDRINUSE', port: 4000, address: '127.0.0.1' }), /^npm start: port 4000 on 127\.0\.0\.1 is already in use: .*GATEWAY_PORT and SUBGRAPH_BASE_PORT/],
      [failure('options.port should be >= 0 and < 65536', { code: 'ERR_SOCKET_BAD_PORT' }), /^npm start: GATEWAY_PORT and SUBGRAPH_BASE_PORT must be port numbers/],
      [failure('SqliteError: file is not a database'), /^npm start: the database file \/srv\/data\/marketplace\.db is not a SQLite database or is damaged/],
      [failure("ENOTDIR: not a directory, mkdir '/srv/data'", { code: 'ENOTDIR' }), /^npm start: cannot create or open the database under DATA_DIR \(\/srv\/data\)/],
      [failure('something else\n    at frame (file.ts:1:1)'), /^npm start: something else \(set DEBUG=1 for the stack\)$/],
    ];
    for (const [error, expected] of cases) {
      const line = explainStartFailure(error, env);
      expect(line).toMatch(expected);
      expect(line).not.toMatch(/\n|\bat .*:\d+:\d+/);
    }
  });
});
