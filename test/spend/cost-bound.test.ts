import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderName } from '../../src/domain/types';
import type { ReplayServer } from '../../src/replay/types';
import { schema } from '../../src/schema';
import { declaredCost } from '../../src/schema/cost';
import type { Instagraph } from '../../src/server';
import { createApp, execute, globalId, startReplay } from '../helpers/instagraph';
import { worldMedia, worldUser } from '../helpers/world';

/**
 * The estimate is an upper bound for every field: each field reachable from Query up to depth 3
 * (generated from the schema, not listed by hand) is asked for cold against the replay upstream,
 * connections with first 1, 13 and 100, with and without `after`, on each provider alone. A
 * request never costs more than its estimate, and costs exactly its estimate when every list on its
 * path came back full (and every call a field declares only for some parents was due). Each costing
 * field must be seen exact on some provider: a new field that calls upstream without declaring its
 * cost fails here.
 */

type AnyField = GraphQLField<unknown, unknown>;

interface Step {
  parent: GraphQLObjectType;
  field: AnyField;
  /** The concrete type asked for below an abstract field (node, nodes). */
  concrete?: GraphQLObjectType;
}

interface Variant {
  first?: number;
  after?: 'endCursor';
  query?: string;
}

const MAX_DEPTH = 3;
const FIRSTS = [1, 13, 100];

const natgeo = worldUser('natgeo');
const jane = worldUser('jane');
const coralcam = worldUser('coralcam');
const taggedPost = worldMedia('DWtNtdjhIRf');
const coauthoredPost = worldMedia('DWzNE9hkj_e');
const LOCATION_PKS = ['213015838', '213039595'];
/** natgeo's first post has 40 comments: this one is on the third page, as deep as a node lookup reads. */
const THIRD_PAGE_COMMENT = `${worldMedia('DWllQsJCPX_').pk}:17900000001781775`;
/** Two owners' highlights, so that `nodes` needs both trays. */
const HIGHLIGHTS = [`${natgeo.pk}:17850000000733103`, `${coralcam.pk}:17850000000104729`];
/** A reel with a transcript: the link form of Query.media. */
const REEL_URL = `https://www.instagram.com/reel/${coauthoredPost.code}/`;

/** Arguments the world can answer, by `Type.field.argument` and, below node/nodes, by concrete type. */
function sampleArgument(step: Step, argument: string): unknown {
  const at = `${step.parent.name}.${step.field.name}.${argument}`;
  const ids: Record<string, string[]> = {
    User: [natgeo.pk, jane.pk, coralcam.pk].map((pk) => globalId('User', String(pk))),
    Media: [taggedPost.pk, coauthoredPost.pk].map((pk) => globalId('Media', pk)),
    Location: LOCATION_PKS.map((pk) => globalId('Location', pk)),
    Comment: [globalId('Comment', THIRD_PAGE_COMMENT)],
    Highlight: HIGHLIGHTS.map((id) => globalId('Highlight', id)),
  };
  const samples: Record<string, unknown> = {
    'Query.user.username': 'natgeo',
    'Query.userByPk.pk': String(natgeo.pk),
    'Query.media.code': taggedPost.code,
    'Query.mediaByUrl.url': REEL_URL,
    'Query.location.pk': '213047514',
    'Query.node.id': ids[step.concrete?.name ?? '']?.[0],
    'Query.nodes.ids': ids[step.concrete?.name ?? ''],
  };
  if (!(at in samples)) throw new Error(`no sample value for ${at}: add one`);
  return samples[at];
}

function isConnection(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isObjectType(named) && 'pageInfo' in named.getFields() && 'edges' in named.getFields();
}

/** Every path of fields from Query down to MAX_DEPTH, abstract fields expanded per concrete type. */
function* paths(parent: GraphQLObjectType, prefix: Step[] = []): Generator<Step[]> {
  for (const field of Object.values(parent.getFields())) {
    const named = getNamedType(field.type);
    const concretes = isAbstractType(named) ? schema.getPossibleTypes(named) : [undefined];
    for (const concrete of concretes) {
      const path = [...prefix, { parent, field, ...(concrete ? { concrete } : {}) }];
      yield path;
      const next = concrete ?? named;
      if (path.length < MAX_DEPTH && isObjectType(next)) yield* paths(next, path);
    }
  }
}

