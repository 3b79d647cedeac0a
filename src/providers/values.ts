// Shared by the normalizers. `null` means the upstream did not say; a text the upstream states as
// empty (no biography, no caption) is known, and stays "".

/** Text a person wrote or Instagram shows (biography, caption, name, category, external URL): "" is an answer. */
export function statedText(value: string | null | undefined): string | null {
  return value ?? null;
}

/** The first of `values` with text; "" when the upstream stated them all empty; null when it said nothing. */
export function firstStatedText(...values: (string | null | undefined)[]): string | null {
  const stated = values.filter((value): value is string => value !== null && value !== undefined);
  return stated.find((value) => value !== '') ?? stated[0] ?? null;
}

/** A technical value (a media URL, a product type, a cursor): "" addresses nothing, so it is unknown. */
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

/** A date-time the upstream wrote as text (ISO 8601 or similar) → ISO 8601 UTC; null when it does not parse. */
export function isoDateOrNull(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** A count the upstream may write as a number or as digits ("2"); anything else is unknown. */
export function countOrNull(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  return value !== null && value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : null;
}
