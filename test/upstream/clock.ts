import { vi } from 'vitest';
import { systemClock, type Clock } from '../../src/upstream/clock';

/**
 * A clock that only moves when the test says so: a machine under load cannot make a wait or a
 * cooldown look longer than it was. A sleep is recorded and passes at once, moving the clock by its
 * length; with `holdSleeps` it never passes and only its signal ends it. `advance` moves the clock
 * by hand, e.g. past the breaker's cooldown.
 */
export class TestClock implements Clock {
  /** Every wait the policy asked for, in ms, in order. */
  readonly sleeps: number[] = [];
  private skipped = 0;

  /** `realTime`: real time plus what the test skips, for a whole app whose other timers run for real. */
  constructor(private readonly options: { holdSleeps?: boolean; realTime?: boolean } = {}) {}

  now(): number {
    return (this.options.realTime ? performance.now() : 0) + this.skipped;
  }

  advance(ms: number): void {
    this.skipped += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    if (!this.options.holdSleeps) {
      this.advance(ms);
      return Promise.resolve();
    }
    return new Promise((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

/**
 * For tests that build the policy through the app and so cannot hand it a clock: the policy's
 * default clock reads this TestClock until the test's mocks are restored.
 */
export function controlSystemClock(): TestClock {
  const clock = new TestClock({ realTime: true });
  vi.spyOn(systemClock, 'now').mockImplementation(() => clock.now());
  vi.spyOn(systemClock, 'sleep').mockImplementation((ms, signal) => clock.sleep(ms, signal));
  return clock;
}
