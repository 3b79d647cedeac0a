import { badUserInput, echo } from '../domain/errors';

/**
 * What each node type's id holds: a pk, or for what is only found through something else, that
 * thing's pk first (a comment through its media, a highlight through its owner).
 */
const ID_PATTERNS = {
  User: /^\d{1,25}$/,
  Media: /^\d{1,25}$/,
  Location: /^\d{1,25}$/,
  Comment: /^\d{1,25}:\d{1,25}$/,
  Highlight: /^\d{1,25}:\d{1,25}$/,
} as const;

export type NodeTypeName = keyof typeof ID_PATTERNS;

/** Global ids are base64("Type:id"), as the Relay convention and our DESIGN say. */
export function encodeGlobalId(typename: string, id: bigint | number | string): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64');
}

export function decodeGlobalId(globalId: string): { typename: NodeTypeName; id: string } {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !isNodeType(typename) || !ID_PATTERNS[typename].test(id)) {
    throw badUserInput(`"${echo(globalId)}" is not a node id issued by this API`);
  }
  return { typename, id };
}

/** The two pks of a compound id ("<mediaPk>:<commentPk>", "<ownerPk>:<highlightId>"). */
export function splitCompoundId(id: string, what: string): [string, string] {
  const [first, second, ...rest] = id.split(':');
  if (!first || !second || rest.length > 0 || !/^\d{1,25}$/.test(first) || !/^\d{1,25}$/.test(second)) {
    throw badUserInput(`${what} must be "<pk>:<pk>", got "${echo(id)}"`);
  }
  return [first, second];
}

function isNodeType(name: string): name is NodeTypeName {
  return Object.hasOwn(ID_PATTERNS, name);
}
