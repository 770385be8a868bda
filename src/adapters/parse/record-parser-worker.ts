import { parentPort } from 'node:worker_threads'
import { type LineBatch, parseToBatch } from './parsed-batch.ts'

/** The worker side of WorkerRecordParser: parse the texts that come in, send back columns and the emptied buffer. */
parentPort?.on('message', (msg: LineBatch & { id: number }) => {
  const batch = parseToBatch(msg)
  const spare = msg.texts.bytes.buffer
  const transfer = [
    batch.positions.buffer,
    batch.types.buffer,
    batch.ats.buffer,
    batch.digests.buffer,
    batch.folded.numbers.buffer,
    spare,
  ]
  parentPort?.postMessage({ id: msg.id, batch, spare }, transfer as ArrayBuffer[])
})
