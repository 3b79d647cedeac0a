/** Instagram's shortcode alphabet: a media pk written in base 64 with these digits is its shortcode. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The shortcode (the <code> in instagram.com/p/<code>/) of a media pk, computed locally. */
export function shortcodeOfPk(pk: string): string {
  let rest = BigInt(pk);
  let code = '';
  do {
    code = ALPHABET[Number(rest % 64n)] + code;
    rest /= 64n;
  } while (rest > 0n);
  return code;
}
