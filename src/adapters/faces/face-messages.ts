import type { FaceReading } from '../../core/verification/face-match.ts'
import type { FaceImageLimits } from '../../ports/index.ts'

/** An image to read, from HumanFaceEmbedder to its worker. */
export interface FaceRequest {
  readonly id: number
  readonly image: Uint8Array
  readonly limits: FaceImageLimits
}

/** The worker's answer: a reading, a refused image (becomes OnesellerError invalid_input), or a failure of the reader. */
export type FaceReply =
  | { readonly id: number; readonly reading: FaceReading }
  | { readonly id: number; readonly refusal: { readonly message: string; readonly details: Record<string, unknown> } }
  | { readonly id: number; readonly failure: { readonly message: string; readonly stack: string } }
