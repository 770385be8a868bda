import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ParsedLines, RecordParser, SourceLine } from '../../ports/index.ts'
import { encodeTexts } from './encoded-texts.ts'
import { digestTexts, fromParsedBatch, type LineTexts, type ParsedBatch, toLineTexts } from './parsed-batch.ts'

interface Pending {
  readonly sourceName: string
  readonly sent: LineTexts
  readonly resolve: (p: ParsedLines) => void
  readonly reject: (e: Error) => void
}

/** A parser thread, and the buffer of its last batch, back from it to encode its next batch into. */
interface ParserThread {
  readonly worker: Worker
  spare: ArrayBuffer | undefined
}

/**
 * Young generation of the parser thread. Parsing leaves a few kilobytes of garbage per line and keeps little, and a
 * collection costs what survives it, not what died: a larger nursery than the default collects as much, less often.
 */
const PARSER_YOUNG_GENERATION_MB = 64

/**
 * Parser threads by default: one per core but the one that stores, and at least one. Parsing a batch (validation,
 * identifiers, folding the state of new accounts) takes longer than storing it, so with cores to spare, a second
 * thread keeps the storing thread busy; on two cores a second one only competes with the first for the same core.
 */
export function defaultParserThreads(): number {
  return Math.max(1, Math.min(MAX_PARSER_THREADS, availableParallelism() - 1))
}

const MAX_PARSER_THREADS = 3

/**
 * Parses on worker threads, so that validation and storage use several cores during an import. Batches go to the
 * threads in turn; each batch's promise resolves with its own result, so the caller stores them in order.
 */
export class WorkerRecordParser implements RecordParser {
  private readonly threads: ParserThread[]
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private failure: Error | undefined

  constructor(threads = defaultParserThreads()) {
    this.threads = Array.from({ length: Math.max(1, threads) }, () => this.start())
  }

  /** Batches worth handing over before the oldest is stored: one per thread and one more. */
  get ahead(): number {
    return this.threads.length + 1
  }

  parse(
    sourceName: string,
    lines: readonly SourceLine[],
    options: { readonly fold?: boolean } = {},
  ): Promise<ParsedLines> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    const thread = this.threads[id % this.threads.length] as ParserThread
    const sent = toLineTexts(lines)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { sourceName, sent, resolve, reject })
      const texts = encodeTexts(sent.texts, thread.spare)
      thread.spare = undefined
      const digests = digestTexts(texts)
      const message = { id, texts, lineNos: sent.lineNos, fold: options.fold ?? true, digests }
      thread.worker.postMessage(message, [texts.bytes.buffer as ArrayBuffer, digests.buffer as ArrayBuffer])
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()))
  }

  private start(): ParserThread {
    const worker = new Worker(new URL('./record-parser-worker.js', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: PARSER_YOUNG_GENERATION_MB },
    })
    const thread: ParserThread = { worker, spare: undefined }
    worker.unref()
    worker.on('message', (msg: { id: number; batch: ParsedBatch; spare: ArrayBuffer }) => {
      thread.spare = msg.spare
      const p = this.pending.get(msg.id)
      if (!p) return
      this.pending.delete(msg.id)
      p.resolve(fromParsedBatch(p.sourceName, p.sent, msg.batch))
    })
    worker.on('error', (e) => this.fail(e))
    worker.on('exit', (code) => {
      if (this.pending.size > 0) this.fail(new Error(`the parser worker exited with code ${code}`))
    })
    return thread
  }

  private fail(e: Error): void {
    this.failure = e
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
