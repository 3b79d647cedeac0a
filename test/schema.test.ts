import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isObjectType } from 'graphql';
import { printSortedSchema, schema } from '../src/schema';

describe('schema.graphql', () => {
  it('is the sorted print of the Pothos schema (run `npm run schema:print` when this fails)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSortedSchema());
  });

  it('keeps the public contract names', () => {
    const printed = printSortedSchema();
    for (const line of [
      'user(username: String!): User',
      'userByPk(pk: ID!): User',
      'media(code: String!): Media',
      'node(id: ID!): Node',
      'nodes(ids: [ID!]!): [Node]!',
      'pinnedMedia: [Media!]',
      'owner: User!',
      'usertags: [Usertag!]!',
      'carouselItems: [CarouselItem!]!',
      'edges: [MediaEdge!]!',
      'nodes: [User!]!',
    ]) {
      expect(printed).toContain(line);
    }
    const user = schema.getType('User');
    if (!isObjectType(user)) throw new Error('User is not an object type');
    const fields = user.getFields();
    for (const [list, connection] of [
      ['posts', 'MediaConnection'],
      ['reels', 'MediaConnection'],
      ['taggedMedia', 'MediaConnection'],
      ['followers', 'UserConnection'],
      ['following', 'UserConnection'],
    ] as const) {
      expect(String(fields[list]?.type)).toBe(connection);
      const args = Object.fromEntries((fields[list]?.args ?? []).map((arg) => [arg.name, String(arg.type)]));
      expect(args).toMatchObject({ first: 'Int', after: 'String' });
    }
    expect(fields.followers?.args.find((arg) => arg.name === 'query')?.type.toString()).toBe('String');
  });
});
