import { Worker } from 'node:worker_threads'
import type { ParsedLines, RecordParser, SourceLine } from '../../ports/index.ts'
import { fromParsedBatch, type ParsedBatch } from './parsed-batch.ts'

interface Pending {
  readonly sourceName: string
  readonly resolve: (p: ParsedLines) => void
  readonly reject: (e: Error) => void
}

/** Parses on a worker thread, so that validation and storage use both cores during an import. */
export class WorkerRecordParser implements RecordParser {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private failure: Error | undefined

  constructor() {
    this.worker = new Worker(new URL('./record-parser-worker.js', import.meta.url))
    this.worker.unref()
    this.worker.on('message', (msg: { id: number; batch: ParsedBatch }) => {
      const p = this.pending.get(msg.id)
      if (!p) return
      this.pending.delete(msg.id)
      p.resolve(fromParsedBatch(p.sourceName, msg.batch))
    })
    this.worker.on('error', (e) => this.fail(e))
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.fail(new Error(`the parser worker exited with code ${code}`))
    })
  }

  parse(sourceName: string, lines: readonly SourceLine[]): Promise<ParsedLines> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { sourceName, resolve, reject })
      this.worker.postMessage({ id, sourceName, lines })
    })
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }

  private fail(e: Error): void {
    this.failure = e
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
