import { cliOptions, runCli } from '../partner-request.js';
import { fetchManifest } from './fetch-manifest.js';

/** npx tsx clients/carrier-manifest/cli.ts --endpoint URL --token TOKEN --carrier CARRIER_ID */
const options = cliOptions(process.argv.slice(2), ['endpoint', 'token', 'carrier'], 'cli.ts --endpoint URL --token TOKEN --carrier CARRIER_ID [--page-size N]');
await runCli(async () => {
  const manifest = await fetchManifest({ endpoint: options.endpoint!, token: options.token!, carrierId: options.carrier!, pageSize: options['page-size'] ? Number(options['page-size']) : undefined });
  for (const row of manifest.rows) {
    const withheld = row.withheld.length ? `  [withheld: ${row.withheld.map((w) => `${w.field} (${w.rule})`).join(', ')}]` : '';
    process.stdout.write(`${row.waybill ?? ''}\t${row.orderId ?? ''}\t${row.consigneeName ?? ''}\t${row.consigneePhone ?? ''}\t${row.address ?? ''}${withheld}\n`);
  }
  process.stderr.write(`${manifest.rows.length} shipments in ${manifest.pages} pages; outcomes: ${manifest.outcomes.map((o) => `${o.field} ${o.outcome} (${o.rule})`).join(', ') || 'none'}\n`);
});
