import { parentPort, workerData } from 'node:worker_threads'
import { isOnesellerError } from '../core/errors.ts'
import { encodeStream } from './encode-stream.ts'
import type { GeneratorMessage, GeneratorWorkerData } from './generator-thread.ts'

/** How long a worker sleeps between looks at its credits (so that `terminate` is never held up). */
const CREDIT_WAIT_MS = 50

/** Blocks until the writer has room for another page, then takes it. */
function takeCredit(credits: Int32Array): void {
  while (Atomics.load(credits, 0) <= 0) Atomics.wait(credits, 0, 0, CREDIT_WAIT_MS)
  Atomics.sub(credits, 0, 1)
}

/**
 * The worker side of `GeneratorThread`: generates one stream and posts its pages, transferring their
 * bytes, never more pages ahead of the writer than it has credits for. Synchronous: nothing comes in.
 */
function run(port: NonNullable<typeof parentPort>, data: GeneratorWorkerData): void {
  const send = (msg: GeneratorMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)
  try {
    const credits = new Int32Array(data.credits)
    const pages = encodeStream({ accounts: data.accounts, seed: data.seed, stream: data.stream })
    for (;;) {
      const next = pages.next()
      if (next.done) {
        send({ kind: 'done', tally: next.value })
        return
      }
      takeCredit(credits)
      const page = next.value
      send(
        { kind: 'page', page },
        page.events.map((v) => v.buffer as ArrayBuffer),
      )
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    send({ kind: 'error', message, ...(isOnesellerError(e) ? { code: e.code } : {}) })
  }
}

if (parentPort) run(parentPort, workerData as GeneratorWorkerData)
