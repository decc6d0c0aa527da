import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';

/** Where a page ended: the sort key and id of its last row. */
export interface PagePosition {
  at: string;
  id: string;
}

/** A page of a list, as the connection types of the SDL serve it. */
export interface Page<T> {
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * Opaque cursors for paging a list by its sort key (keyset, so a row added meanwhile neither
 * repeats nor skips one). A cursor is the position of the last row sealed with AES-256-GCM under a
 * key derived from the subgraph signing secret: it holds the raw record id, so nobody outside may
 * read it (partners get ids pseudonymized, P-51), and a fresh nonce makes two cursors of the same
 * position unlike, so cursors cannot join two partners' answers. The list, its scope (the store or
 * carrier) and the caller are bound as associated data: a cursor edited, forged, or taken to
 * another store's list or to another caller is refused. Every cursor has the same length.
 */
export class PageCursors {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('page-cursor').digest();
  }

  seal(binding: string, position: PagePosition): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(binding));
    const sealed = Buffer.concat([cipher.update(padded(JSON.stringify([position.at, position.id]))), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The position `cursor` names; a cursor not sealed here for `binding` is refused (BAD_USER_INPUT). */
  open(binding: string, cursor: string): PagePosition {
    try {
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length < 29) throw new Error('short');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(binding));
      decipher.setAuthTag(raw.subarray(12, 28));
      const [at, id] = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
      if (typeof at !== 'string' || typeof id !== 'string') throw new Error('shape');
      return { at, id };
    } catch {
      throw new GraphQLError('the cursor is not one this list gave to this caller', { extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
    }
  }
}

/** Cursors' plaintext length: every cursor of the lists' ids is as long as every other. */
const CURSOR_BYTES = 128;

/**
 * The position padded with spaces (which JSON.parse skips) to {@link CURSOR_BYTES}, or to the next
 * multiple of it: the cipher keeps the plaintext's length, so a cursor's length gave away its raw
 * id's, and with it which pseudonyms belonged to ids of which length (an id built from a member's handle).
 */
function padded(json: string): Buffer {
  const text = Buffer.from(json, 'utf8');
  const size = Math.ceil(Math.max(text.length, 1) / CURSOR_BYTES) * CURSOR_BYTES;
  return Buffer.concat([text, Buffer.alloc(size - text.length, 0x20)]);
}

/** What a cursor is bound to: the list, its scope and the caller (signed envelope). */
export function cursorBinding(list: string, scope: string, caller: { callerRole: string | null; callerSub: string | null }): string {
  return JSON.stringify([list, scope, caller.callerRole, caller.callerSub]);
}

/**
 * The page from `rows`, fetched with at most `first` rows. `hasNextPage` says only that the page
 * came back full: it never looks past the page, because the row after it may be one the caller
 * may not read (another buyer's order in a store's list), and the gateway removes rows only from
 * what it is shown. A list of exactly `first` rows therefore ends with one empty page. The end
 * cursor points after the page's last row, and comes only with a next page: a page the gateway
 * cut at a row the caller may not see ends with no cursor, so every last page must too, or the
 * missing cursor would tell that a hidden row came next (P-21, P-24).
 */
export function pageOf<T>(rows: T[], first: number, positionOf: (row: T) => PagePosition, seal: (position: PagePosition) => string): Page<T> {
  const nodes = rows.slice(0, first);
  const hasNextPage = first > 0 && nodes.length === first;
  return { nodes, pageInfo: { endCursor: hasNextPage ? seal(positionOf(nodes[nodes.length - 1]!)) : null, hasNextPage } };
}

/** The rows of one page (`fetch` asked for `size` of them); a page of no row reads none (a LIMIT of 0 may mean no limit). */
export async function pageRows<T>(size: number, fetch: () => Promise<T[]>): Promise<T[]> {
  return size > 0 ? fetch() : [];
}
