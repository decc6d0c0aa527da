import { filterSchema } from '@graphql-tools/utils';
import { GraphQLSchema, getNamedType, isAbstractType, isNonNullType, isObjectType, type GraphQLField } from 'graphql';
import { readPrivacyIndex } from '../directives/annotations.js';
import type { Role } from '../directives/caller.js';
import { lookupByIdRefused } from '../directives/decide.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import { fieldCells } from '../schema/policy-outcomes.js';
import { representativeCaller } from '../schema/privacy-inventory.js';
import { lookupKeys } from './subject-lookups.js';

/**
 * The schema a role can ever receive something from (its contract): `schema` without the fields
 * that role is refused under every purpose it may declare and under none, without the types left
 * with no field, and without whatever leads only to them (a visitor's introspection has no
 * `auditEntries`). A field whose decision depends on the row stays when some situation of a row
 * gives more than a refusal (the caller's own, a related cross-border one, ...). Read off the same
 * annotations and `decide` as every request, once per (schema, role).
 */
export function roleContract(schema: GraphQLSchema, role: Role, policy: PolicyConfig): GraphQLSchema {
  const index = readPrivacyIndex(schema);
  const purposes = [null, ...(policy.roles[role]?.purposes ?? [])];
  // Receivable: some purpose and some situation of the row (its own, a related one, cross-border,
  // a minor's, ...: the privacy explorer's table) give more than a refusal. A row whose facts owner
  // is down is refused whatever the field (P-82), so it offers nothing.
  const receivable = (typeName: string, fieldName: string): boolean => {
    const typePolicy = index.get(typeName);
    const field = typePolicy?.fields.get(fieldName);
    if (!typePolicy || !field) return true;
    return purposes.some((purpose) => {
      try {
        return fieldCells(field, typePolicy.subject, role, purpose, policy).some((c) => c.situation !== 'factsDown' && c.outcome !== 'block');
      } catch {
        return false; // what cannot be decided is not offered (P-82)
      }
    });
  };
  // A de-identified partner is refused whole any operation looking a person or a record up by a
  // key (gateway/subject-lookups.ts): a field that needs such a key is never answered to it.
  const caller = representativeCaller(role);
  const refusesLookups = purposes.every((purpose) => lookupByIdRefused({ caller, purpose, config: policy }) !== null);
  const needsLookup = (field: GraphQLField<unknown, unknown>) =>
    refusesLookups && lookupKeys(schema, index, field).some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  // Fields go, then types with no field left, then fields leading only to removed types, to a fixpoint.
  const removedTypes = new Set<string>();
  const removedFields = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || removedTypes.has(type.name)) continue;
      if (isObjectType(type)) {
        if ([schema.getQueryType(), schema.getMutationType()].includes(type)) {
          for (const field of Object.values(type.getFields())) {
            const key = `${type.name}.${field.name}`;
            if (!removedFields.has(key) && (removedTypes.has(getNamedType(field.type).name) || needsLookup(field))) (removedFields.add(key), (changed = true));
          }
          // A mutation type left with no field goes (at the end: filterSchema keeps root types).
          if (type === schema.getMutationType() && Object.keys(type.getFields()).every((f) => removedFields.has(`${type.name}.${f}`))) (removedTypes.add(type.name), (changed = true));
          continue;
        }
        for (const field of Object.values(type.getFields())) {
          const key = `${type.name}.${field.name}`;
          if (removedFields.has(key)) continue;
          if (!receivable(type.name, field.name) || removedTypes.has(getNamedType(field.type).name) || needsLookup(field)) (removedFields.add(key), (changed = true));
        }
        const gone = (name: string) => removedFields.has(`${type.name}.${name}`);
        // A type with no field left, or without a field its interfaces require, is not offered at all;
        // nor a page of a list without its rows (a connection's `nodes`): its pageInfo pages nothing.
        const lostInterfaceField = type.getInterfaces().some((i) => Object.keys(i.getFields()).some(gone));
        const pageWithoutRows = 'pageInfo' in type.getFields() && 'nodes' in type.getFields() && gone('nodes');
        if (lostInterfaceField || pageWithoutRows || Object.keys(type.getFields()).every(gone)) (removedTypes.add(type.name), (changed = true));
      } else if (isAbstractType(type) && schema.getPossibleTypes(type).every((t) => removedTypes.has(t.name))) {
        removedTypes.add(type.name);
        changed = true;
      }
    }
  }
  const mutationName = schema.getMutationType()?.name;
  const contract = filterSchema({
    schema,
    typeFilter: (name) => !removedTypes.has(name) || name === mutationName,
    rootFieldFilter: (operation, field) => !removedFields.has(`${operation === 'Query' ? schema.getQueryType()?.name : schema.getMutationType()?.name}.${field}`),
    objectFieldFilter: (type, field) => !removedFields.has(`${type}.${field}`),
    interfaceFieldFilter: (type, field) => !removedFields.has(`${type}.${field}`),
  });
  const mutation = contract.getMutationType();
  if (!mutation || !removedTypes.has(mutation.name)) return contract;
  // A role that may change nothing gets a schema without a mutation type (filterSchema keeps root types).
  const config = contract.toConfig();
  return new GraphQLSchema({ ...config, mutation: null, types: config.types.filter((t) => t !== mutation) });
}
