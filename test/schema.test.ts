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

  it('keeps the contract of comments, likers, transcripts, location feeds, about, stories and highlights', () => {
    const contract: Record<string, Record<string, string>> = {
      Comment: { id: 'ID!', pk: 'ID!', text: 'String!', createdAt: 'DateTime', likeCount: 'Int', user: 'User!' },
      CommentEdge: { cursor: 'String!', node: 'Comment!' },
      CommentConnection: { edges: '[CommentEdge!]!', nodes: '[Comment!]!', pageInfo: 'PageInfo!' },
      UserAbout: { dateJoined: 'String', country: 'String', formerUsernameCount: 'Int' },
      StoryItem: {
        pk: 'ID!',
        mediaType: 'MediaType!',
        takenAt: 'DateTime',
        expiresAt: 'DateTime',
        imageUrl: 'String',
        videoUrl: 'String',
        videoDuration: 'Float',
      },
      Highlight: { id: 'ID!', title: 'String', coverUrl: 'String', items: '[StoryItem!]' },
      Media: { comments: 'CommentConnection', likers: 'UserConnection', transcript: 'String' },
      Location: { recentMedia: 'MediaConnection', topMedia: 'MediaConnection' },
      User: { about: 'UserAbout', stories: '[StoryItem!]', highlights: '[Highlight!]' },
      Query: { location: 'Location', mediaByUrl: 'Media' },
    };
    const fieldsOf = (typeName: string) => {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      return type.getFields();
    };
    for (const [typeName, expected] of Object.entries(contract)) {
      const fields = fieldsOf(typeName);
      for (const [field, fieldType] of Object.entries(expected)) expect(String(fields[field]?.type), `${typeName}.${field}`).toBe(fieldType);
    }
    const printed = printSortedSchema();
    for (const line of ['location(pk: ID!): Location', 'mediaByUrl(url: String!): Media', 'type Comment implements Node', 'type Highlight implements Node']) {
      expect(printed).toContain(line);
    }
    for (const [typeName, connection] of [['Media', 'comments'], ['Media', 'likers'], ['Location', 'recentMedia'], ['Location', 'topMedia']] as const) {
      const args = fieldsOf(typeName)[connection]?.args ?? [];
      expect(Object.fromEntries(args.map((arg) => [arg.name, String(arg.type)]))).toMatchObject({ first: 'Int', after: 'String' });
    }
  });
});
