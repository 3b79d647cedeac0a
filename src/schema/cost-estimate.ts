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
import { DEFAULT_MEDIA_PAGE_SIZE, DEFAULT_USER_PAGE_SIZE, UPSTREAM_PAGE_SIZE } from './connections';
import type { ListKind } from '../domain/types';

/** Instagram's own caps, used as worst-case list sizes for lists that have no `first`. */
export const WORST_CASE = { pinnedMedia: 3, usertags: 20, coauthors: 5 } as const;

const PROFILE_ONLY_FIELDS = new Set(['biography', 'isBusiness', 'category', 'externalUrl', 'followerCount', 'followingCount', 'mediaCount']);

const MEDIA_LISTS: Record<string, ListKind> = { posts: 'posts', reels: 'reels', taggedMedia: 'tagged' };
const USER_LISTS: Record<string, ListKind> = { followers: 'followers', following: 'following' };

/** Where an object in the result came from, which decides what its fields cost. */
interface Scope {
  /** How many such objects the result may hold (fan-out multiplied down the tree). */
  multiplier: number;
  /** A User that is a full profile already (from user, userByPk or node): profile fields are free. */
  fullProfile: boolean;
  /** Items per connection page, for the connection's nodes/edges. */
  pageItems: number;
}

/**
 * Upstream calls an operation will make at worst, before it runs and without the cache: list
 * sizes from `first`, nested fan-out multiplied out, identical fields priced once. It plans with
 * the providers' usual page sizes and Instagram's caps on tags and coauthors; an upstream that
 * pages smaller than usual can need more, which the per-request limit (CostMeter) still bounds.
 */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
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
  const estimator = new Estimator(schema, fragments, coerced.coerced);
  return estimator.selectionCost(operation.selectionSet, root, { multiplier: 1, fullProfile: false, pageItems: 0 });
}

class Estimator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  selectionCost(selectionSet: SelectionSetNode, type: GraphQLObjectType, scope: Scope): number {
    let total = 0;
    let needsProfile = false;
    for (const { definition, args, selections } of this.distinctFields(selectionSet, type)) {
      if (type.name === 'User' && PROFILE_ONLY_FIELDS.has(definition.name)) {
        needsProfile = true;
        continue;
      }
      const { calls, child } = this.fieldCost(type, definition, args, scope);
      total += calls * scope.multiplier;
      if (selections.length > 0 && child) {
        total += this.childCost({ kind: Kind.SELECTION_SET, selections }, definition, child);
      }
    }
    // One profile lookup per summary user, however many profile fields it asks for.
    if (needsProfile && !scope.fullProfile) total += scope.multiplier;
    return total;
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

  /** Calls this field makes per parent object, and the scope of the objects under it. */
  private fieldCost(
    type: GraphQLObjectType,
    definition: GraphQLField<unknown, unknown>,
    args: Record<string, unknown>,
    scope: Scope,
  ): { calls: number; child?: Scope } {
    const at = `${type.name}.${definition.name}`;
    const nested = (multiplier: number, extra: Partial<Scope> = {}): Scope => ({
      multiplier: scope.multiplier * multiplier,
      fullProfile: false,
      pageItems: 0,
      ...extra,
    });

    switch (at) {
      case 'Query.user':
      case 'Query.userByPk':
      case 'Query.node':
        return { calls: 1, child: nested(1, { fullProfile: true }) };
      case 'Query.media':
        return { calls: 1, child: nested(1) };
      case 'Query.nodes': {
        const ids = Array.isArray(args.ids) ? args.ids.length : 0;
        return { calls: ids, child: nested(ids, { fullProfile: true }) };
      }
      case 'User.pinnedMedia':
        return { calls: 1, child: nested(WORST_CASE.pinnedMedia) };
      case 'Media.usertags':
        return { calls: 0, child: nested(WORST_CASE.usertags) };
      case 'Media.coauthors':
        return { calls: 0, child: nested(WORST_CASE.coauthors) };
      case 'MediaConnection.nodes':
      case 'MediaConnection.edges':
      case 'UserConnection.nodes':
      case 'UserConnection.edges':
        return { calls: 0, child: nested(scope.pageItems) };
    }
    const kind = type.name === 'User' ? (MEDIA_LISTS[definition.name] ?? USER_LISTS[definition.name]) : undefined;
    if (kind) {
      const defaultFirst = definition.name in USER_LISTS ? DEFAULT_USER_PAGE_SIZE : DEFAULT_MEDIA_PAGE_SIZE;
      const first = typeof args.first === 'number' ? args.first : defaultFirst;
      const resumed = typeof args.after === 'string';
      const searched = typeof args.query === 'string' && args.query.trim() !== '';
      const pages = searched ? 1 : Math.ceil(first / UPSTREAM_PAGE_SIZE[kind]) + (resumed ? 1 : 0);
      return { calls: pages, child: nested(1, { pageItems: first }) };
    }
    // Owners, tagged users and coauthors are summaries: their profile fields cost a lookup.
    return { calls: 0, child: { ...scope, fullProfile: false } };
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
