import { Worker } from 'node:worker_threads'
import { type ErrorCode, OnesellerError } from '../core/errors.ts'
import type { EncodedPage, StreamTally } from './encode-stream.ts'

/** What a generator worker is started with. */
export interface GeneratorWorkerData {
  /** Accounts of the whole marketplace (the worker validates it and takes its stream's share). */
  readonly accounts: number
  readonly seed: number
  readonly stream: number
  /** One Int32: pages the worker may still post before the writer has written them. */
  readonly credits: SharedArrayBuffer
}

/** What a generator worker posts. */
export type GeneratorMessage =
  | { readonly kind: 'page'; readonly page: EncodedPage }
  | { readonly kind: 'done'; readonly tally: StreamTally }
  | { readonly kind: 'error'; readonly message: string; readonly code?: ErrorCode }

/** Pages a worker may run ahead of the writer (about 1.3 MB each): bounds memory whatever N is. */
const PAGES_IN_FLIGHT = 8
/** Young generation of a worker: larger sizes measured no faster and cost RSS. */
const YOUNG_GENERATION_MB = 32

/** The main-thread side of one generator worker: its pages in order, then its tally; failures as rejections. */
export class GeneratorThread {
  private readonly worker: Worker
  private readonly credits = new Int32Array(new SharedArrayBuffer(4))
  private readonly queue: GeneratorMessage[] = []
  private waiting: { resolve: (m: GeneratorMessage) => void; reject: (e: Error) => void } | undefined
  private failure: Error | undefined
  private finished = false

  constructor(accounts: number, seed: number, stream: number) {
    Atomics.store(this.credits, 0, PAGES_IN_FLIGHT)
    const workerData: GeneratorWorkerData = {
      accounts,
      seed,
      stream,
      credits: this.credits.buffer as SharedArrayBuffer,
    }
    this.worker = new Worker(new URL('./generator-worker.js', import.meta.url), {
      workerData,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    })
    this.worker.on('message', (msg: GeneratorMessage) => this.receive(msg))
    this.worker.on('error', (e) => this.fail(e))
    this.worker.on('exit', (code) => {
      if (!this.finished) this.fail(new Error(`generator worker ${stream} exited with code ${code} before it finished`))
    })
  }

  /** The next page, or the tally once the stream is complete. */
  next(): Promise<Extract<GeneratorMessage, { kind: 'page' | 'done' }>> {
    return new Promise<GeneratorMessage>((resolve, reject) => {
      if (this.failure) reject(this.failure)
      else {
        const msg = this.queue.shift()
        if (msg) resolve(msg)
        else this.waiting = { resolve, reject }
      }
    }) as Promise<Extract<GeneratorMessage, { kind: 'page' | 'done' }>>
  }

  /** The writer is done with a page: the worker may post one more. */
  release(): void {
    Atomics.add(this.credits, 0, 1)
    Atomics.notify(this.credits, 0)
  }

  async terminate(): Promise<void> {
    this.finished = true
    await this.worker.terminate()
  }

  private receive(msg: GeneratorMessage): void {
    if (msg.kind === 'error') {
      this.fail(msg.code ? new OnesellerError(msg.code, msg.message) : new Error(msg.message))
      return
    }
    if (msg.kind === 'done') this.finished = true
    const waiting = this.waiting
    this.waiting = undefined
    if (waiting) waiting.resolve(msg)
    else this.queue.push(msg)
  }

  private fail(e: Error): void {
    if (this.failure) return
    this.failure = e
    this.finished = true
    this.queue.length = 0
    this.waiting?.reject(e)
    this.waiting = undefined
  }
}
