import { z } from 'zod';
import { badUserInput } from '../domain/errors';

// Instagram's own rules: letters, digits, periods and underscores, at most 30 characters.
const usernameSchema = z.string().regex(/^[A-Za-z0-9._]{1,30}$/);
const pkSchema = z.string().regex(/^\d{1,25}$/);
// Shortcodes are base64url-style: letters, digits, - and _.
const shortcodeSchema = z.string().regex(/^[A-Za-z0-9_-]{5,64}$/);

export function parseUsername(value: string): string {
  const username = value.trim().replace(/^@/, '');
  if (!usernameSchema.safeParse(username).success) {
    throw badUserInput(`"${value}" is not a valid Instagram username (letters, digits, "." and "_", at most 30)`);
  }
  return username;
}

export function parsePk(value: string, what = 'pk'): string {
  if (!pkSchema.safeParse(value).success) throw badUserInput(`${what} must be a numeric Instagram id, got "${value}"`);
  return value;
}

export function parseShortcode(value: string): string {
  if (!shortcodeSchema.safeParse(value).success) throw badUserInput(`"${value}" is not a valid Instagram shortcode`);
  return value;
}
