import type { CallClient, CallContext, ExchangeTrace } from '../domain/call';
import type { CostMeter } from './cost';

/**
 * The call context of one GraphQL request: its cost meter, its deadline and its client. Every
 * upstream call the request makes carries it, so retries are charged to the request that caused
 * them and waits end at its deadline.
 */
export class RequestCall implements CallContext {
  private deadline: AbortSignal | undefined;

  constructor(
    readonly meter: CostMeter,
    private readonly startDeadline?: () => AbortSignal,
    readonly client?: CallClient,
    readonly trace?: ExchangeTrace,
  ) {}

  /**
   * The deadline, started by the first upstream call that needs it: a request answered from the
   * cache never needs one, and making timers for it would cost on the hottest path.
   */
  get signal(): AbortSignal | undefined {
    this.deadline ??= this.startDeadline?.();
    return this.deadline;
  }

  /** True once the deadline passed or the client went away; never starts the deadline. */
  get over(): boolean {
    return this.deadline?.aborted === true;
  }
}
