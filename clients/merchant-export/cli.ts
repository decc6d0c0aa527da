import { cliOptions, runCli } from '../partner-request.js';
import { exportStoreOrders } from './export-store-orders.js';

/** npx tsx clients/merchant-export/cli.ts --endpoint URL --token TOKEN --store STORE_ID > orders.csv */
const options = cliOptions(process.argv.slice(2), ['endpoint', 'token', 'store'], 'cli.ts --endpoint URL --token TOKEN --store STORE_ID [--page-size N]');
await runCli(async () => {
  const result = await exportStoreOrders({ endpoint: options.endpoint!, token: options.token!, storeId: options.store!, pageSize: options['page-size'] ? Number(options['page-size']) : undefined });
  process.stdout.write(result.csv);
  process.stderr.write(`${result.orders.length} orders in ${result.pages} pages${result.blocked.length ? `; withheld by the gateway (empty cells): ${result.blocked.join(', ')}` : ''}\n`);
});