function variantsOf(path: Step[]): Variant[] {
  const connection = path.find((step) => isConnection(step.field.type));
  if (!connection) return [{}];
  const variants: Variant[] = FIRSTS.flatMap((first) => [{ first }, { first, after: 'endCursor' as const }]);
  if (connection.field.args.some((arg) => arg.name === 'query')) variants.push({ first: 13, query: 'a' });
  return variants;
}

function argumentsText(step: Step, variant: Variant, cursor: string | undefined): string {
  const parts: string[] = [];
  for (const arg of step.field.args) {
    let value: unknown;
    if (arg.name === 'first') value = variant.first;
    else if (arg.name === 'after') value = variant.after ? cursor : undefined;
    else if (arg.name === 'query') value = variant.query;
    else if (isNonNullType(arg.type)) value = sampleArgument(step, arg.name);
    if (value !== undefined) parts.push(`${arg.name}: ${JSON.stringify(value)}`);
  }
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** A connection also reports its items and end cursor (free fields), to tell full pages and to resume. */
const CONNECTION_PROBE = 'probeNodes: nodes { __typename } probeInfo: pageInfo { endCursor }';

/** The condition a field's calls depend on, if it declares one (e.g. only videos have transcripts). */
const onlyWhen = (step: Step | undefined) => (step ? declaredCost(step.field.extensions)?.onlyWhen : undefined);

function selectionText(path: Step[], variant: Variant, cursor: string | undefined, index = 0): string {
  const step = path[index] as Step;
  const named = step.concrete ?? getNamedType(step.field.type);
  const condition = onlyWhen(path[index + 1]);
  // The parent of a conditional field reports what the condition reads, to tell whether the calls were due.
  const probe = `${isConnection(step.field.type) ? CONNECTION_PROBE : ''}${condition ? ` probeWhen: ${condition.field}` : ''}`;
  let inner = '';
  if (index + 1 < path.length) inner = `${probe} ${selectionText(path, variant, cursor, index + 1)}`;
  else if (!isLeafType(named)) inner = probe || '__typename';
  const below = step.concrete ? `... on ${step.concrete.name} { ${inner} }` : inner;
  return `${step.field.name}${argumentsText(step, variant, cursor)}${below.trim() ? ` { ${below} }` : ''}`;
}

/** The values at each step of the path in `data`, lists flattened. */
function valuesAlong(data: unknown, path: Step[]): unknown[][] {
  const levels: unknown[][] = [];
  let current: unknown[] = [data];
  for (const step of path) {
    current = current.flatMap((value) => {
      const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step.field.name] : undefined;
      return child === undefined || child === null ? [] : [child];
    });
    levels.push(current);
    current = current.flatMap((value) => (Array.isArray(value) ? value : [value]));
  }
  return levels;
}

/** True when a field after `index` on the path costs calls: then how many objects reach it matters. */
function costsBelow(path: Step[], index: number): boolean {
  return path.slice(index + 1).some((step) => {
    const cost = declaredCost(step.field.extensions);
    return cost?.calls !== undefined || cost?.lookup !== undefined;
  });
}

