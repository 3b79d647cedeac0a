import type { OperationResult } from '@urql/core';

interface FieldError {
  message: string;
  code: string | undefined;
}

/**
 * The errors instagraph gave for fields of entities, keyed by the entity's id and the field, so a
 * view can show one where the field's value would be. A path's list indexes only make sense in
 * the answer they came with; a cached, merged list (relayPagination) has other indexes, ids don't.
 */
export class FieldErrors {
  private readonly errors = new Map<string, FieldError>();

  /** Takes the field errors of an answer from the network (before the cache merges it). */
  record(result: OperationResult): void {
    for (const error of result.error?.graphQLErrors ?? []) {
      const owner = error.path ? ownerOf(result.data, error.path) : undefined;
      if (!owner) continue;
      const code = error.extensions.code;
      this.errors.set(owner, { message: error.message, code: typeof code === 'string' ? code : undefined });
    }
  }

  /** The last error for `field` of the entity `id`. */
  at(id: string, field: string): FieldError | undefined {
    return this.errors.get(`${id}.${field}`);
  }
}

/** `<id>.<field>` for an error at `path`, the id being the nearest entity above the field. */
function ownerOf(data: unknown, path: readonly (string | number)[]): string | undefined {
  const field = path.at(-1);
  let value = data;
  let id: string | undefined;
  for (const key of path.slice(0, -1)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
    const candidate = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    if (typeof candidate === 'string') id = candidate;
  }
  return id !== undefined && typeof field === 'string' ? `${id}.${field}` : undefined;
}
