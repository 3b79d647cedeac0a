import { describe, expect, it } from 'vitest';
import { parseJsonKeepingBigIds } from '../src/upstream/json';

describe('parseJsonKeepingBigIds', () => {
  it('keeps integers beyond 2^53 exact as strings', () => {
    const body = parseJsonKeepingBigIds('{"pk": 3870670793969876810, "fbid": 17841459076660294}') as Record<string, unknown>;
    expect(body.pk).toBe('3870670793969876810');
    expect(body.fbid).toBe('17841459076660294');
    expect(JSON.parse('{"pk": 3870670793969876810}').pk).not.toBe(3870670793969876810n.toString());
  });

  it('leaves safe integers and floats as numbers', () => {
    const body = parseJsonKeepingBigIds('{"pk": 787132, "x": 0.9639999866000001, "d": 60.10100173950195, "neg": -81.63}') as Record<string, unknown>;
    expect(body).toEqual({ pk: 787132, x: 0.9639999866000001, d: 60.10100173950195, neg: -81.63 });
  });
});
