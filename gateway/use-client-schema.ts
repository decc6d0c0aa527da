import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { filterSchema } from '@graphql-tools/utils';
import { GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { collectFields } from './collect-fields.js';
import { executingOperation, onlyOperation } from './executing-operation.js';
import { isInternalField, INPUTS_SCALAR } from './row-inputs.js';

/**
 * The schema clients see: the gateway's schema without its internal row-inputs field and scalar
 * (gateway/row-inputs.ts). Clients' operations are validated against it, so an internal field is
 * refused as unknown and never offered by "Did you mean", and introspection answers from it.
 * Introspection (`__schema`, `__type`) runs in an operation of its own: mixed with data fields it
 * would read the executing schema, which has the internal fields, so such an operation is refused.
 */
export function useClientSchema(): GatewayPlugin {
  const clientSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
  const clientOf = (schema: GraphQLSchema): GraphQLSchema => {
    let client = clientSchemas.get(schema);
    if (!client) {
      client = filterSchema({ schema, typeFilter: (name) => name !== INPUTS_SCALAR, objectFieldFilter: (_type, field) => !isInternalField(field) });
      clientSchemas.set(schema, client);
    }
    return client;
  };
  return {
    onValidate({ params, validateFn, setValidationFn }) {
      const client = clientOf(params.schema);
      setValidationFn((_schema, document, rules, _typeInfo, options) => validateFn(client, document, rules, undefined, options));
    },
    onExecute({ args, setResultAndStopExecution }) {
      const operation = onlyOperation(executingOperation(args.document, args.operationName));
      if (!operation || operation.operation !== 'query') return;
      const schema = args.schema;
      const root = schema.getQueryType();
      if (!root) return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of args.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const names = [...collectFields(schema, root, [operation.selectionSet], fragments).values()].map((nodes) => nodes[0]!.name.value);
      const introspects = names.some((n) => n === '__schema' || n === '__type');
      if (!introspects) return;
      if (names.every((n) => n.startsWith('__'))) {
        (args as { schema: GraphQLSchema }).schema = clientOf(schema);
        return;
      }
      setResultAndStopExecution({
        errors: [new GraphQLError('send introspection (__schema, __type) in an operation of its own', { extensions: { code: 'BAD_USER_INPUT' } })],
      });
    },
  } as GatewayPlugin;
}
