import { unwatchFile, watchFile } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';

export interface PolicyReloadOptions {
  /** The policy file (POLICY_FILE, default directives/policy.json). */
  path: string;
  /** The policy already loaded from `path`; default: read it now (an invalid one throws). */
  initial?: PolicyConfig;
  /** A further check a new policy must pass, e.g. the supergraph's annotations (P-82); throws to refuse. */
  check?: (policy: PolicyConfig) => void;
  /** How often the file's modification time is polled, in ms. Default 1000. */
  pollMs?: number;
  /** One line per applied or refused reload. Default: console.log / console.error. */
  log?: { info(line: string): void; error(line: string): void };
}

export type ReloadOutcome = 'applied' | 'unchanged' | 'refused';

/**
 * The policy, re-read from its file when the file changes or the process gets SIGHUP. A new
 * policy is validated whole before it serves; an invalid one is refused in one log line and the
 * old one keeps serving. Consumers ask `current` per request: each reload is a new object, so
 * caches keyed on it (plans, role contracts) drop what was decided under the old one.
 * fs.watchFile polls the modification time: unlike fs.watch it survives editors that replace
 * the file by renaming and mounted config volumes whose symlinks are swapped.
 */
export class ReloadablePolicy {
  #current: PolicyConfig;
  #watching = false;
  readonly #onSignal = () => void this.reload();

  constructor(private readonly options: PolicyReloadOptions) {
    this.#current = options.initial ?? loadPolicyConfig(options.path);
  }

  get current(): PolicyConfig {
    return this.#current;
  }

  /** Reads and validates the file; applies it only when valid and different. */
  reload(): ReloadOutcome {
    const log = this.options.log ?? { info: (l: string) => console.log(l), error: (l: string) => console.error(l) };
    let next: PolicyConfig;
    try {
      next = loadPolicyConfig(this.options.path);
      // Audience keys are derived once at start (gateway/audience-keys.ts): changing them needs a restart.
      if (!isDeepStrictEqual([...next.audiences].sort(), [...this.#current.audiences].sort())) {
        throw new Error('"audiences" changed: pseudonymization audiences take effect at the next start');
      }
      // The subgraphs read the minor age once, when they start (resolvers/policy-in-force.ts): changed here alone, the two would disagree on who is a child.
      if (next.minorAge !== this.#current.minorAge) throw new Error('"minorAge" changed: the minor age takes effect when the gateway and the subgraphs next start');
      this.options.check?.(next);
    } catch (error) {
      const reason = (error as Error).message.replace(/\s*\n\s*/g, ' ');
      log.error(`policy reload refused, version ${this.#current.version} keeps serving: ${reason}`);
      return 'refused';
    }
    if (isDeepStrictEqual(next, this.#current)) return 'unchanged';
    const previous = this.#current.version;
    this.#current = next;
    log.info(`policy reloaded from ${this.options.path}: version ${previous} -> ${next.version}`);
    return 'applied';
  }

  /** Reloads on every change of the file's modification time, and on SIGHUP. */
  watch(): this {
    if (this.#watching) return this;
    this.#watching = true;
    watchFile(this.options.path, { interval: this.options.pollMs ?? 1000, persistent: false }, (now, before) => {
      if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) this.reload();
    });
    process.on('SIGHUP', this.#onSignal);
    return this;
  }

  close(): void {
    if (!this.#watching) return;
    this.#watching = false;
    unwatchFile(this.options.path);
    process.off('SIGHUP', this.#onSignal);
  }
}
