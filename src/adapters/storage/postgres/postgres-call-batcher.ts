/**
 * Runs the small writes of concurrent callers together: calls made while a batch is in flight (and those of the same
 * turn of the event loop) wait for it to finish, then go as one batch, so that a server's many one-record appends
 * take the writers' lock and pay their round trips once per batch instead of once per request. Each caller gets its
 * own result back. When a batch of several callers fails, each is run again alone, so that one caller's failure is
 * never another's.
 */
export class CallBatcher<In, Out> {
  private queue: { input: In; resolve: (out: Out) => void; reject: (e: unknown) => void }[] = []
  private running = false

  constructor(
    /** Runs the inputs of one batch (in one transaction) and returns each one's result, in order. */
    private readonly run: (inputs: readonly In[]) => Promise<readonly Out[]>,
    /** A batch holds at most this many callers; the rest wait for the next. */
    private readonly maxCallers = 64,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.running = true
    try {
      while (this.queue.length > 0) {
        // The callers of this turn join the batch.
        await new Promise<void>((r) => setImmediate(r))
        const batch = this.queue.splice(0, this.maxCallers)
        await this.runBatch(batch)
      }
    } finally {
      this.running = false
    }
  }

  private async runBatch(batch: typeof this.queue): Promise<void> {
    try {
      const outs = await this.run(batch.map((c) => c.input))
      for (const [i, c] of batch.entries()) c.resolve(outs[i] as Out)
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e)
        return
      }
      for (const c of batch) await this.runBatch([c])
    }
  }
}
