import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the example operations in examples/ (the dashboard's included), and the
// schema's introspection for urql's graphcache, from the committed schema.graphql.
// test/codegen.test.ts fails when examples/generated/ is stale: run `npm run codegen`.
// CODEGEN_OUT lets that test write a fresh copy elsewhere and compare.
const outputDirectory = process.env.CODEGEN_OUT ?? 'examples/generated/';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/*.graphql', 'examples/dashboard/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [outputDirectory]: {
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
      // persisted-documents.json: the trusted-documents manifest (hash → document) for PERSISTED_OPERATIONS.
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
    },
    // Graphcache's `schema` option: it then knows which fields may be null (see the README).
    [`${outputDirectory}introspection.ts`]: {
      plugins: ['urql-introspection'],
      config: { useTypeImports: true },
    },
  },
};

export default config;
