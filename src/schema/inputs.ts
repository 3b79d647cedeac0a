import { z } from 'zod';
import { badUserInput, echo } from '../domain/errors';

// Instagram's own rules: letters, digits, periods and underscores, at most 30 characters.
const usernameSchema = z.string().regex(/^[A-Za-z0-9._]{1,30}$/);
const pkSchema = z.string().regex(/^\d{1,25}$/);
// Shortcodes are base64url-style: letters, digits, - and _.
const shortcodeSchema = z.string().regex(/^[A-Za-z0-9_-]{5,64}$/);

export function parseUsername(value: string): string {
  const username = value.trim().replace(/^@/, '');
  if (!usernameSchema.safeParse(username).success) {
    throw badUserInput(`"${echo(value)}" is not a valid Instagram username (letters, digits, "." and "_", at most 30)`);
  }
  return username;
}

export function parsePk(value: string, what = 'pk'): string {
  if (!pkSchema.safeParse(value).success) throw badUserInput(`${what} must be a numeric Instagram id, got "${echo(value)}"`);
  return value;
}

export function parseShortcode(value: string): string {
  if (!shortcodeSchema.safeParse(value).success) throw badUserInput(`"${echo(value)}" is not a valid Instagram shortcode`);
  return value;
}

/** Instagram's own search box takes short text; anything longer is refused before it is sent (and billed). */
export const MAX_SEARCH_TEXT = 100;

/** Search text for followers/following: trimmed, undefined when empty, at most 100 characters. */
export function parseSearchText(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text.length > MAX_SEARCH_TEXT) throw badUserInput(`query must be at most ${MAX_SEARCH_TEXT} characters, got ${text.length}`);
  return text;
}
