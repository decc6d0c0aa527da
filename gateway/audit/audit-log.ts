import { UniqueConstraintViolationException, type EntityManager, type MikroORM } from '@mikro-orm/core';
import { LEGAL_OBLIGATION } from '../../directives/policy-config.js';
import { AuditRecord } from './audit-record.entity.js';
import { AuditSubject } from './audit-subject.entity.js';
import type { AuditEntryRecord } from '../../schema/audit-entries.js';
import { loadAuditChainKey } from './audit-key.js';
import { chainAuditRecords, createChainVerifier, decodeDecisions, subjectsOf, type ChainVerification, type ChainedAuditRecord, type NewAuditRecord } from './audit-chain.js';

/** How long after its answer a refusal-only record is written: past the answer's own serialization and send (P-80, P-34, P-70). */
export const REFUSALS_RECORDED_AFTER_MS = 25;

export interface AuditLogOptions {
  /** How many times an append is retried when another writer took the same `seq`. @default 20 */
  maxAttempts?: number;
  /** Told after each transaction: how many requests' records and decisions it held, how long it took, whether it committed. */
  onCommit?: (commit: AuditCommit) => void;
  /** The chain's key (gateway/audit/audit-key.ts). @default loadAuditChainKey() */
  key?: string;
}

/** One transaction of the access audit: the requests' records it committed together. */
export interface AuditCommit {
  requests: number;
  entries: number;
  seconds: number;
  ok: boolean;
}

/** PostgreSQL advisory-lock key that serializes appends across gateway processes (any constant). */
const PG_APPEND_LOCK = 80_080;

/**
 * The access audit (P-80): appends each request's decisions as one hash-chained record, and the
 * record's subjects to the subject index, in one transaction.
 *
 * Appends are serialized twice: in this process by a single writer over a queue (so 200
 * concurrent requests write one after another without contention), and across processes by the
 * database: on PostgreSQL a transaction-scoped advisory lock, and on every dialect the primary
 * key `seq`, so two writers that read the same head cannot both insert after it; the loser
 * retries on the new head. The chain therefore never forks, whatever the number of gateway instances.
 *
 * On PostgreSQL a group normally commits in one round trip: one statement that takes the advisory
 * lock and inserts after the head this process last wrote. If another process appended meanwhile,
 * that statement collides on `seq` and writes nothing; the group is then written in a transaction
 * that reads the head under the lock, as every group is for a while after (SHARED_CHAIN_MS).
 *
 * On SQLite a group commits on the ORM's own connection with prepared statements, under the
 * write lock taken first (BEGIN IMMEDIATE), the head read under it: see appendOnSqlite.
 *
 * `append` resolves once the record is committed: the gateway awaits it before the response
 * leaves, so an answered request is an audited one (durable before the response).
 */
