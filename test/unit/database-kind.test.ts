import { describe, expect, it } from 'vitest';
import { databaseKind } from '../../resolvers/orm.js';

describe('databaseKind', () => {
  it('P-82 the embedded SQLite without DATABASE_URL, PostgreSQL with a postgres:// URL, and a clear refusal for anything else: a misspelled URL never falls back to the local file', () => {
    expect(databaseKind({})).toBe('sqlite');
    expect(databaseKind({ DATABASE_URL: '' })).toBe('sqlite');
    for (const url of ['postgres://127.0.0.1:5432/test', 'postgresql://u:p@db.internal/marketplace']) expect(databaseKind({ DATABASE_URL: url }), url).toBe('postgresql');
    for (const url of ['pg://audit:pw@db.internal/marketplace', 'POSTGRES://127.0.0.1:1/x', ' postgres://127.0.0.1/x', 'mysql://x', 'garbage']) {
      expect(() => databaseKind({ DATABASE_URL: url }), url).toThrow(/^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
      // The message never repeats the value: it may hold a password.
      expect(() => databaseKind({ DATABASE_URL: url })).not.toThrow(/pw@|127\.0\.0\.1/);
    }
  });
});
