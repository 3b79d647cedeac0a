import {
  Kind,
  getNamedType,
  isAbstractType,
  isObjectType,
  getArgumentValues,
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { amount, declaredCost, type CostInput, type Lookup } from './cost';
import type { CursorCodec } from './cursors';
import type { ProviderName } from '../domain/types';

/** Where an object in the result came from, which decides what its fields cost. */
interface Scope {
  /** How many such objects the result may hold (fan-out multiplied down the tree). */
  multiplier: number;
  /** The lookup these objects hold already (e.g. users fetched as full profiles). */
  provides: Lookup | undefined;
  /** Items per page of the enclosing connection, for its edges and nodes. */
  pageItems: number;
}

/**
 * Upstream calls an operation will make at worst, before it runs and without the cache, read from
 * the cost each field declares (schema/cost.ts): list sizes from `first`, nested fan-out
 * multiplied out, identical fields priced once, each at the dearest route among `providers` (the
 * configured ones; all when not given). The declarations plan with the providers' usual
 * page sizes and Instagram's caps on tags and coauthors; an upstream that pages smaller than usual
 * can need more, which the per-request limit (CostMeter) still bounds.
 */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  cursors?: CursorCodec,
  providers?: readonly ProviderName[],
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  const root = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !root) return 0;
  // Coerced as execution will: defaults of variables filled in, lone values wrapped into lists.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return 0;
  const estimator = new Estimator(schema, fragments, coerced.coerced, cursors, providers);
  return estimator.selectionCost(operation.selectionSet, root, { multiplier: 1, provides: undefined, pageItems: 0 });
}

class Estimator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly cursors: CursorCodec | undefined,
    private readonly providers: readonly ProviderName[] | undefined,
  ) {}

  selectionCost(selectionSet: SelectionSetNode, type: GraphQLObjectType, scope: Scope): number {
    let total = 0;
    const lookups = new Set<Lookup>();
    for (const { definition, args, selections } of this.distinctFields(selectionSet, type)) {
      const cost = declaredCost(definition.extensions);
      if (cost?.lookup !== undefined && cost.lookup !== scope.provides) lookups.add(cost.lookup);
      const input: CostInput = { args, cursors: this.cursors, providers: this.providers };
      total += amount(cost?.calls, input, 0) * scope.multiplier;
      if (selections.length === 0) continue;
      const items = cost?.items === 'page' ? scope.pageItems : amount(cost?.items, input, 1);
      const child: Scope = {
        multiplier: scope.multiplier * items,
        provides: cost?.provides,
        pageItems: amount(cost?.pageItems, input, 0),
      };
      total += this.childCost({ kind: Kind.SELECTION_SET, selections }, definition, child);
    }
    // A lookup costs one call per object, however many of its fields need it.
    return total + lookups.size * scope.multiplier;
  }

  /**
   * The selection's fields with identical (field, arguments) merged, whatever their aliases:
   * the DataLoaders make one call for them, so they are priced once, with their selections combined.
   */
  private distinctFields(selectionSet: SelectionSetNode, type: GraphQLObjectType) {
    const merged = new Map<
      string,
      { definition: GraphQLField<unknown, unknown>; args: Record<string, unknown>; selections: SelectionNode[] }
    >();
    for (const field of this.collectFields(selectionSet, type)) {
      const definition = type.getFields()[field.name.value];
      if (!definition) continue;
      const args = this.argumentValues(definition, field);
      const key = `${definition.name}${JSON.stringify(args)}`;
      const entry = merged.get(key) ?? { definition, args, selections: [] };
      entry.selections.push(...(field.selectionSet?.selections ?? []));
      merged.set(key, entry);
    }
    return merged.values();
  }

  private childCost(selectionSet: SelectionSetNode, definition: GraphQLField<unknown, unknown>, scope: Scope): number {
    const named = getNamedType(definition.type);
    if (isObjectType(named)) return this.selectionCost(selectionSet, named, scope);
    if (isAbstractType(named)) {
      // node/nodes: whichever concrete type is the dearest.
      return Math.max(0, ...this.schema.getPossibleTypes(named).map((possible) => this.selectionCost(selectionSet, possible, scope)));
    }
    return 0;
  }

  private argumentValues(definition: GraphQLField<unknown, unknown>, field: FieldNode): Record<string, unknown> {
    try {
      return getArgumentValues(definition, field, this.variables);
    } catch {
      // Invalid arguments: execution will refuse them before any upstream call.
      return {};
    }
  }

  /**
   * The fields a selection set asks of `type`, through fragments and honouring @skip/@include.
   * Each fragment is expanded once per selection set, as graphql-js does: re-expanding every
   * spread would make nested spreads exponential work for a small document.
   */
  private collectFields(selectionSet: SelectionSetNode, type: GraphQLObjectType, into: FieldNode[] = [], visited = new Set<string>()): FieldNode[] {
    for (const selection of selectionSet.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        into.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition?.name.value, type)) this.collectFields(selection.selectionSet, type, into, visited);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = this.fragments.get(selection.name.value);
        if (fragment && this.applies(fragment.typeCondition.name.value, type)) this.collectFields(fragment.selectionSet, type, into, visited);
      }
    }
    return into;
  }

  private applies(typeCondition: string | undefined, type: GraphQLObjectType): boolean {
    if (!typeCondition || typeCondition === type.name) return true;
    const condition = this.schema.getType(typeCondition);
    return condition !== undefined && isAbstractType(condition) && this.schema.isSubType(condition, type);
  }

  private included(node: SelectionNode): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false;
  }
}
