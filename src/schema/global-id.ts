import { badUserInput, echo } from '../domain/errors';

export const NODE_TYPES = ['User', 'Media', 'Location'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

/** Global ids are base64("Type:pk"), as the Relay convention and our DESIGN say. */
export function encodeGlobalId(typename: string, id: bigint | number | string): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64');
}

export function decodeGlobalId(globalId: string): { typename: NodeTypeName; id: string } {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !isNodeType(typename) || !/^\d{1,25}$/.test(id)) {
    throw badUserInput(`"${echo(globalId)}" is not a node id issued by this API`);
  }
  return { typename, id };
}

function isNodeType(name: string): name is NodeTypeName {
  return (NODE_TYPES as readonly string[]).includes(name);
}