/** The objects the field at `index` was asked of (the flattened values of the step before). */
function parentsAt(levels: unknown[][], index: number): unknown[] {
  if (index === 0) return [undefined];
  return (levels[index - 1] ?? []).flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** True when every parent of a conditional field met its condition, so that its calls were all due. */
function conditionMet(levels: unknown[][], path: Step[], index: number): boolean {
  const condition = onlyWhen(path[index]);
  if (!condition) return true;
  return parentsAt(levels, index).every((parent) => condition.values.includes((parent as { probeWhen?: string }).probeWhen ?? ''));
}

/**
 * True when every list on the path holds as many items as its field declares at worst (a plain list
 * only where something below it costs calls: its own calls do not depend on its length), no object
 * on it was null where something below it costs, and every conditional cost on it was due.
 */
function listsFull(data: unknown, path: Step[], variant: Variant): boolean {
  const levels = valuesAlong(data, path);
  return path.every((step, index) => {
    const values = levels[index] as unknown[];
    if (values.length === 0 || !conditionMet(levels, path, index)) return false;
    if (isConnection(step.field.type)) {
      return values.every((value) => ((value as { probeNodes?: unknown[] }).probeNodes ?? []).length === variant.first);
    }
    if (!costsBelow(path, index)) return true;
    const items = declaredCost(step.field.extensions)?.items;
    // An object field (a media's location) is full when no parent had it null.
    if (!isListType(isNonNullType(step.field.type) ? step.field.type.ofType : step.field.type)) return values.length === parentsAt(levels, index).length;
    if (items === 'page') return true;
    const expected = typeof items === 'number' ? items : undefined;
    return expected === undefined || values.every((value) => Array.isArray(value) && value.length === expected);
  });
}

function endCursorOf(data: unknown, path: Step[]): string | undefined {
  const index = path.findIndex((step) => isConnection(step.field.type));
  const connection = valuesAlong(data, path.slice(0, index + 1))[index]?.[0] as { probeInfo?: { endCursor?: string } } | undefined;
  return connection?.probeInfo?.endCursor ?? undefined;
}

const describePath = (path: Step[]) => path.map((step) => `${step.parent.name}.${step.field.name}${step.concrete ? `<${step.concrete.name}>` : ''}`).join(' > ');

interface Measured {
  estimated: number;
  calls: number;
  data: unknown;
  errors: unknown[];
}

/** The costing fields each provider's run saw at their exact estimate. */
const exactlyCheckedBy = new Map<ProviderName, Set<string>>();

describe.each<ProviderName>(['hikerapi', 'aisa'])('the cost estimate bounds every field (%s)', (providers) => {
  let replay: ReplayServer;
  let app: Instagraph;

  beforeAll(async () => {
    replay = await startReplay();
    app = createApp(replay, { providers });
  });

  afterAll(async () => {
    await app?.close();
    await replay?.close();
  });

  async function measure(query: string): Promise<Measured> {
    const before = replay.stats.count();
    const answer = await execute(app, `{ ${query} }`);
    return { estimated: answer.cost?.estimated ?? Number.NaN, calls: replay.stats.count() - before, data: answer.data, errors: answer.errors };
  }

  it('costs at most the estimate everywhere, and exactly the estimate when its lists are full', async () => {
    const exactlyChecked = new Set<string>();
    exactlyCheckedBy.set(providers, exactlyChecked);
    const overruns: string[] = [];
    let requests = 0;
    for (const path of paths(schema.getQueryType() as GraphQLObjectType)) {
      for (const variant of variantsOf(path)) {
        let cursor: string | undefined;
        if (variant.after) {
          cursor = endCursorOf((await measure(selectionText(path, { ...variant, after: undefined }, undefined))).data, path);
          if (cursor === undefined) continue;
        }
        const query = selectionText(path, variant, cursor);
        const { estimated, calls, data, errors } = await measure(query);
        requests += 1;
        if (calls > estimated) overruns.push(`${describePath(path)} ${JSON.stringify(variant)}: ${calls} calls, estimated ${estimated}\n  { ${query} }`);
        if (errors.length === 0 && listsFull(data, path, variant)) {
          expect(calls, `${describePath(path)} ${JSON.stringify(variant)}: { ${query} }`).toBe(estimated);
          for (const step of path) exactlyChecked.add(`${step.parent.name}.${step.field.name}`);
        }
      }
    }
    expect(overruns, overruns.join('\n')).toEqual([]);
    expect(requests).toBeGreaterThan(100);
  }, 180_000);
});

describe('the cost declarations', () => {
  it('were each seen at their exact estimate at least once, by the provider that serves them', () => {
    expect([...exactlyCheckedBy.keys()].sort()).toEqual(['aisa', 'hikerapi']);
    const seen = new Set([...exactlyCheckedBy.values()].flatMap((fields) => [...fields]));
    const costing = [...paths(schema.getQueryType() as GraphQLObjectType)]
      .map((path) => path.at(-1) as Step)
      .filter((step) => {
        const cost = declaredCost(step.field.extensions);
        return cost?.calls !== undefined || cost?.lookup !== undefined;
      })
      .map((step) => `${step.parent.name}.${step.field.name}`);
    expect([...new Set(costing)].filter((field) => !seen.has(field))).toEqual([]);
  });
});
