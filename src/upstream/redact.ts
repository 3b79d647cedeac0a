/**
 * Removes our secrets from text before it reaches a client or a log: any run of 8 or more
 * characters of a secret, in any letter case, and the same of its percent-encoded and base64
 * forms. A provider that echoes a prefix of our key (`hk_live_SECR…`), upper-cases it or encodes
 * it leaks nothing through us.
 */
const MIN_RUN = 8;
const REDACTED = '[redacted]';

export class SecretRedactor {
  private readonly pattern: RegExp | undefined;

  constructor(secrets: readonly string[]) {
    const windows = new Set<string>();
    for (const secret of secrets.filter((value) => value.length >= MIN_RUN)) {
      for (const form of formsOf(secret)) {
        for (let start = 0; start + form.run <= form.text.length; start++) windows.add(form.text.slice(start, start + form.run));
      }
    }
    this.pattern = windows.size > 0 ? new RegExp([...windows].map(escapeRegExp).join('|'), 'gi') : undefined;
  }

  /** `text` with every run of a secret replaced by [redacted]. */
  redact(text: string): string {
    if (!this.pattern) return text;
    const spans: [number, number][] = [];
    // Overlapping windows: a match is retried one character further, so every run is found whole.
    for (let from = 0; from < text.length; ) {
      this.pattern.lastIndex = from;
      const match = this.pattern.exec(text);
      if (!match) break;
      const last = spans.at(-1);
      const end = match.index + match[0].length;
      if (last && match.index <= last[1]) last[1] = Math.max(last[1], end);
      else spans.push([match.index, end]);
      from = match.index + 1;
    }
    if (spans.length === 0) return text;
    let result = '';
    let cursor = 0;
    for (const [start, end] of spans) {
      result += text.slice(cursor, start) + REDACTED;
      cursor = end;
    }
    return result + text.slice(cursor);
  }

  /** A parsed JSON value with every string redacted. */
  redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((entry) => this.redactValue(entry));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, this.redactValue(entry)]));
    }
    return value;
  }
}

/** The forms a secret may be echoed in, each with the length of a run that gives it away. */
function formsOf(secret: string): { text: string; run: number }[] {
  const bytes = Buffer.from(secret, 'utf8');
  const everyBytePercentEncoded = [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  return [
    { text: secret, run: MIN_RUN },
    { text: encodeURIComponent(secret), run: MIN_RUN },
    // Three characters per byte: a run of 8 of the secret's bytes.
    { text: everyBytePercentEncoded, run: MIN_RUN * 3 },
    { text: bytes.toString('base64'), run: MIN_RUN },
    { text: bytes.toString('base64url'), run: MIN_RUN },
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
