import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import { specifiedDirectives, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './refs';
import './user';
import './media';
import './location';
import './comment';
import './story';
import './query';

/**
 * @defer and @stream are part of the schema (not only added by yoga's plugin at run time), so that
 * schema.graphql and the codegen'd documents know them.
 */
export const schema: GraphQLSchema = builder.toSchema({
  sortSchema: true,
  directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective],
});

/** The committed schema.graphql: printed from the Pothos schema, sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
