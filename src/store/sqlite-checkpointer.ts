// WAL checkpoints off the main thread. SQLite normally checkpoints inside whichever commit fills the WAL past 1,000
// pages, and that commit then waits for the copy into the database file and its fsync: 10–20 ms in which no turn
// is answered. Here a worker thread with its own connection checkpoints every second instead (PASSIVE: it never
// blocks writers or readers). The main connection keeps a high automatic threshold only as a safety net, for the
// case where the worker cannot keep up or has stopped.
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_INTERVAL_MS = 1000;
/** Pages in the WAL before the main connection checkpoints by itself (the worker normally keeps it far lower). */
export const SAFETY_NET_AUTOCHECKPOINT_PAGES = 10_000;

// Plain JavaScript, run with `eval: true`, so the same code works from the TypeScript sources (tests) and from the
// build. It gets the path of better-sqlite3 from the parent; it never sees conversation content, only page counts.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { timeout: workerData.busyTimeoutMs });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next interval tries again, and the main connection's safety net stays in place.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ type: 'closed' });
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Run a last checkpoint and stop the worker. */
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  filename: string;
  busyTimeoutMs: number;
  intervalMs?: number;
  /** Called when the worker stops unexpectedly, so the owner can fall back to SQLite's own checkpoints. */
  onFailure(reason: string): void;
}

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      filename: options.filename,
      busyTimeoutMs: options.busyTimeoutMs,
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
    },
  });
  // A running checkpointer never keeps the process alive on its own.
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (error) => {
    stopped = true;
    options.onFailure(`checkpoint worker stopped: ${error.name}`);
  });
  return {
    async close() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('close');
      // The worker exits once its last checkpoint is done; terminate it if that takes unreasonably long.
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
