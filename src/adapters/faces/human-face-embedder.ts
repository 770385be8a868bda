import { Worker } from 'node:worker_threads'
import { OnesellerError } from '../../core/errors.ts'
import type { FaceReading } from '../../core/verification/face-match.ts'
import { DEFAULT_FACE_IMAGE_LIMITS, type FaceEmbedder, type FaceImageLimits } from '../../ports/index.ts'
import { checkImageBytes } from './face-image.ts'
import type { FaceReply, FaceRequest } from './face-messages.ts'

interface Pending {
  readonly resolve: (reading: FaceReading) => void
  readonly reject: (e: Error) => void
}

export interface HumanFaceEmbedderOptions {
  /** Byte and pixel limits of accepted images; each defaults to {@link DEFAULT_FACE_IMAGE_LIMITS}. */
  readonly limits?: Partial<FaceImageLimits>
}

/**
 * A FaceEmbedder that reads faces with the face library on a worker thread, so that inference (about 150 ms per face
 * on a free core) never blocks the caller's event loop. The thread starts on the first image and loads the models
 * once; images are read one after another. The thread keeps the process alive only while an image is being read.
 * If it dies, the images it held are rejected and the next image starts a new one.
 */
export class HumanFaceEmbedder implements FaceEmbedder {
  private readonly limits: FaceImageLimits
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private closed = false

  constructor(opts: HumanFaceEmbedderOptions = {}) {
    this.limits = { ...DEFAULT_FACE_IMAGE_LIMITS, ...opts.limits }
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value <= 0)
        throw new Error(`face image limit ${name} must be a positive integer, not ${value}`)
    }
  }

  async embed(image: Uint8Array): Promise<FaceReading> {
    if (this.closed) throw new Error('the face embedder is closed')
    // Refused here, a too large file is never copied to the thread.
    checkImageBytes(image, this.limits)
    const worker = this.started()
    const id = this.nextId++
    return new Promise<FaceReading>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref()
      this.pending.set(id, { resolve, reject })
      const request: FaceRequest = { id, image, limits: this.limits }
      try {
        worker.postMessage(request)
      } catch (e) {
        this.pending.delete(id)
        if (this.pending.size === 0) worker.unref()
        reject(new Error('the image could not be sent to the face worker', { cause: e }))
      }
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = undefined
    this.failAll(new Error('the face embedder was closed while reading an image'))
    if (worker) await worker.terminate()
  }

  private started(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(new URL('./face-worker.js', import.meta.url))
    worker.unref()
    worker.on('message', (reply: FaceReply) => this.settle(worker, reply))
    worker.on('error', (e) => this.lost(worker, new Error(`the face worker failed: ${e.message}`, { cause: e })))
    worker.on('exit', (code) => this.lost(worker, new Error(`the face worker exited with code ${code}`)))
    this.worker = worker
    return worker
  }

  private settle(worker: Worker, reply: FaceReply): void {
    const p = this.pending.get(reply.id)
    if (!p) return
    this.pending.delete(reply.id)
    if (this.pending.size === 0) worker.unref()
    if ('reading' in reply) p.resolve(reply.reading)
    else if ('refusal' in reply) {
      p.reject(new OnesellerError('invalid_input', reply.refusal.message, { details: reply.refusal.details }))
    } else {
      const e = new Error(`the face reader failed: ${reply.failure.message}`)
      e.stack = `${e.message}\n(in the face worker) ${reply.failure.stack}`
      p.reject(e)
    }
  }

  /** The thread is gone (crashed, exited): what it held fails, and the next image starts another one. */
  private lost(worker: Worker, e: Error): void {
    if (this.worker !== worker) return
    this.worker = undefined
    this.failAll(e)
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