export class AuditLog {
  private pending: { record: NewAuditRecord; resolve: (record: ChainedAuditRecord) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  /** The last record this process committed, or read under the lock; undefined when unknown. */
  private head: { seq: number; hash: string } | null | undefined = undefined;
  /** Until then (a `performance.now()` reading), another process was seen appending: read the head every time. */
  private sharedUntil = 0;
  private readonly postgres: boolean;
  /** SQLite through libsql: appends run on the ORM's pooled connection directly (appendOnSqlite). */
  private sqlite: boolean;
  private readonly maxAttempts: number;
  private readonly onCommit: (commit: AuditCommit) => void;
  private readonly key: string;

  constructor(private readonly orm: MikroORM, options: AuditLogOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 20;
    this.onCommit = options.onCommit ?? (() => {});
    this.key = options.key ?? loadAuditChainKey();
    this.postgres = orm.config.get('driver')?.name === 'PostgreSqlDriver';
    this.sqlite = orm.config.get('driver')?.name === 'LibSqlDriver';
  }

  /**
   * Appends one request's record; resolves with it, chained, once it is committed. Records that
   * arrive while a commit is running are committed together in the next transaction (group
   * commit): one fsync for many requests, each request still answered only after its own record
   * is durable. A record without decisions is not written (resolves with null).
   */
  append(record: NewAuditRecord): Promise<ChainedAuditRecord | null> {
    if (!record.decisions.length) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      void this.drain();
    });
  }

  /** The single in-process writer: takes everything queued, commits it, repeats until the queue is empty. */
  private async drain(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length) {
        // On SQLite a commit runs synchronously, so nothing can join a group while it runs: one turn of
        // the event loop first lets the requests whose passes finished in the same turn join this group
        // (one fsync for them all, not one each). An idle gateway waits that one turn, no timer.
        if (this.sqlite) await new Promise<void>((resolve) => setImmediate(resolve));
        const group = this.takeGroup();
        try {
          const chained = await this.write(group.map((g) => g.record));
          group.forEach((g, i) => g.resolve(chained[i]!));
        } catch (error) {
          // A store that cannot be written (locked, I/O error) fails every record alike: refuse them
          // together (P-80) instead of waiting out the lock once more for each.
          if (storeUnavailable(error)) for (const g of group) g.reject(error);
          // One bad record must not fail the others: retry each alone, each caller gets its own verdict.
          else for (const g of group) await this.write([g.record]).then(([c]) => g.resolve(c!), g.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Whole records, up to GROUP_LIMIT decisions (a single larger record goes alone). No time window:
   * a group is what arrived while the previous transaction ran (on SQLite, and in the event loop's
   * turn before it), so an idle gateway waits for no timer.
   */
  private takeGroup() {
    let size = 0;
    let n = 0;
    while (n < this.pending.length && n < GROUP_RECORDS && (n === 0 || size + this.pending[n]!.record.decisions.length <= GROUP_LIMIT)) size += this.pending[n++]!.record.decisions.length;
    return this.pending.splice(0, n);
  }

  private async write(records: NewAuditRecord[]): Promise<ChainedAuditRecord[]> {
    const start = performance.now();
    const entries = records.reduce((n, r) => n + r.decisions.length, 0);
    try {
      const chained = await this.attempt(records);
      this.onCommit({ requests: records.length, entries, seconds: (performance.now() - start) / 1000, ok: true });
      return chained;
    } catch (error) {
      this.onCommit({ requests: records.length, entries, seconds: (performance.now() - start) / 1000, ok: false });
      throw error;
    }
  }

  private async attempt(records: NewAuditRecord[]): Promise<ChainedAuditRecord[]> {
    if (this.head !== undefined && this.postgres && performance.now() >= this.sharedUntil) {
      const chained = chainAuditRecords(this.key, this.head, records);
      const subjects = subjectRows(chained, records);
      if (subjects.length <= ONE_STATEMENT_SUBJECTS) {
        try {
          await this.orm.em.getConnection().execute(pgLockedAppend(chained.length, subjects.length), [PG_APPEND_LOCK, ...chained.flatMap(recordValues), ...subjects.flat()], 'run');
          this.head = headOf(chained);
          return chained;
        } catch (error) {
          // Another process appended since (its seq is taken): read the head under the lock below, and
          // keep doing so for a while, as another writer is active (a cluster's replicas share the chain).
          if (!isRetryable(error)) throw error;
          this.head = undefined;
          this.sharedUntil = performance.now() + SHARED_CHAIN_MS;
        }
      }
    }
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const chained = (this.sqlite ? await this.appendOnSqlite(records) : null) ?? (await this.appendInTransaction(records));
        this.head = headOf(chained);
        return chained;
      } catch (error) {
        this.head = undefined;
        if (attempt >= this.maxAttempts || !isRetryable(error)) throw error;
        // SQLite waits for a lock synchronously (busy_timeout): a lock held past it is a store that
        // cannot be written now; refuse (P-80) rather than block the process once per attempt.
        if (this.sqlite && performance.now() - started >= SQLITE_RETRY_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /** One transaction through MikroORM's connection: reads the head (under the advisory lock on PostgreSQL), inserts after it. */
  private async appendInTransaction(records: NewAuditRecord[]): Promise<ChainedAuditRecord[]> {
    // The connection's own transaction, not the EntityManager's: that one runs in an
    // AsyncLocalStorage, and its first use turns on promise hooks that tax every promise of the process.
    const connection = this.orm.em.getConnection();
    return connection.transactional(async (context) => {
      if (this.postgres) await connection.execute('select pg_advisory_xact_lock(?)', [PG_APPEND_LOCK], 'all', context);
      // Two columns of one row: read as they are, without hydrating an entity.
      const [head] = await connection.execute<{ seq: number | string; hash: string }[]>(HEAD_SQL, [], 'all', context);
      const chained = chainAuditRecords(this.key, head ? { seq: Number(head.seq), hash: head.hash } : null, records);
      for (const statement of auditInsertStatements(chained, subjectRows(chained, records), this.postgres)) await connection.execute(statement.sql, statement.params, 'run', context);
      return chained;
    });
  }

  /**
   * The audit store's readiness probe (P-80): reads the chain's head, and on SQLite takes the write
   * lock an append takes and gives it back at once, waiting for it at most PROBE_LOCK_MS. Rejects
   * while the audit could not be read or written (a lock held elsewhere, an I/O error), which
   * `select 1`, reading no page of the file and taking no lock, never told. One indexed row.
   */
  async probe(): Promise<void> {
    if (this.sqlite && (await this.withSqliteConnection((db) => probeOnSqlite(db))) !== null) return;
    await this.orm.em.getConnection().execute(HEAD_SQL, [], 'all');
  }

  /** Runs `use` on the ORM's pooled libsql connection, held for it; null when that is not a libsql one. */
  private async withSqliteConnection<T>(use: (db: SqliteDatabase) => T): Promise<T | null> {
    const client = (this.orm.em.getConnection() as unknown as { getKnex(): { client: PoolClient } }).getKnex().client;
    const db = (await client.acquireConnection()) as SqliteDatabase;
    try {
      if (typeof db?.prepare !== 'function') {
        this.sqlite = false;
        return null;
      }
      return use(db);
    } catch (error) {
      // knex's own mark of a dead connection (its MySQL dialect sets it): the pool's validate drops it at
      // the next acquire and opens a fresh one, so a connection that I/O errors left broken is not kept.
      if (brokenConnection(error)) (db as unknown as { __knex__disposed?: unknown }).__knex__disposed = error;
      throw error;
    } finally {
      await client.releaseConnection(db);
    }
  }

  /**
   * SQLite: the group in one transaction on the ORM's own connection, held from its pool for the
   * transaction (the process's transactions still run one at a time), its reads and inserts prepared
   * once, everything run synchronously: BEGIN IMMEDIATE (the write lock first, so the head read under it is the
   * chain's head in every process), the head, one insert per row, COMMIT. Below the ORM because
   * through knex and MikroORM these statements cost about 1 ms more CPU per group than the
   * statements themselves. Not a connection of its own: an audit commit landing between a read
   * and a write of an ORM transaction of this process would fail that transaction
   * (SQLITE_BUSY_SNAPSHOT). The ORM still owns the tables, their migrations and every read.
   * Resolves with null when the pooled connection is not a libsql one: the caller takes the ORM's way.
   */
  private appendOnSqlite(records: NewAuditRecord[]): Promise<ChainedAuditRecord[] | null> {
    return this.withSqliteConnection((db) => {
      const statements = appendStatements(db);
      // exec, not a prepared statement's run(): libsql leaves a statement whose run() failed (SQLITE_BUSY) in progress, pinning the connection's snapshot for good; exec finalizes its statement.
      db.exec('begin immediate');
      try {
        const head = statements.head.get() as { seq: number; hash: string } | undefined;
        const chained = chainAuditRecords(this.key, head ? { seq: Number(head.seq), hash: head.hash } : null, records);
        for (const record of chained) statements.record.run(sqliteRecordValues(record));
        for (const row of subjectRows(chained, records)) statements.subject.run(row);
        db.exec('commit');
        return chained;
      } finally {
        if (db.inTransaction) db.exec('rollback');
      }
    });
  }
}

/** How long the readiness probe waits for SQLite's write lock: a commit of another process takes milliseconds. */
const PROBE_LOCK_MS = 200;

/** The probe on SQLite: the write lock, waited for at most PROBE_LOCK_MS, and the head read under it; nothing written. */
function probeOnSqlite(db: SqliteDatabase): true {
  const waits = Number((db.prepare('pragma busy_timeout').get() as { timeout?: unknown } | undefined)?.timeout);
  db.exec(`pragma busy_timeout = ${PROBE_LOCK_MS}`);
  try {
    db.exec('begin immediate');
    try {
      appendStatements(db).head.get();
    } finally {
      db.exec('rollback');
    }
  } finally {
    db.exec(`pragma busy_timeout = ${Number.isFinite(waits) ? waits : 0}`);
  }
  return true;
}

/** What the SQLite append uses of knex's pool: the raw connection, held exclusively until released. */
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** What the SQLite append uses of a libsql connection (the better-sqlite3 API). */
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  readonly inTransaction: boolean;
}
interface SqliteStatement {
  run(params?: unknown[]): unknown;
  get(params?: unknown[]): unknown;
}

/** The append's statements, prepared once per connection (the pool renews its connection now and then). */
const preparedAppends = new WeakMap<SqliteDatabase, ReturnType<typeof prepareAppend>>();
function appendStatements(db: SqliteDatabase) {
  let statements = preparedAppends.get(db);
  if (!statements) preparedAppends.set(db, (statements = prepareAppend(db)));
  return statements;
}
function prepareAppend(db: SqliteDatabase) {
  return {
    head: db.prepare(HEAD_SQL),
    record: db.prepare(`insert into audit_record (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`),
    subject: db.prepare('insert into audit_subject (subject, seq) values (?, ?)'),
  };
}

/** Decisions committed together at most (whole records): about 13 merchant lists of 50 orders, a few ms of inserts. */
const GROUP_LIMIT = 2000;
/** Records committed together at most (10 bind parameters each, well under PostgreSQL's 65,535). */
const GROUP_RECORDS = 500;
/** Subject-index rows in the one-statement append at most (2 bind parameters each). */
const ONE_STATEMENT_SUBJECTS = 20_000;
const HEAD_SQL = 'select seq, hash from audit_record order by seq desc limit 1';

/** How long the SQLite append retries at most: past this, SQLite's own busy wait already ran out. */
const SQLITE_RETRY_MS = 1000;
/** How long appends read the head under the lock after another process was seen appending. */
const SHARED_CHAIN_MS = 5000;
const COLUMNS = ['seq', 'at', 'request_id', 'caller_sub', 'role', 'purpose', 'case_ref', 'decisions', 'prev_hash', 'hash'] as const;
const CASTS = ['int', 'timestamptz', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'text', 'varchar', 'varchar'];
const PG_ROW = `(${CASTS.map((t) => `?::${t}`).join(', ')})`;
const PG_SUBJECT_ROW = '(?::varchar, ?::int)';

/** The subject index's rows of chained records: `[subject, seq]`. */
export function subjectRows(chained: ChainedAuditRecord[], records: NewAuditRecord[]): [string, number][] {
  return chained.flatMap((c, i) => subjectsOf(records[i]!.decisions).map((s): [string, number] => [s, c.seq]));
}

/**
 * PostgreSQL, one round trip that commits on its own: the advisory lock (a CTE both inserts read,
 * so it runs first), the records after the head this process knows, and their subject rows.
 * MikroORM's insertMany cannot read a CTE, hence the text. If another process appended
 * meanwhile, `seq` collides and the whole statement writes nothing.
 */
function pgLockedAppend(records: number, subjects: number): string {
  const lock = 'with append_lock as (select pg_advisory_xact_lock(?))';
  const insertRecords = `insert into audit_record (${COLUMNS.join(', ')}) select v.* from append_lock, (values ${Array.from({ length: records }, () => PG_ROW).join(', ')}) as v(${COLUMNS.join(', ')})`;
  if (!subjects) return `${lock} ${insertRecords}`;
  return `${lock}, appended as (${insertRecords} returning seq) insert into audit_subject (subject, seq) select s.* from append_lock, (values ${Array.from({ length: subjects }, () => PG_SUBJECT_ROW).join(', ')}) as s(subject, seq)`;
}

/**
 * The plain inserts of chained records and their subject rows, in bounded statements (bind
 * parameter limits): the append's transaction runs them, and so does the migration that moved
 * the per-decision entries into records.
 */
export function auditInsertStatements(chained: ChainedAuditRecord[], subjects: [string, number][], postgres: boolean): { sql: string; params: unknown[] }[] {
  const statements: { sql: string; params: unknown[] }[] = [];
  const row = postgres ? PG_ROW : `(${COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < chained.length; i += INSERT_CHUNK) {
    const chunk = chained.slice(i, i + INSERT_CHUNK);
    statements.push({
      sql: `insert into audit_record (${COLUMNS.join(', ')}) values ${chunk.map(() => row).join(', ')}`,
      params: chunk.flatMap(postgres ? recordValues : sqliteRecordValues),
    });
  }
  for (let i = 0; i < subjects.length; i += INSERT_CHUNK) {
    const chunk = subjects.slice(i, i + INSERT_CHUNK);
    statements.push({ sql: `insert into audit_subject (subject, seq) values ${chunk.map(() => (postgres ? PG_SUBJECT_ROW : '(?, ?)')).join(', ')}`, params: chunk.flat() });
  }
  return statements;
}

/** SQLite keeps a datetime as milliseconds since the epoch (as MikroORM writes it for the entity). */
function sqliteRecordValues(r: ChainedAuditRecord): unknown[] {
  const values = recordValues(r);
  values[1] = new Date(r.at).getTime();
  return values;
}

function recordValues(r: ChainedAuditRecord): unknown[] {
  return [r.seq, r.at, r.requestId, r.callerSub, r.role, r.purpose, r.caseRef, r.decisions, r.prevHash, r.hash];
}

function headOf(chained: ChainedAuditRecord[]): { seq: number; hash: string } {
  const last = chained[chained.length - 1]!;
  return { seq: last.seq, hash: last.hash };
}

/** Rows per INSERT statement (at most 10 columns each, well under SQLite's and PostgreSQL's parameter limits). */
const INSERT_CHUNK = 500;

/** Another writer appended at the same `seq` (or held the SQLite write lock): read the new head and retry. */
function isRetryable(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  const message = String((error as Error)?.message ?? '');
  const code = String((error as { code?: unknown })?.code ?? '');
  // libsql's own codes on the direct SQLite path: the write lock held elsewhere, or `seq` taken.
  if (/^SQLITE_(BUSY|LOCKED|CONSTRAINT_PRIMARYKEY|CONSTRAINT_UNIQUE)/.test(code)) return true;
  return code === '23505' || /SQLITE_BUSY|database is locked|Transaction query already complete|could not serialize|deadlock|duplicate key value/i.test(message);
}

/** The store itself cannot be written (a lock held too long, an I/O error), whichever record is appended. */
function storeUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL)/.test(code) || /SQLITE_BUSY|database is locked|disk I\/O error/i.test(String((error as Error)?.message ?? ''));
}

/** SQLite errors after which a connection cannot be trusted to read the file as it is now (a new one opens it afresh). */
function brokenConnection(error: unknown): boolean {
  return /^SQLITE_(IOERR|CORRUPT|NOTADB|CANTOPEN|PROTOCOL)/.test(String((error as { code?: unknown })?.code ?? ''));
}

/** A stored record as a plain object, whatever the dialect returned. */
function plainRecord(row: any): ChainedAuditRecord {
  return { seq: Number(row.seq), at: row.at, requestId: row.requestId, callerSub: row.callerSub ?? null, role: row.role, purpose: row.purpose ?? null, caseRef: row.caseRef ?? null, decisions: row.decisions, prevHash: row.prevHash, hash: row.hash };
}

/** Reads the audit records in chain order, a page at a time, each with the subjects the index names for it. */
export async function* readAuditChain(em: EntityManager, pageSize = 500): AsyncGenerator<{ record: ChainedAuditRecord; indexedSubjects: string[] }> {
  let after = 0;
  for (;;) {
    const page = await em.fork().find(AuditRecord, { seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit: pageSize });
    if (!page.length) return;
    const last = page[page.length - 1]!.seq;
    const index = await em.fork().find(AuditSubject, { seq: { $gt: after, $lte: last } }, { orderBy: { seq: 'asc' } });
    const bySeq = new Map<number, string[]>();
    for (const row of index) (bySeq.get(Number(row.seq)) ?? bySeq.set(Number(row.seq), []).get(Number(row.seq))!).push(row.subject);
    for (const row of page) yield { record: plainRecord(row), indexedSubjects: bySeq.get(Number(row.seq)) ?? [] };
    if (page.length < pageSize) return;
    after = last;
  }
}

/** What the chain's walk cannot see of the stored rows: a record outside it, or (SQLite) an index out of step with its table, or text cut short by a NUL. */
async function storageProblem(em: EntityManager): Promise<Extract<ChainVerification, { ok: false }>['firstBad'] | null> {
  // A record before the chain's first (seq 0, -5) or between two (a fraction) is read by no walk of the chain: inserted.
  const outside: { seq: number | string }[] = await em.getConnection().execute('select seq from audit_record where seq < 1 or cast(seq as integer) <> seq limit 1');
  if (outside[0]) return { seq: Number(outside[0].seq), problem: 'inserted', message: `record seq ${outside[0].seq} is outside the chain, which starts at seq 1 and counts in whole numbers; the record was inserted` };
  if (em.config.get('driver')?.name === 'LibSqlDriver') {
    // The searches read the indexes, this walk the table: an index edited out of step with its table
    // (through sqlite_master) hid a record from the officer's search and the member's download.
    for (const table of ['audit_record', 'audit_subject']) {
      const problems: { integrity_check: string }[] = await em.getConnection().execute(`pragma integrity_check('${table}')`);
      const problem = problems.map((p) => Object.values(p)[0]).find((p) => p !== 'ok');
      if (problem) return { seq: 0, problem: 'edited', message: `the ${table} table's indexes do not match its rows (${String(problem).slice(0, 120)}): the table or an index was edited, which hides records from the searches` };
    }
    // SQLite keeps a NUL inside text, and the driver hands over the text only up to it: a record
    // whose request id or subject had one appended hashed as before, yet no search found it.
    const nul = (column: string) => `instr(coalesce(${column}, ''), char(0)) > 0`;
    const cut: { seq: number }[] = await em.getConnection().execute(
      `select seq from audit_record where ${['request_id', 'caller_sub', 'role', 'purpose', 'case_ref', 'decisions', 'prev_hash', 'hash'].map(nul).join(' or ')} union select seq from audit_subject where ${nul('subject')} order by seq limit 1`,
    );
    if (cut[0]) return { seq: Number(cut[0].seq), problem: 'edited', message: `record seq ${cut[0].seq} holds a NUL character, which no gateway writes: the record or its index entry was edited to be found by no search` };
  }
  return null;
}

/**
 * P-80: verifies the whole access audit. Recomputes every record's hash under the chain's key, checks every link and
 * the subject index; the verdict names the first record that does not verify (edited, inserted
 * or deleted before it). A clean verdict gives the head (`seq`, `hash`) to anchor elsewhere:
 * deleting records at the very end of a hash chain is only detectable against such an anchor.
 */
export async function verifyAuditChain(em: EntityManager, key: string = loadAuditChainKey()): Promise<ChainVerification> {
  const stored = await storageProblem(em);
  if (stored) return { ok: false, records: 0, firstBad: stored };
  const verifier = createChainVerifier(key);
  for await (const { record, indexedSubjects } of readAuditChain(em)) if (!verifier.check(record, indexedSubjects)) break;
  const verdict = verifier.finish();
  // An index row whose record is gone (beyond the head, before the first record: seq < 1, or
  // between two: a seq that is no whole number, which SQLite stores as written) is also an edit of the index.
  if (verdict.ok) {
    const orphans: { seq: number | string }[] = await em.getConnection().execute('select seq from audit_subject where seq > ? or seq < 1 or cast(seq as integer) <> seq limit 1', [verdict.head?.seq ?? 0]);
    const orphan = orphans[0];
    if (orphan) return { ok: false, records: verdict.records, firstBad: { seq: Number(orphan.seq), problem: 'unindexed', message: `the subject index names record seq ${orphan.seq}, which is not in the chain; the index was edited or the record deleted` } };
  }
  return verdict;
}

/**
 * What a member's download holds of the audit (P-60, P-80): the entries about `subject` that
 * `shown` keeps, from the newest `last` records with one such entry, in chain order; and whether
 * older records with one exist (left out; the privacy officer holds them). Case work (a record
 * under a case reference, or under the legal obligation) is left out before the window is taken,
 * and so is a record of which `shown` keeps nothing: taking a place or counted, either told the
 * member what was left out (a case read them; another caller's refused look-up). Read newest
 * first, a batch at a time: every public page showing a child's review adds a record about the
 * child, and reading them all, oldest first, made a 66 MB file in 2 GB of memory.
 */
export async function readMemberAuditEntries(
  em: EntityManager,
  subject: string,
  last: number,
  shown: (entry: AuditEntryRecord) => boolean,
): Promise<{ entries: AuditEntryRecord[]; olderLeftOut: boolean }> {
  const notCaseWork = 'from audit_subject s join audit_record r on r.seq = s.seq where s.subject = ? and r.case_ref is null and (r.purpose is null or r.purpose <> ?)';
  const connection = em.getConnection();
  const kept: AuditEntryRecord[][] = [];
  let before = Number.MAX_SAFE_INTEGER;
  // Past the window, how far to look for one more record to tell of: bounded, and "there may be" when it stops.
  let lookAhead = MEMBER_AUDIT_LOOK_AHEAD;
  for (;;) {
    const batch = kept.length < last ? MEMBER_AUDIT_BATCH : Math.min(MEMBER_AUDIT_BATCH, lookAhead);
    const rows: { seq: number | string }[] = await connection.execute(`select s.seq as seq ${notCaseWork} and s.seq < ? order by s.seq desc limit ?`, [subject, LEGAL_OBLIGATION, before, batch]);
    if (!rows.length) return { entries: kept.reverse().flat(), olderLeftOut: false };
    const seqs = rows.map((r) => Number(r.seq));
    before = seqs[seqs.length - 1]!;
    const records = await em.fork().find(AuditRecord, { seq: { $in: seqs } }, { orderBy: { seq: 'desc' } });
    for (const row of records) {
      const entries = entriesAbout(plainRecord(row), subject).filter(shown);
      if (!entries.length) continue;
      if (kept.length === last) return { entries: kept.reverse().flat(), olderLeftOut: true };
      kept.push(entries);
    }
    if (kept.length === last) {
      lookAhead -= rows.length;
      if (lookAhead <= 0) return { entries: kept.reverse().flat(), olderLeftOut: true };
    }
  }
}

/** Records about a member read at a time for the download, newest first. */
const MEMBER_AUDIT_BATCH = 2_000;
/** Records past the download's window looked at for one it leaves out. */
const MEMBER_AUDIT_LOOK_AHEAD = 20_000;

/** The decisions of `record` about `subject`, as entries. */
function entriesAbout(record: ChainedAuditRecord, subject: string): AuditEntryRecord[] {
  const at = new Date(record.at).toISOString();
  const entries: AuditEntryRecord[] = [];
  decodeDecisions(record.decisions).forEach((d, index) => {
    if (d.subject === subject) entries.push(entryOf(record, index, at, d));
  });
  return entries;
}

/** One decision of `record` as an entry, with its record's context. */
function entryOf(record: ChainedAuditRecord, index: number, at: string, decision: ReturnType<typeof decodeDecisions>[number]): AuditEntryRecord {
  return { seq: record.seq, index, at, requestId: record.requestId, callerSub: record.callerSub, role: record.role, purpose: record.purpose, caseRef: record.caseRef, ...decision, prevHash: record.prevHash, hash: record.hash };
}

/**
 * The decisions of the records after `afterSeq` (and of record `afterSeq` after entry `afterIndex`,
 * when given), in chain order, as entries: those about `subject` (through the subject index) and
 * of `requestId` where given. At most `first`: a page may end inside a record, and the next starts
 * after its last entry (`afterSeq` = its seq, `afterIndex` = its index). Whole records made one
 * page of a record of 35,200 entries, whatever `first` said.
 */
export async function readAuditEntries(
  em: EntityManager,
  query: { subject?: string | null; requestId?: string | null; afterSeq?: number; afterIndex?: number | null; first?: number },
): Promise<AuditEntryRecord[]> {
  const first = query.first ?? Number.MAX_SAFE_INTEGER;
  const afterSeq = query.afterSeq ?? 0;
  const within = query.afterIndex ?? null;
  const where: Record<string, unknown> = { seq: within === null ? { $gt: afterSeq } : { $gte: afterSeq } };
  if (query.requestId) where.requestId = query.requestId;
  // A request's records are few: asked for by both, they are read by request and their entries
  // filtered by subject; the subject index alone would stop at the subject's first records, before this request's.
  if (query.subject && !query.requestId) {
    const seqs = await em.fork().find(AuditSubject, { subject: query.subject, seq: where.seq as object }, { orderBy: { seq: 'asc' }, limit: Math.min(first + 1, 100_000) });
    if (!seqs.length) return [];
    where.seq = { $in: seqs.map((s) => s.seq) };
  }
  const rows = await em.fork().find(AuditRecord, where as any, { orderBy: { seq: 'asc' }, limit: Math.min(first + 1, 100_000) });
  const entries: AuditEntryRecord[] = [];
  for (const row of rows) {
    const record = plainRecord(row);
    const at = new Date(record.at).toISOString();
    const decisions = decodeDecisions(record.decisions);
    for (let index = 0; index < decisions.length; index++) {
      const d = decisions[index]!;
      if (query.subject && d.subject !== query.subject) continue;
      if (within !== null && record.seq === afterSeq && index <= within) continue;
      if (entries.length === first) return entries;
      entries.push(entryOf(record, index, at, d));
    }
  }
  return entries;
}
