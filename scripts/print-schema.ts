import { writeFileSync } from 'node:fs';
import { printSortedSchema } from '../src/schema';

// schema.graphql is committed; test/schema.test.ts fails when it drifts from the Pothos schema.
writeFileSync(new URL('../schema.graphql', import.meta.url), printSortedSchema());
console.log('wrote schema.graphql');
