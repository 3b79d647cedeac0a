import type { Clock } from './clock';
import { remainingMs } from './deadline';
import type { RequestRate } from './rate';

export type OwnLimit = 'concurrency' | 'client-concurrency' | 'rate';

const LIMIT_NAMES: Record<OwnLimit, string> = {
  concurrency: 'concurrency',
  'client-concurrency': "this client's concurrency",
  rate: 'request-rate',
};

/** Why a call could not get past our own limits in time. */
export class OwnLimitExceeded extends Error {
  constructor(
    readonly limit: OwnLimit,
    /** When a rate token frees up, if known. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`our own ${LIMIT_NAMES[limit]} limit`);
    this.name = 'OwnLimitExceeded';
  }
}

export interface QueueOptions {
  /** Most calls in flight at once, all clients together. */
  capacity: number;
  rate: RequestRate;
  clock: Clock;
  /** A waiter is turned away once less than this is left before its deadline. */
  minCallBudgetMs: number;
  /** A call got its turn after waiting `waitedMs` (0 when it did not wait). */
  onWait?: ((event: { client: string | undefined; waitedMs: number }) => void) | undefined;
}

interface Waiter {
  client: string | undefined;
  /** This client's own cap on calls in flight. */
  clientCap: number;
  signal: AbortSignal | undefined;
  enqueuedAt: number;
  grant(release: () => void): void;
  refuse(error: OwnLimitExceeded): void;
}

/**
 * Admission to the upstream: a call waits for a free slot (the provider's concurrency and its
 * client's own cap) and a rate token. When they are scarce, waiting calls are served round-robin
 * across clients (undefined is the anonymous client), so a client's flood delays its own calls,
 * not everyone's. A waiter leaves the moment its signal aborts, or once too little of its deadline
 * is left for a call to be worth starting.
 *
 * Hand-written: cockatiel's bulkhead has one FIFO queue and no abort listener. In 3.2.1 (installed)
 * an aborted waiter stays queued and, once dequeued, rejects without handing its slot on, so the
 * calls behind it stall; 4.0 skips it when its turn comes but leaves its caller waiting until
 * then. No maintained limiter we found serves several clients' queues in turn with a cap per client.
 */
export class FairQueue {
  private active = 0;
  private readonly activeByClient = new Map<string | undefined, number>();
  /** Each client's waiters in arrival order; the map's order is the round-robin order. */
  private readonly queues = new Map<string | undefined, Waiter[]>();
  private dispatching = false;

  constructor(private readonly options: QueueOptions) {}

  get inUse(): number {
    return this.active;
  }

  /** Resolves with the slot's release function, or rejects with OwnLimitExceeded. */
  acquire(client: { name: string; concurrency?: number | undefined } | undefined, signal: AbortSignal | undefined): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const name = client?.name;
      let budgetTimer: ReturnType<typeof setTimeout> | undefined;
      const leave = () => {
        this.remove(waiter);
        waiter.refuse(new OwnLimitExceeded(this.blockedBy(waiter), undefined));
      };
      const settled = () => {
        clearTimeout(budgetTimer);
        signal?.removeEventListener('abort', leave);
      };
      const waiter: Waiter = {
        client: name,
        clientCap: client?.concurrency ?? Infinity,
        signal,
        enqueuedAt: this.options.clock.now(),
        grant: (release) => {
          settled();
          resolve(release);
        },
        refuse: (error) => {
          settled();
          reject(error);
        },
      };
      if (signal?.aborted) return reject(new OwnLimitExceeded('concurrency', undefined));
      signal?.addEventListener('abort', leave, { once: true });
      const budgetLeftMs = remainingMs(signal) - this.options.minCallBudgetMs;
      if (Number.isFinite(budgetLeftMs)) budgetTimer = setTimeout(leave, Math.max(0, budgetLeftMs));
      this.queueOf(name).push(waiter);
      void this.dispatch();
    });
  }

  /**
   * Hands out slots and tokens while there are waiters and free slots. One dispatcher at a time:
   * it sleeps until the next token, then serves whoever is next in turn by then.
   */
  private async dispatch(): Promise<void> {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.nextWaiter()) {
        const waitMs = await this.options.rate.tryTake();
        const next = this.nextWaiter();
        if (!next) break;
        if (waitMs === 0) this.admit(next);
        else if (remainingMs(next.signal) - waitMs < this.options.minCallBudgetMs) this.turnAway(next, waitMs);
        else await this.options.clock.sleep(waitMs);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** The first waiter, in round-robin order, whose client is under its cap; none while every slot is taken. */
  private nextWaiter(): Waiter | undefined {
    if (this.active >= this.options.capacity) return undefined;
    for (const [client, queue] of this.queues) {
      const head = queue[0];
      if (head && (this.activeByClient.get(client) ?? 0) < head.clientCap) return head;
    }
    return undefined;
  }

  private admit(waiter: Waiter): void {
    this.remove(waiter);
    // Served: the client goes to the back of the round.
    const queue = this.queues.get(waiter.client);
    if (queue) {
      this.queues.delete(waiter.client);
      this.queues.set(waiter.client, queue);
    }
    this.active += 1;
    this.activeByClient.set(waiter.client, (this.activeByClient.get(waiter.client) ?? 0) + 1);
    this.options.onWait?.({ client: waiter.client, waitedMs: this.options.clock.now() - waiter.enqueuedAt });
    waiter.grant(this.releaser(waiter.client));
  }

  /** The next token comes too late for this waiter's deadline: it fails now instead of idling. */
  private turnAway(waiter: Waiter, waitMs: number): void {
    this.remove(waiter);
    waiter.refuse(new OwnLimitExceeded('rate', waitMs));
  }

  private releaser(client: string | undefined): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      const clientActive = (this.activeByClient.get(client) ?? 1) - 1;
      if (clientActive > 0) this.activeByClient.set(client, clientActive);
      else this.activeByClient.delete(client);
      void this.dispatch();
    };
  }

  /** What held a waiter back, for the error it leaves with. */
  private blockedBy(waiter: Waiter): OwnLimit {
    if ((this.activeByClient.get(waiter.client) ?? 0) >= waiter.clientCap) return 'client-concurrency';
    return this.active >= this.options.capacity ? 'concurrency' : 'rate';
  }

  private queueOf(client: string | undefined): Waiter[] {
    let queue = this.queues.get(client);
    if (!queue) {
      queue = [];
      this.queues.set(client, queue);
    }
    return queue;
  }

  private remove(waiter: Waiter): void {
    const queue = this.queues.get(waiter.client);
    if (!queue) return;
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    if (queue.length === 0) this.queues.delete(waiter.client);
  }
}
