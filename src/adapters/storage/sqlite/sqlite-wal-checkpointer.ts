import { Worker } from 'node:worker_threads'

/** Frames the log may reach before the writer waits for it to be copied back, so that its next commit restarts it. */
const MAX_LOG_FRAMES = 16_384

/** `Atomics.waitAsync` (Node 16 and later), which the TypeScript library this project targets does not declare yet. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, index: number, value: number): { value: Promise<string> | string }
  }
).waitAsync

/** The counters the writer and the checkpoint thread share, by index. */
const SLOTS = { requested: 0, done: 1, log: 2, checkpointed: 3, failed: 4, stop: 5 } as const

/**
 * Copies the write-ahead log back into the database file on a thread of its own. A checkpoint copies and syncs tens
 * of megabytes; on the writer's thread each one stalls an import, here it runs while the writer stores the next batch.
 *
 * The log restarts from its beginning only when a write transaction starts with every frame copied back, which a
 * checkpoint trailing a busy writer never sees: so once the log passes {@link MAX_LOG_FRAMES}, {@link settle} makes
 * the writer wait for the checkpoint to catch up, and its next commit restarts the log. A failed checkpoint (a full
 * disk) stops the thread, and the writer checkpoints on its own again, as SQLite does by default.
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private readonly state = new Int32Array(new SharedArrayBuffer(Object.keys(SLOTS).length * 4))
  private readonly exited: Promise<void>
  private failureHandled = false

  constructor(
    file: string,
    private readonly onFailure: () => void,
  ) {
    this.worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), {
      workerData: { file, shared: this.state.buffer, slots: SLOTS },
    })
    this.worker.unref()
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        // Stopped on request, or failed (a checkpoint, or opening the file): the writer checks again by itself.
        Atomics.store(this.state, SLOTS.failed, 1)
        Atomics.notify(this.state, SLOTS.done)
        resolve()
      }),
    )
    this.worker.on('error', () => this.failed())
  }

  /** Checkpoints what has been committed so far, as soon as the thread is free. */
  request(): void {
    if (this.failed()) return
    Atomics.add(this.state, SLOTS.requested, 1)
    Atomics.notify(this.state, SLOTS.requested)
  }

  /** Resolves when the writer may start its next transaction: at once, unless the log has grown too long. */
  async settle(): Promise<void> {
    if (this.failed() || Atomics.load(this.state, SLOTS.log) < MAX_LOG_FRAMES) return
    let before = -1
    for (;;) {
      // A checkpoint of every commit so far: the writer is waiting, so none comes while it runs.
      this.request()
      await this.caughtUp()
      if (this.failed()) return
      const log = Atomics.load(this.state, SLOTS.log)
      const checkpointed = Atomics.load(this.state, SLOTS.checkpointed)
      if (checkpointed === log) {
        // Everything is copied back: the writer's next commit starts the log again from its beginning.
        Atomics.store(this.state, SLOTS.log, 0)
        return
      }
      // Another process reading an old snapshot holds frames back, and no checkpoint gets past them: let the log
      // grow rather than wait for that reader.
      if (checkpointed <= before) return
      before = checkpointed
    }
  }

  async close(): Promise<void> {
    this.failureHandled = true
    this.worker.ref()
    Atomics.store(this.state, SLOTS.stop, 1)
    Atomics.add(this.state, SLOTS.requested, 1)
    Atomics.notify(this.state, SLOTS.requested)
    await this.exited
  }

  /** Resolves once the thread has handled every request made so far. */
  private async caughtUp(): Promise<void> {
    // A pending wait does not keep the process alive by itself; the thread does, while it is waited for.
    this.worker.ref()
    try {
      for (;;) {
        const done = Atomics.load(this.state, SLOTS.done)
        if (done === Atomics.load(this.state, SLOTS.requested) || this.failed()) return
        await waitAsync(this.state, SLOTS.done, done).value
      }
    } finally {
      this.worker.unref()
    }
  }

  /** Whether the thread has failed; the first time it is seen, the writer takes checkpoints back. */
  private failed(): boolean {
    if (Atomics.load(this.state, SLOTS.failed) !== 1) return false
    if (!this.failureHandled) {
      this.failureHandled = true
      this.onFailure()
    }
    return true
  }
}
