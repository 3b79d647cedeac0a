import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { errorResponse } from './responses';

/** Content types a GraphQL POST may carry: JSON only (no forms, no multipart: nothing here uploads). */
const JSON_CONTENT = /^application\/(graphql\+)?json\s*(;|$)/i;

/**
 * What a GraphQL request body may be. POST bodies must be JSON: a form or multipart body is a
 * "simple" request a browser sends cross-site without a preflight, so it is refused (415) before
 * parsing. A body over `maxBytes` is refused (413) as soon as that many bytes have arrived, not
 * after reading it all.
 */
export function useRequestBodyPolicy(maxBytes: number): Plugin {
  return {
    // Every POST: yoga serves GraphQL on variants of its endpoint's path too.
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      if (!JSON_CONTENT.test(request.headers.get('content-type') ?? '')) {
        endResponse(errorResponse(fetchAPI, 415, 'UNSUPPORTED_MEDIA_TYPE', 'A GraphQL POST body must be JSON (content-type: application/json)'));
        return;
      }
      if (Number(request.headers.get('content-length') ?? 0) > maxBytes) {
        endResponse(errorResponse(fetchAPI, 413, 'PAYLOAD_TOO_LARGE', tooLargeMessage(maxBytes)));
      }
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST') return;
      setRequestParser(async (received) => parseJsonBody(await readAtMost(received, maxBytes)));
    },
  };
}

function tooLargeMessage(maxBytes: number): string {
  return `The request body is over ${maxBytes} bytes`;
}

async function readAtMost(request: Request, maxBytes: number): Promise<string> {
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw createGraphQLError(tooLargeMessage(maxBytes), { extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } } });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw createGraphQLError('POST body sent invalid JSON.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw createGraphQLError('POST body is expected to be a JSON object', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  }
  return body as Record<string, unknown>;
}
