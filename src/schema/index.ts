import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './refs';
import './user';
import './media';
import './query';

export const schema: GraphQLSchema = builder.toSchema({ sortSchema: true });

/** The committed schema.graphql: printed from the Pothos schema, sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
