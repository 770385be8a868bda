import { parentPort } from 'node:worker_threads'
import type { SourceLine } from '../../ports/index.ts'
import { parseLines } from './parse-lines.ts'
import { toParsedBatch } from './parsed-batch.ts'

/** The worker side of WorkerRecordParser: parse what comes in, send back columns. */
parentPort?.on('message', (msg: { id: number; sourceName: string; lines: SourceLine[] }) => {
  const batch = toParsedBatch(parseLines(msg.sourceName, msg.lines))
  parentPort?.postMessage({ id: msg.id, batch })
})
