import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import type { Config, Human } from '@vladmandic/human'
import type { FaceFound, FaceReading } from '../../core/verification/face-match.ts'
import type { FacePixels } from './face-image.ts'

/**
 * Faces read per image at most. One face is the rule and a second already fails the checks, so more would only
 * cost time (each face runs four models, about 100 ms).
 */
export const MAX_FACES_READ = 5
/** Detection confidence below which a candidate is not a face (the library's default, 0.2, reads faces into wallpaper). */
const MIN_DETECTION_SCORE = 0.5
/** Models the reader needs: detector, mesh (alignment), embedding, anti-spoofing, liveness. */
const REQUIRED_MODELS = ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'] as const
/**
 * A host that can never resolve (RFC 2606): the library fetches its models with `fetch`, which in Node has no
 * `file://`, so model URLs are given on this origin and answered from the package's own files.
 */
const MODEL_ORIGIN = 'http://models.invalid/'
const MODEL_FILE = /^[\w.-]+\.(json|bin)$/

const require = createRequire(import.meta.url)

/** The folder of an installed package, found from its entry point (the face library's exports hide package.json). */
function packageDir(name: string, from: NodeJS.Require): string {
  let dir = dirname(from.resolve(name))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name)
      return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`the installed package ${name} has no package.json above its entry point`)
    dir = up
  }
}

/** Answers the library's model requests from the package's `models/` folder; every other URL goes to `fetch`. */
function serveModels(modelsDir: string): void {
  const fetchOnline = globalThis.fetch
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith(MODEL_ORIGIN)) return fetchOnline(input, init)
    const name = url.slice(MODEL_ORIGIN.length)
    if (!MODEL_FILE.test(name)) return new Response(null, { status: 404 })
    try {
      const body = await readFile(join(modelsDir, name))
      const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream'
      return new Response(body, { status: 200, headers: { 'content-type': type } })
    } catch {
      return new Response(null, { status: 404 })
    }
  }
}

function humanConfig(wasmDir: string): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath: wasmDir,
    wasmPlatformFetch: false,
    modelBasePath: MODEL_ORIGIN,
    cacheModels: false,
    // Any other value lets the library return the previous image's result for an image it deems similar.
    cacheSensitivity: 0,
    debug: false,
    warmup: 'none',
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: MAX_FACES_READ, minConfidence: MIN_DETECTION_SCORE, return: false },
      mesh: { enabled: true },
      attention: { enabled: false },
      iris: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: true },
      antispoof: { enabled: true },
      liveness: { enabled: true },
    },
  }
}

/** The part of the tensor library the reader uses (the library exposes it untyped). */
interface Tensors {
  tensor(values: Uint8Array, shape: readonly number[], dtype: 'int32'): unknown
  dispose(tensor: unknown): void
}

/**
 * Reads faces with the face library on its WebAssembly backend, fully offline: models and WebAssembly come from the
 * installed packages. Meant for a worker thread (see face-worker.ts): inference blocks the thread it runs on, and
 * loading replaces `fetch` of that thread for the model URLs.
 */
export class HumanFaceReader {
  private constructor(private readonly human: Human) {}

  /** Loads the library and the models (about 0.2 s on a free core; 2 s for the first image, which compiles). */
  static async load(): Promise<HumanFaceReader> {
    const humanDir = packageDir('@vladmandic/human', require)
    const humanMain = join(humanDir, 'dist', 'human.node-wasm.js')
    const fromHuman = createRequire(humanMain)
    const wasmDir = join(packageDir('@tensorflow/tfjs-backend-wasm', fromHuman), 'dist') + sep
    serveModels(join(humanDir, 'models'))
    // The node-wasm build is not among the package's exports: it is loaded by its path.
    const { Human: HumanClass } = fromHuman(humanMain) as { Human: new (config: Partial<Config>) => Human }
    const human = new HumanClass(humanConfig(wasmDir))
    await human.load()
    const loaded = new Set(human.models.loaded())
    const missing = REQUIRED_MODELS.filter((m) => !loaded.has(m))
    if (missing.length > 0) throw new Error(`the face models ${missing.join(', ')} did not load from ${humanDir}`)
    return new HumanFaceReader(human)
  }

  /** Reads the faces of an image decoded by decodeFaceImage (which refuses bad input before a model is loaded). */
  async read(pixels: FacePixels): Promise<FaceReading> {
    const tf = this.human.tf as Tensors
    const tensor = tf.tensor(pixels.rgb, [1, pixels.height, pixels.width, 3], 'int32')
    try {
      const result = await this.human.detect(tensor as Parameters<Human['detect']>[0])
      if (result.error)
        throw new Error(`the face library failed on a ${pixels.width}×${pixels.height} image: ${result.error}`)
      const faces = result.face.map((f) => toFaceFound(f, pixels))
      return { faces, width: pixels.originalWidth, height: pixels.originalHeight }
    } finally {
      tf.dispose(tensor)
    }
  }
}

function toFaceFound(
  face: { score: number; box: readonly number[]; embedding?: number[]; real?: number; live?: number },
  pixels: FacePixels,
): FaceFound {
  if (!face.embedding || face.embedding.length === 0)
    throw new Error('the face library returned a face without an embedding')
  const [x = 0, y = 0, width = 0, height = 0] = face.box.map((v) => Math.round(v * pixels.scale))
  return {
    embedding: Float32Array.from(face.embedding),
    box: { x, y, width, height },
    score: face.score,
    ...(face.real === undefined ? {} : { real: face.real }),
    ...(face.live === undefined ? {} : { live: face.live }),
  }
}
