import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the example partner clients, from the role's contract (what the role may ask,
 * contracts/<role>.graphql) and the registered documents the client sends (documents/<role>/).
 * `npm run clients:codegen` writes clients/<name>/generated/; a test checks they are fresh.
 */
const forClient = (role: string, document: string) => ({
  schema: `contracts/${role}.graphql`,
  documents: [`documents/${role}/${document}.graphql`],
  plugins: ['typescript', 'typescript-operations'],
  config: { onlyOperationTypes: true, avoidOptionals: { field: true, inputValue: false }, scalars: { ID: 'string' }, useTypeImports: true, enumsAsTypes: true },
});

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    'clients/merchant-export/generated/graphql.ts': forClient('merchant', 'StoreOrders'),
    'clients/carrier-manifest/generated/graphql.ts': forClient('logistics', 'Manifest'),
  },
};
export default config;
