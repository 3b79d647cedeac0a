// Shared by the normalizers: upstreams write "not known" as "", 0 or a missing key; we write null.

/** Empty strings mean "not set" upstream (e.g. `external_url: ""`). */
export function textOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : value;
}

/** The first of `values` that is set and not empty. */
export function firstText(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const text = textOrNull(value);
    if (text !== null) return text;
  }
  return null;
}

export function numberOrNull(value: number | null | undefined): number | null {
  return value ?? null;
}

/** Instagram reports 0 for counts and durations it did not fill in (play_count outside /clips/chunk, view_count almost always). */
export function positiveOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && value > 0 ? value : null;
}
