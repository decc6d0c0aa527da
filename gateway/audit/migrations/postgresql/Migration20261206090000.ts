import { Migration } from '@mikro-orm/migrations';
import { keyTheChain } from '../key-chain.js';

/** The access audit's chain keyed (HMAC-SHA256 under AUDIT_CHAIN_KEY): the records written before, verified and re-hashed. */
export class Migration20261206090000 extends Migration {

  override async up(): Promise<void> {
    await keyTheChain((sql, params) => this.execute(sql, params as any[]));
  }

}
