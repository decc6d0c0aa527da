import { UniqueConstraintViolationException, type EntityManager, type MikroORM } from '@mikro-orm/core';
import { AuditEntry } from './audit-entry.entity.js';
import { chainAuditEntries, createChainVerifier, type AuditEntryContent, type ChainVerification, type ChainedAuditEntry } from './audit-chain.js';

/** One decision to append, before it is placed in the chain. */
export type AuditRecord = Omit<AuditEntryContent, 'seq'>;

export interface AuditLogOptions {
  /** How many times an append is retried when another writer took the same `seq`. @default 20 */
  maxAttempts?: number;
  /** Told after each transaction: how many requests' batches and entries it held, how long it took, whether it committed. */
  onCommit?: (commit: AuditCommit) => void;
}

/** One transaction of the access audit: the request batches it committed together. */
export interface AuditCommit {
  requests: number;
  entries: number;
  seconds: number;
  ok: boolean;
}

/** PostgreSQL advisory-lock key that serializes appends across gateway processes (any constant). */
const PG_APPEND_LOCK = 80_080;

/**
 * The access audit (P-80): appends each request's decisions as one batch, hash-chained.
 *
 * Appends are serialized twice: in this process by a single writer over a queue (so 200
 * concurrent requests write one after another without contention), and across processes by the
 * database: on
 * PostgreSQL a transaction-scoped advisory lock, and on every dialect the primary key `seq`, so
 * two writers that read the same head cannot both insert after it; the loser retries on the new
 * head. The chain therefore never forks, whatever the number of gateway instances.
 *
 * On PostgreSQL a group normally commits in one round trip: one statement that takes the advisory
 * lock and inserts after the head this process last wrote. If another process appended meanwhile,
 * that statement collides on `seq` and writes nothing; the group is then written in a transaction
 * that reads the head under the lock, as every group is for a while after (SHARED_CHAIN_MS).
 *
 * `append` resolves once the batch is committed: the gateway awaits it before the response
 * leaves, so an answered request is an audited one (durable before the response).
 */
export class AuditLog {
  private pending: { records: AuditRecord[]; resolve: (entries: ChainedAuditEntry[]) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  /** The last entry this process committed, or read under the lock; undefined when unknown. */
  private head: { seq: number; hash: string } | null | undefined = undefined;
  /** Until then (a `performance.now()` reading), another process was seen appending: read the head every time. */
  private sharedUntil = 0;
  private readonly postgres: boolean;
  private readonly maxAttempts: number;
  private readonly onCommit: (commit: AuditCommit) => void;

  constructor(private readonly orm: MikroORM, options: AuditLogOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 20;
    this.onCommit = options.onCommit ?? (() => {});
    this.postgres = orm.config.get('driver')?.name === 'PostgreSqlDriver';
  }

  /**
   * Appends one request's records, in order and contiguous in the chain; resolves with the
   * stored entries once they are committed. Batches that arrive while a commit is running are
   * committed together in the next transaction (group commit): one fsync for many requests, each
   * request still answered only after its own entries are durable.
   */
  append(records: AuditRecord[]): Promise<ChainedAuditEntry[]> {
    if (!records.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      void this.drain();
    });
  }

