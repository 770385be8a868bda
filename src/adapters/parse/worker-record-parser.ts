import { Worker } from 'node:worker_threads'
import type { ParsedLines, RecordParser, SourceLine } from '../../ports/index.ts'
import { encodeTexts } from './encoded-texts.ts'
import { fromParsedBatch, type LineTexts, type ParsedBatch, toLineTexts } from './parsed-batch.ts'

interface Pending {
  readonly sourceName: string
  readonly sent: LineTexts
  readonly resolve: (p: ParsedLines) => void
  readonly reject: (e: Error) => void
}

/**
 * Young generation of the parser thread. Parsing leaves a few kilobytes of garbage per line and keeps little, and a
 * collection costs what survives it, not what died: a larger nursery than the default collects as much, less often.
 */
const PARSER_YOUNG_GENERATION_MB = 64

/**
 * Parses on a worker thread, so that validation and storage use both cores during an import. One thread is enough:
 * parsing a batch takes about four fifths of the time this thread spends reading and storing it, and a second
 * thread only adds its own start-up and heap.
 */
export class WorkerRecordParser implements RecordParser {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private failure: Error | undefined
  /** The buffer of the last batch, back from the worker, to encode the next one into. */
  private spare: ArrayBuffer | undefined

  constructor() {
    this.worker = new Worker(new URL('./record-parser-worker.js', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: PARSER_YOUNG_GENERATION_MB },
    })
    this.worker.unref()
    this.worker.on('message', (msg: { id: number; batch: ParsedBatch; spare: ArrayBuffer }) => {
      this.spare = msg.spare
      const p = this.pending.get(msg.id)
      if (!p) return
      this.pending.delete(msg.id)
      p.resolve(fromParsedBatch(p.sourceName, p.sent, msg.batch))
    })
    this.worker.on('error', (e) => this.fail(e))
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.fail(new Error(`the parser worker exited with code ${code}`))
    })
  }

  parse(sourceName: string, lines: readonly SourceLine[]): Promise<ParsedLines> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    const sent = toLineTexts(lines)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { sourceName, sent, resolve, reject })
      const texts = encodeTexts(sent.texts, this.spare)
      this.spare = undefined
      this.worker.postMessage({ id, texts, lineNos: sent.lineNos }, [texts.bytes.buffer as ArrayBuffer])
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
