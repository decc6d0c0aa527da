import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { filterSchema } from '@graphql-tools/utils';
import { GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { collectFields } from './collect-fields.js';
import { executingOperation, onlyOperation } from './executing-operation.js';
import { isInternalField, INPUTS_SCALAR } from './row-inputs.js';
import { roleContract } from './role-contract.js';
import type { Role } from '../directives/caller.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import { policyNow, type PolicyRef } from './policy-ref.js';

/**
 * The schema clients see: the gateway's schema without its internal row-inputs field and scalar
 * (gateway/row-inputs.ts). Clients' operations are validated against it, so an internal field is
 * refused as unknown and never offered by "Did you mean", and introspection answers from it.
 * Introspection (`__schema`, `__type`) runs in an operation of its own, and answers with the
 * caller's role contract: what that role can ever receive. Mixed with data fields it would read the
 * executing schema, which has the internal fields, so such an operation is refused.
 */
export interface UseClientSchemaOptions {
  /** With a policy, introspection answers with the caller's role contract (gateway/role-contract.ts). */
  policy?: PolicyRef;
}

export function useClientSchema(options: UseClientSchemaOptions = {}): GatewayPlugin {
  const clientSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
  const clientOf = (schema: GraphQLSchema): GraphQLSchema => {
    let client = clientSchemas.get(schema);
    if (!client) {
      client = filterSchema({ schema, typeFilter: (name) => name !== INPUTS_SCALAR, objectFieldFilter: (_type, field) => !isInternalField(field) });
      clientSchemas.set(schema, client);
    }
    return client;
  };
  let contracts = new WeakMap<GraphQLSchema, Map<Role, GraphQLSchema>>();
  let policySeen: PolicyConfig | null = null;
  const contractOf = (schema: GraphQLSchema, role: Role, policy: PolicyConfig): GraphQLSchema => {
    // A contract drawn under another policy is never served.
    if (policy !== policySeen) {
      policySeen = policy;
      contracts = new WeakMap();
    }
    let byRole = contracts.get(schema);
    if (!byRole) contracts.set(schema, (byRole = new Map()));
    let contract = byRole.get(role);
    if (!contract) byRole.set(role, (contract = roleContract(clientOf(schema), role, policy)));
    return contract;
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
        const role: Role = (args.contextValue as { caller?: { role: Role } })?.caller?.role ?? 'visitor';
        (args as { schema: GraphQLSchema }).schema = options.policy ? contractOf(schema, role, policyNow(options.policy)) : clientOf(schema);
        return;
      }
      setResultAndStopExecution({
        errors: [new GraphQLError('send introspection (__schema, __type) in an operation of its own', { extensions: { code: 'BAD_USER_INPUT' } })],
      });
    },
  } as GatewayPlugin;
}
