/**
 * The layers (README "Layers"): the policy core `directives/` imports nothing of the repository;
 * `schema/` (what gateway and subgraphs share) imports only `directives/`; `gateway/` and
 * `resolvers/` never import each other; only the gateway (and scripts/, test/) imports its access
 * audit `gateway/audit/`; a subgraph module imports no other subgraph's; and no
 * import cycle runs through the four.
 * The example partner clients (`clients/`) reach the gateway only over HTTP: they import nothing else
 * of the repository, and no client imports another.
 * `npm run lint:deps` checks it; CI runs it after the type check.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'directives-imports-nothing',
      comment: 'The policy core decides on its own types: it imports nothing else of the repository.',
      severity: 'error',
      from: { path: '^directives/' },
      to: { path: '^(gateway|resolvers|schema|scripts|bench|test)/' },
    },
    {
      name: 'schema-imports-only-directives',
      comment: 'schema/ is what the gateway and the subgraphs share: it builds on directives/ only.',
      severity: 'error',
      from: { path: '^schema/' },
      to: { path: '^(gateway|resolvers|scripts|bench|test)/' },
    },
    {
      name: 'gateway-not-resolvers',
      comment: 'The gateway reaches the subgraphs over HTTP (graph and signed /privacy/* contract), never by import.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^(resolvers|scripts|bench|test)/' },
    },
    {
      name: 'resolvers-not-gateway',
      comment: 'The subgraphs know the gateway only through schema/ (envelope, contract, signing).',
      severity: 'error',
      from: { path: '^resolvers/' },
      to: { path: '^(gateway|scripts|bench|test)/' },
    },
    {
      name: 'audit-is-the-gateways',
      comment:
        'The access audit (its table, entity and migrations) belongs to the gateway: only gateway/ (and scripts/, which wires both migration sets, and test/) imports gateway/audit/. ' +
        'A subgraph reads it over the gateway\'s signed /audit/entries contract.',
      severity: 'error',
      from: { pathNot: '^(gateway|scripts|test)/' },
      to: { path: '^gateway/audit/' },
    },
    {
      name: 'one-subgraph-per-module',
      comment:
        'A subgraph module (resolvers/<name>/) owns its tables and imports no other subgraph\'s module: it reaches another over its signed contract. ' +
        'Shared code lives at the top of resolvers/. Known gap: the storefront search (reviews/search.ts) reads the catalog\'s product and store names, for search and for node(id:).',
      severity: 'error',
      from: { path: '^resolvers/([^/]+)/', pathNot: '^resolvers/reviews/search\\.ts$' },
      to: { path: '^resolvers/[^/]+/', pathNot: '^resolvers/$1/' },
    },
    {
      name: 'clients-only-their-own',
      comment:
        'An example partner client (clients/) is code another company runs: it knows the gateway only over HTTP, through its contract and generated types. ' +
        'It imports its own files, clients/partner-request.ts and clients/generated/, nothing else of the repository.',
      severity: 'error',
      from: { path: '^clients/' },
      to: { path: '^(directives|schema|gateway|resolvers|scripts|bench|test|contracts|documents)/' },
    },
    {
      name: 'client-not-another-client',
      comment: 'One partner client does not import another\'s module.',
      severity: 'error',
      from: { path: '^clients/([^/]+)/' },
      to: { path: '^clients/[^/]+/', pathNot: ['^clients/$1/', '^clients/generated/'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle within or across the layers.',
      severity: 'error',
      from: { path: '^(directives|schema|gateway|resolvers|clients)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a moved file leaves no dangling import).',
      severity: 'error',
      from: { path: '^(directives|schema|gateway|resolvers|clients)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages' subpath exports (`@graphql-hive/plugin-opentelemetry/setup`) resolve as Node resolves them.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
