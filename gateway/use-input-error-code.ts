import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';

/**
 * A request refused before anything ran (a variable of the wrong type, a required one missing, an
 * input field that does not exist) answers with errors and no `data`, and graphql-js gives those
 * errors no code: they get `BAD_USER_INPUT`, as every other refusal of the caller's input has,
 * so a client branches on the code and never on the message.
 */
export function useInputErrorCode(): GatewayPlugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!result || Symbol.asyncIterator in (result as object)) return;
          const { data, errors } = result as { data?: unknown; errors?: readonly GraphQLError[] };
          if (data !== undefined || !errors?.some((e) => !e.extensions?.code)) return;
          setResult({
            ...(result as object),
            errors: errors.map((e) => (e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } }))),
          });
        },
      };
    },
  } as GatewayPlugin;
}
