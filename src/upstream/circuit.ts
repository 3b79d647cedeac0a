import type { Clock } from './clock';

export type CircuitStateName = 'closed' | 'open' | 'half-open';

/**
 * What one call said about the upstream's health: `failed` counts toward opening the circuit,
 * `healthy` resets the count, `inconclusive` (the call never got a real answer) changes nothing.
 */
export type CallVerdict = 'healthy' | 'failed' | 'inconclusive';

/** Leave to make one call, to be settled exactly once with its verdict. */
export interface CircuitPass {
  /** The single call allowed through once the cooldown has passed; its verdict closes or reopens the circuit. */
  readonly probe: boolean;
}

export interface CircuitOptions {
  /** Consecutive failed calls that open the circuit. */
  failuresToOpen: number;
  /** How long the circuit stays open before one probe may pass. */
  cooldownMs: number;
  clock: Clock;
  onStateChange?: ((state: CircuitStateName) => void) | undefined;
}

/**
 * A consecutive-failures circuit breaker. Hand-written rather than cockatiel's: cockatiel reads
 * Date.now() (no injectable clock), and its half-open probe can only close or reopen the
 * circuit, while a probe we cancelled ourselves must do neither and hand the probe on.
 */
export class Circuit {
  private failures = 0;
  /** When the circuit last opened; undefined while it is closed. */
  private openedAt: number | undefined;
  private probing = false;
  private reported: CircuitStateName = 'closed';

  constructor(private readonly options: CircuitOptions) {}

  /** 'half-open' once the cooldown has passed (the next call will be the probe) and while the probe runs. */
  state(): CircuitStateName {
    if (this.openedAt === undefined) return 'closed';
    return this.probing || this.cooledDown() ? 'half-open' : 'open';
  }

  /** Whether a call would be let through now: checked before a call queues, so a refused call waits for nothing. */
  accepts(): boolean {
    return this.openedAt === undefined || (!this.probing && this.cooledDown());
  }

  /** Let a call through, or undefined when the circuit refuses it. */
  enter(): CircuitPass | undefined {
    if (this.openedAt === undefined) return { probe: false };
    if (!this.accepts()) return undefined;
    this.probing = true;
    this.report();
    return { probe: true };
  }

  settle(pass: CircuitPass, verdict: CallVerdict): void {
    if (pass.probe) {
      this.probing = false;
      if (verdict === 'healthy') this.close();
      else if (verdict === 'failed') this.open();
      // Inconclusive: still open with the cooldown over, so the next call probes instead.
    } else if (this.openedAt === undefined) {
      // Calls that started before the circuit opened and end after it say nothing new.
      if (verdict === 'healthy') this.failures = 0;
      else if (verdict === 'failed' && ++this.failures >= this.options.failuresToOpen) this.open();
    }
    this.report();
  }

  private cooledDown(): boolean {
    return this.openedAt !== undefined && this.options.clock.now() - this.openedAt >= this.options.cooldownMs;
  }

  private open(): void {
    this.openedAt = this.options.clock.now();
    this.failures = 0;
  }

  private close(): void {
    this.openedAt = undefined;
    this.failures = 0;
  }

  private report(): void {
    const state = this.state();
    if (state === this.reported) return;
    this.reported = state;
    this.options.onStateChange?.(state);
  }
}
