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

const MEDIA_URL_HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com']);
const MEDIA_PATH = /^\/(?:p|reel|tv)\/([A-Za-z0-9_-]+)\/?$/;

/** The shortcode in a link to a post (/p/), reel (/reel/) or IGTV video (/tv/), read locally; null for anything else. */
export function shortcodeInUrl(value: string): string | null {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return null;
  if (!MEDIA_URL_HOSTS.has(url.hostname)) return null;
  const code = MEDIA_PATH.exec(url.pathname)?.[1];
  return code !== undefined && shortcodeSchema.safeParse(code).success ? code : null;
}

export function parseMediaUrl(value: string): string {
  const code = shortcodeInUrl(value);
  if (code === null) {
    throw badUserInput(`"${echo(value)}" is not a link to an Instagram post, reel or IGTV video (instagram.com/p/<code>/, /reel/<code>/ or /tv/<code>/)`);
  }
  return code;
}
