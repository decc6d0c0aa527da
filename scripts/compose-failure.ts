import { GraphQLError } from 'graphql';
import { PolicyConfigError } from '../directives/policy-config.js';
import { CompositionError } from '../schema/compose.js';

/** What `npm run compose` tells the person who ran it: the problem and where, never a stack unless DEBUG=1. */
export function explainComposeFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (error instanceof CompositionError || error instanceof PolicyConfigError) return error.message;
  if (error instanceof GraphQLError) {
    const at = error.source && error.locations?.[0] ? `${error.source.name}:${error.locations[0].line}:${error.locations[0].column}: ` : '';
    return `composition failed: ${at}${error.message}`;
  }
  if (env.DEBUG) return String((error as Error)?.stack ?? error);
  return `composition failed: ${String((error as Error)?.message ?? error).split('\n')[0]} (set DEBUG=1 for the stack)`;
}

