import { parse, isInteger } from 'lossless-json';

/**
 * JSON.parse that keeps integers beyond 2^53 exact by leaving them as strings.
 * Instagram pks and fbids exceed Number.MAX_SAFE_INTEGER; JSON.parse would round them.
 */
export function parseJsonKeepingBigIds(text: string): unknown {
  return parse(text, null, (value: string) => {
    if (isInteger(value)) {
      const asNumber = Number(value);
      return Number.isSafeInteger(asNumber) ? asNumber : value;
    }
    return Number(value);
  });
}
