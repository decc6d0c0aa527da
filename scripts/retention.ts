/**
 * The retention job (P-66): anonymizes the data past its retention period, per category, as
 * configured in directives/policy.json `retentionDays`, and reports what it changed. Idempotent:
 * a second run over the same data changes nothing. Run it from a scheduler (cron, a Kubernetes
 * CronJob), or let the gateway run it (`RETENTION_INTERVAL_MS`, hourly and at start by default).
 *
 * Usage: npm run retention [-- --now 2030-01-01T00:00:00Z] [-- --json]
 */
import { loadPolicyConfig } from '../directives/policy-config.js';
import { initOrm } from '../resolvers/orm.js';
import { SUBGRAPH_MODULES } from '../resolvers/modules.js';
import { formatRetentionRun, runRetention } from '../resolvers/retention.js';

const args = process.argv.slice(2);
const nowArg = args.includes('--now') ? args[args.indexOf('--now') + 1] : undefined;
const now = nowArg ? Date.parse(nowArg) : Date.now();
if (Number.isNaN(now)) {
  console.error(`retention: --now ${nowArg} is not a date`);
  process.exit(2);
}
const policy = loadPolicyConfig();
const orm = await initOrm();
try {
  const run = await runRetention(orm, SUBGRAPH_MODULES, { retentionDays: policy.retentionDays, now });
  console.log(args.includes('--json') ? JSON.stringify(run, null, 2) : formatRetentionRun(run));
  process.exitCode = Object.keys(run.failed).length ? 1 : 0;
} finally {
  await orm.close(true);
}