  /** The single in-process writer: takes everything queued, commits it, repeats until the queue is empty. */
  private async drain(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length) {
        const group = this.takeGroup();
        try {
          const chained = await this.write(group.flatMap((g) => g.records), group.length);
          let offset = 0;
          for (const g of group) {
            g.resolve(chained.slice(offset, offset + g.records.length));
            offset += g.records.length;
          }
        } catch {
          // One bad batch must not fail the others: retry each alone, each caller gets its own verdict.
          for (const g of group) await this.write(g.records, 1).then(g.resolve, g.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Whole batches, up to GROUP_LIMIT records (a single larger batch goes alone). No time window:
   * a group is what arrived while the previous transaction ran, so an idle gateway waits for no one.
   */
  private takeGroup() {
    let size = 0;
    let n = 0;
    while (n < this.pending.length && (n === 0 || size + this.pending[n]!.records.length <= GROUP_LIMIT)) size += this.pending[n++]!.records.length;
    return this.pending.splice(0, n);
  }

  private async write(records: AuditRecord[], requests: number): Promise<ChainedAuditEntry[]> {
    const start = performance.now();
    try {
      const chained = await this.attempt(records);
      this.onCommit({ requests, entries: records.length, seconds: (performance.now() - start) / 1000, ok: true });
      return chained;
    } catch (error) {
      this.onCommit({ requests, entries: records.length, seconds: (performance.now() - start) / 1000, ok: false });
      throw error;
    }
  }

  private async attempt(records: AuditRecord[]): Promise<ChainedAuditEntry[]> {
    if (this.head !== undefined && this.postgres && records.length <= ONE_STATEMENT_LIMIT && performance.now() >= this.sharedUntil) {
      const chained = chainAuditEntries(this.head, records);
      try {
        await this.orm.em.getConnection().execute(pgLockedInsert(chained.length), [PG_APPEND_LOCK, ...chained.flatMap(rowValues)], 'run');
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
    for (let attempt = 1; ; attempt++) {
      try {
        const chained = await this.orm.em.fork().transactional(async (tx) => {
          const connection = tx.getConnection();
          if (this.postgres) {
            await connection.execute('select pg_advisory_xact_lock(?)', [PG_APPEND_LOCK], 'all', tx.getTransactionContext());
          }
          // Two columns of one row: read as they are, without hydrating an entity.
          const [head] = await connection.execute<{ seq: number | string; hash: string }[]>(HEAD_SQL, [], 'all', tx.getTransactionContext());
          const chained = chainAuditEntries(head ? { seq: Number(head.seq), hash: head.hash } : null, records);
          // Bounded statements (bind-parameter limits), one transaction; plain rows: no entity is built or read back.
          for (let i = 0; i < chained.length; i += INSERT_CHUNK) {
            const chunk = chained.slice(i, i + INSERT_CHUNK);
            await connection.execute(plainInsert(chunk.length, this.postgres), chunk.flatMap(this.postgres ? rowValues : sqliteRowValues), 'run', tx.getTransactionContext());
          }
          return chained;
        });
        this.head = headOf(chained);
        return chained;
      } catch (error) {
        this.head = undefined;
        if (attempt >= this.maxAttempts || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }
}

/** Records committed together at most (whole request batches): about 100 requests of 18 decisions, a few ms of inserts. */
const GROUP_LIMIT = 2000;
const HEAD_SQL = 'select seq, hash from audit_entry order by seq desc limit 1';

/** How long appends read the head under the lock after another process was seen appending. */
const SHARED_CHAIN_MS = 5000;
/** Rows in the one-statement append (14 bind parameters each: under PostgreSQL's 65,535). */
const ONE_STATEMENT_LIMIT = GROUP_LIMIT;
const COLUMNS = ['seq', 'at', 'request_id', 'caller_sub', 'role', 'purpose', 'case_ref', 'subject', 'field_path', 'coordinate', 'outcome', 'rule', 'prev_hash', 'hash'] as const;
const CASTS = ['int', 'timestamptz', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'text', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar'];
const ROW = `(${CASTS.map((t) => `?::${t}`).join(', ')})`;

/**
 * PostgreSQL, one round trip that commits on its own: the advisory lock (a CTE the insert reads,
 * so it runs) and the rows after the head this process knows. MikroORM's insertMany cannot read
 * a CTE, hence the text. If another process appended meanwhile, `seq` collides and nothing is written.
 */
function pgLockedInsert(rows: number): string {
  return `with append_lock as (select pg_advisory_xact_lock(?)) insert into audit_entry (${COLUMNS.join(', ')}) select v.* from append_lock, (values ${Array.from({ length: rows }, () => ROW).join(', ')}) as v(${COLUMNS.join(', ')})`;
}

/** A multi-row insert of `rows` entries, in the column order of {@link rowValues}. */
function plainInsert(rows: number, postgres: boolean): string {
  const row = postgres ? ROW : `(${COLUMNS.map(() => '?').join(', ')})`;
  return `insert into audit_entry (${COLUMNS.join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')}`;
}

/** SQLite keeps a datetime as milliseconds since the epoch (as MikroORM writes it for the entity). */
function sqliteRowValues(e: ChainedAuditEntry): unknown[] {
  const values = rowValues(e);
  values[1] = e.at instanceof Date ? e.at.getTime() : new Date(e.at).getTime();
  return values;
}

function rowValues(e: ChainedAuditEntry): unknown[] {
  return [e.seq, e.at, e.requestId, e.callerSub, e.role, e.purpose, e.caseRef, e.subject, e.fieldPath, e.coordinate, e.outcome, e.rule, e.prevHash, e.hash];
}

function headOf(chained: ChainedAuditEntry[]): { seq: number; hash: string } {
  const last = chained[chained.length - 1]!;
  return { seq: last.seq, hash: last.hash };
}

/** Rows per INSERT statement (14 columns each, well under SQLite's and PostgreSQL's parameter limits). */
const INSERT_CHUNK = 500;

/** Another writer appended at the same `seq` (or held the SQLite write lock): read the new head and retry. */
function isRetryable(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  const message = String((error as Error)?.message ?? '');
  return (error as { code?: string })?.code === '23505' || /SQLITE_BUSY|database is locked|Transaction query already complete|could not serialize|deadlock|duplicate key value/i.test(message);
}

/** Reads the audit entries in chain order, a page at a time, as plain objects. */
export async function* readAuditChain(em: EntityManager, pageSize = 1000): AsyncGenerator<ChainedAuditEntry> {
  let after = 0;
  for (;;) {
    const page = await em.fork().find(AuditEntry, { seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit: pageSize });
    for (const row of page) yield { ...(row as any) } as ChainedAuditEntry;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}

/**
 * P-80: verifies the whole access audit. Recomputes every hash and checks every link; the
 * verdict names the first entry that does not verify (edited, inserted or deleted before it).
 * A clean verdict gives the head (`seq`, `hash`) to anchor elsewhere: deleting entries at the very
 * end of a hash chain is only detectable against such an anchor.
 */
export async function verifyAuditChain(em: EntityManager): Promise<ChainVerification> {
  const verifier = createChainVerifier();
  for await (const entry of readAuditChain(em)) if (!verifier.check(entry)) break;
  return verifier.finish();
}
