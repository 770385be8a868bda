import { parentPort } from 'node:worker_threads'
import { parseToBatch } from './parsed-batch.ts'

/** The worker side of WorkerRecordParser: parse the texts that come in, send back columns. */
parentPort?.on('message', (msg: { id: number; texts: string[]; lineNos: Int32Array }) => {
  const batch = parseToBatch(msg.texts, msg.lineNos)
  const transfer = [batch.positions.buffer, batch.types.buffer, batch.ats.buffer, batch.digests.buffer]
  parentPort?.postMessage({ id: msg.id, batch }, transfer as ArrayBuffer[])
})
