/**
 * Jobs run one at a time in arrival order; at most `maxWaiting` wait behind the one running, and a job beyond that is
 * refused at once (the caller answers `busy`). A job that throws does not stop the queue.
 */
export interface SerialQueue<T> {
  /** False when the queue is full (the job was not taken). */
  push(job: T): boolean;
  /** Jobs waiting (the running one not counted). */
  readonly waiting: number;
  readonly running: boolean;
  /** Resolves when nothing is running or waiting (for tests). */
  idle(): Promise<void>;
}

export function createSerialQueue<T>(maxWaiting: number, run: (job: T) => Promise<void>): SerialQueue<T> {
  const jobs: T[] = [];
  let running = false;
  let idleWaiters: (() => void)[] = [];
  const drain = async () => {
    running = true;
    while (jobs.length) {
      const job = jobs.shift() as T;
      try {
        await run(job);
      } catch {
        // `run` answers its own failures; one that escapes must not wedge the jobs behind it.
      }
    }
    running = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };
  return {
    push(job) {
      if (jobs.length >= maxWaiting) return false;
      jobs.push(job);
      if (!running) void drain();
      return true;
    },
    get waiting() {
      return jobs.length;
    },
    get running() {
      return running;
    },
    idle() {
      return !running && jobs.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
