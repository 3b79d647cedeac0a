import { z } from 'zod';
import { jsonToken, readJsonToken, toBase64 } from './respond';

/**
 * Shapes both vendors relay unchanged from Instagram's own API, built once for both replays.
 */

const commentCursorSchema = z.object({ cached_comments_cursor: z.string(), bifilter_token: z.string() });

/** Instagram's comment cursor: base64 JSON naming the last comment served (and, here, its media). */
export function commentCursor(mediaPk: string, lastCommentPk: string): string {
  return jsonToken({ cached_comments_cursor: lastCommentPk, bifilter_token: toBase64(mediaPk) });
}

/** Where the page after `cursor` starts in `comments`: 0 without a cursor, null for one that names nothing here. */
export function commentCursorStart(comments: readonly { pk: string }[], mediaPk: string, cursor: string): number | null {
  if (cursor === '') return 0;
  const read = readJsonToken(cursor, commentCursorSchema);
  if (!read || read.bifilter_token !== toBase64(mediaPk)) return null;
  const index = comments.findIndex((comment) => comment.pk === read.cached_comments_cursor);
  return index < 0 ? null : index + 1;
}
