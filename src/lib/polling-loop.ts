/**
 * The loop every background worker shares (outbox dispatcher, SLA timers, email intake and sending,
 * IMAP polling, ticket lifecycle): run a batch, repeat while there was work, then wait. Work is
 * persisted by the callers, so stopping at any point loses nothing.
 */
export interface PollingLoopOptions {
  /** For log messages, e.g. "SLA timers". */
  name: string;
  /**
   * One batch; returns how many items it handled (0 means idle). The signal aborts when the loop
   * stops: a batch of several items stops between two of them and leaves the rest to its lease.
   */
  runOnce: (signal: AbortSignal) => Promise<number>;
  intervalMs: number;
  /** Run the first pass at start rather than after one interval. */
  runAtStart?: boolean;
  logger?: { error(object: unknown, message: string): void };
}

export function createPollingLoop(options: PollingLoopOptions) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let stopping = new AbortController();

  /** Batches until one finds nothing to do, or the loop stops (tests call this to run the work deterministically). */
  async function drain() {
    const { signal } = stopping;
    let total = 0;
    for (let handled = await options.runOnce(signal); handled > 0 && !signal.aborted; handled = await options.runOnce(signal)) total += handled;
    return total;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(async () => {
      running = drain().catch((error) => options.logger?.error({ err: error }, `${options.name} failed`));
      await running;
      running = undefined;
      schedule(options.intervalMs);
    }, delay);
  }

  return {
    drain,
    start() {
      if (!stopped) return;
      stopped = false;
      if (stopping.signal.aborted) stopping = new AbortController();
      schedule(options.runAtStart ? 0 : options.intervalMs);
    },
    /** Runs now instead of at the next interval (e.g. right after new work was committed). */
    nudge() {
      if (stopped || running) return;
      clearTimeout(timer);
      schedule(0);
    },
    /** Lets the batch in hand finish (up to its current item) and runs no other. */
    async stop() {
      stopped = true;
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}

export type PollingLoop = ReturnType<typeof createPollingLoop>;
