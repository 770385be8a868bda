import { parentPort } from 'node:worker_threads'
import type { EncodedTexts } from './encoded-texts.ts'
import { parseToBatch } from './parsed-batch.ts'

/** The worker side of WorkerRecordParser: parse the texts that come in, send back columns and the emptied buffer. */
parentPort?.on('message', (msg: { id: number; texts: EncodedTexts; lineNos: Int32Array }) => {
  const batch = parseToBatch(msg.texts, msg.lineNos)
  const spare = msg.texts.bytes.buffer
  const transfer = [batch.positions.buffer, batch.types.buffer, batch.ats.buffer, batch.digests.buffer, spare]
  parentPort?.postMessage({ id: msg.id, batch, spare }, transfer as ArrayBuffer[])
})
