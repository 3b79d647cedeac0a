import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Client } from '../../src/clients';
import { QuotaBook } from '../../src/plugins/quota';

const client: Client = { name: 'windowed', callsPerMinute: 20, callsPerDay: undefined, maxCallsPerRequest: undefined, concurrency: undefined };

describe('quota windows', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('does not turn a refund that arrives after its window reset into credit in the next one', async () => {
    const quotas = new QuotaBook(undefined);
    const start = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
    const held = await quotas.reserve(client, 20);
    expect(held.granted).toBe(true);
    // The request ran past its window's end; it spent nothing of its reservation.
    clock.mockReturnValue(start + 61_000);
    await quotas.settle(client, held.windows, 20);
    expect((await quotas.reserve(client, 20)).granted).toBe(true);
    expect((await quotas.reserve(client, 20)).granted).toBe(false);
  });

  it('refunds within the window, and charges an overrun', async () => {
    const quotas = new QuotaBook(undefined);
    const held = await quotas.reserve(client, 10);
    const [afterRefund] = await quotas.settle(client, held.windows, 10);
    expect(afterRefund?.remaining).toBe(20);
    const again = await quotas.reserve(client, 5);
    const [afterOverrun] = await quotas.settle(client, again.windows, -3);
    expect(afterOverrun?.remaining).toBe(12);
  });
});
