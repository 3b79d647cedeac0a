import { PROVIDER_NAMES, type ProviderName } from '../domain/types';
import type { CursorCodec } from './cursors';

/**
 * What a field costs upstream, declared where the field is defined (in its `extensions`) and read
 * by the estimator, which knows no field names. A field without a declaration costs nothing and
 * yields one object per parent.
 */

/** A lookup that one object needs once, however many of its fields ask for it. */
export type Lookup = 'profile';

/**
 * What a declaration's functions may read: the field's coerced arguments, our cursor codec to read
 * `after`, and the configured providers (the routes a call may take; undefined when unknown).
 */
export interface CostInput {
  args: Readonly<Record<string, unknown>>;
  cursors: CursorCodec | undefined;
  providers?: readonly ProviderName[] | undefined;
}

type Amount = number | ((input: CostInput) => number);

export interface FieldCost {
  /** Upstream calls per parent object. */
  calls?: Amount;
  /** Objects each parent yields below this field (a list's worst-case length); 'page' takes the enclosing connection's page size. */
  items?: Amount | 'page';
  /** For a connection field: the items one page of it holds, which its edges/nodes fan out to. */
  pageItems?: Amount;
  /** The field needs its parent's `lookup`, which costs one call per parent object unless the parent already provides it. */
  lookup?: Lookup;
  /** The objects this field yields already hold this lookup (a user fetched as a full profile). */
  provides?: Lookup;
  /**
   * The calls are spent only for parents whose `field` is one of `values` (a transcript, only for a
   * video): the estimate, which cannot see the parents, assumes they all are.
   */
  onlyWhen?: { field: string; values: readonly string[] };
}

const declared = new WeakSet<FieldCost>();

/** Field `extensions` declaring `cost`: spread or assign as `extensions: upstreamCost({ ... })`. */
export function upstreamCost(cost: FieldCost): { cost: FieldCost } {
  declared.add(cost);
  return { cost };
}

/** The declaration in a field's extensions, if it has one. */
export function declaredCost(extensions: Readonly<Record<string, unknown>> | null | undefined): FieldCost | undefined {
  const cost = extensions?.cost;
  return typeof cost === 'object' && cost !== null && declared.has(cost as FieldCost) ? (cost as FieldCost) : undefined;
}

export function amount(value: Amount | undefined, input: CostInput, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === 'number' ? value : value(input);
}

/**
 * Calls that depend on the provider that answers (AIsa's highlights need one more call each for their
 * items, HikerAPI's do not): the dearest route among the configured providers that serve the field,
 * or among all of them when the configuration is unknown. A provider absent from `calls` does not
 * serve the field, and spends nothing on it.
 */
export function dearestRoute(calls: Partial<Record<ProviderName, number>>): (input: CostInput) => number {
  return ({ providers }) => Math.max(0, ...(providers ?? PROVIDER_NAMES).map((provider) => calls[provider] ?? 0));
}
