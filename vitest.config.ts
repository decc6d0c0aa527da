import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql-js realm: the gateway runtime loads graphql through require(); without this
    // alias vitest would hand our ESM imports the .mjs copy and graphql-js refuses mixed realms.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    // The in-process gateways log through console: intercepted, a line still on its way to the main
    // process when a file's worker closes fails the run ("Closing rpc while onUserConsoleLog was pending").
    disableConsoleIntercept: true,
    projects: [
      // A unit test that composes the supergraph takes ~2 s alone and more beside a busy machine: no 5 s default.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts a whole marketplace (8 subgraphs + gateway); two at a time fit 2 cores.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
