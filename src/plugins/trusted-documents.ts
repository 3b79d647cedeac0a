import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { ConfigError, readJsonFile, type Config } from '../config';

/** Codegen writes keys as "sha256:<hex>"; Apollo's persisted queries send the bare hex. Both name one document. */
const HASH = /^(?:sha256:)?([0-9a-f]{64})$/i;

const manifestSchema = z.record(z.string().regex(HASH, 'keys must be sha256 hashes'), z.string().min(1));

/**
 * Trusted documents (PERSISTED_OPERATIONS): `allow` also runs documents from the manifest by hash,
 * `require` runs nothing else. The manifest maps sha256 → document, as GraphQL Code Generator's
 * client preset writes it (persisted-documents.json) for any client's own documents.
 */
export function useTrustedDocuments(config: Pick<Config, 'PERSISTED_OPERATIONS' | 'PERSISTED_OPERATIONS_FILE'>): Plugin | undefined {
  if (config.PERSISTED_OPERATIONS === 'off') return undefined;
  const manifest = loadManifest(config.PERSISTED_OPERATIONS_FILE);
  return usePersistedOperations({
    getPersistedOperation: (hash) => manifest[bareHash(hash)] ?? null,
    allowArbitraryOperations: config.PERSISTED_OPERATIONS === 'allow',
    customErrors: {
      persistedQueryOnly: {
        message: 'This server runs trusted documents only: send extensions.persistedQuery.sha256Hash of a document in its manifest',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
      notFound: { message: 'No trusted document has this hash', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      keyNotFound: {
        message: 'Send a query, or extensions.persistedQuery.sha256Hash of a trusted document',
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      },
    },
  });
}

function loadManifest(path: string | undefined): Record<string, string> {
  if (path === undefined) throw new ConfigError(['PERSISTED_OPERATIONS_FILE: required when PERSISTED_OPERATIONS is allow or require']);
  const manifest = readJsonFile('PERSISTED_OPERATIONS_FILE', path, manifestSchema);
  return Object.fromEntries(Object.entries(manifest).map(([hash, document]) => [bareHash(hash), document]));
}

function bareHash(hash: string): string {
  return (HASH.exec(hash)?.[1] ?? hash).toLowerCase();
}
