import { parentPort } from 'node:worker_threads'
import { isOnesellerError } from '../../core/errors.ts'
import type { FaceImageLimits } from '../../ports/index.ts'
import { decodeFaceImage } from './face-image.ts'
import type { FaceReply, FaceRequest } from './face-messages.ts'
import { HumanFaceReader } from './human-face-reader.ts'

/**
 * The worker side of HumanFaceEmbedder: loads the models on the first request, keeps them, and reads one image at a
 * time (the library is not safe for overlapping calls, and one thread computes one image at a time anyway).
 */
let reader: Promise<HumanFaceReader> | undefined
let queue: Promise<void> = Promise.resolve()

function reply(message: FaceReply, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer)
}

async function loadedReader(): Promise<HumanFaceReader> {
  reader ??= HumanFaceReader.load()
  try {
    return await reader
  } catch (e) {
    reader = undefined // a failed load is tried again on the next image
    throw e
  }
}

async function handle(id: number, image: Uint8Array, limits: FaceImageLimits): Promise<void> {
  try {
    // Decoded first: an image that is refused never loads the models.
    const pixels = await decodeFaceImage(image, limits)
    const reading = await (await loadedReader()).read(pixels)
    const transfer = reading.faces.flatMap((f) => (f.embedding instanceof Float32Array ? [f.embedding.buffer] : []))
    reply({ id, reading }, transfer as ArrayBuffer[])
  } catch (e) {
    if (isOnesellerError(e) && e.code === 'invalid_input') {
      reply({ id, refusal: { message: e.message, details: { ...e.details } } })
    } else {
      const error = e instanceof Error ? e : new Error(String(e))
      reply({ id, failure: { message: error.message, stack: error.stack ?? '' } })
    }
  }
}

parentPort?.on('message', (msg: FaceRequest) => {
  queue = queue.then(() => handle(msg.id, msg.image, msg.limits))
})
