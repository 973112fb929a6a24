/**
 * The loop every background worker shares (outbox dispatcher, SLA timers, email intake and sending,
 * IMAP polling, ticket lifecycle): run a batch, repeat while there was work, then wait. Work is
 * persisted by the callers, so stopping at any point loses nothing.
 */
export interface PollingLoopOptions {
  /** For log messages, e.g. "SLA timers". */
  name: string;
  /** One batch; returns how many items it handled (0 means idle). */
  runOnce: () => Promise<number>;
  intervalMs: number;
  /** Run the first pass at start rather than after one interval. */
  runAtStart?: boolean;
  logger?: { error(object: unknown, message: string): void };
}

export function createPollingLoop(options: PollingLoopOptions) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  /** Batches until one finds nothing to do (tests call this to run the work deterministically). */
  async function drain() {
    let total = 0;
    for (let handled = await options.runOnce(); handled > 0; handled = await options.runOnce()) total += handled;
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
      schedule(options.runAtStart ? 0 : options.intervalMs);
    },
    /** Runs now instead of at the next interval (e.g. right after new work was committed). */
    nudge() {
      if (stopped || running) return;
      clearTimeout(timer);
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type PollingLoop = ReturnType<typeof createPollingLoop>;
