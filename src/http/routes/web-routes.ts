// The reviewer console and the seller portal: the built web app (web/dist), served at /console and /portal.
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HttpError } from '../http-errors.ts'

/** Where `npm run build:web` writes the app. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url))

/** The two ways into the app: reviewers at /console, sellers at /portal (one app; the path picks the experience). */
export const WEB_PREFIXES = ['/console', '/portal'] as const

/** Files the build names by their content hash: a new build gives them new names, so browsers may keep them forever. */
const HASHED_ASSETS = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The app's pages may load their own scripts and styles and call this API, and nothing else: no inline script, no
 * other origin, no framing. `blob:` media and images: the portal previews what the seller recorded or chose to upload.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export interface WebRoutesOptions {
  /** The built app's folder; {@link WEB_DIST} by default. */
  readonly root?: string
}

/**
 * Serves the built web app under /console and /portal: a file of the build when the path names one, else its
 * index.html (the app routes in the browser). Hashed assets are cached for good, index.html never. Without a build, a
 * 503 that says how to make one.
 */
export function registerWebRoutes(server: FastifyInstance, opts: WebRoutesOptions = {}): void {
  const root = normalize(opts.root ?? WEB_DIST)
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.params as { '*'?: string })['*'] ?? ''
    return sendWebFile(reply, root, path)
  }
  for (const prefix of WEB_PREFIXES) {
    server.get(prefix, { schema: { hide: true } }, serve)
    server.get(`${prefix}/*`, { schema: { hide: true } }, serve)
  }
}

async function sendWebFile(reply: FastifyReply, root: string, path: string): Promise<FastifyReply> {
  const index = join(root, 'index.html')
  if (!(await isFile(index))) {
    throw new HttpError(
      503,
      'not_ready',
      'the console is not built: run "npm run build:web" (npm start and npm test build it first), then reload',
    )
  }
  const file = await resolveInside(root, path)
  if (file === undefined && path.startsWith('assets/')) {
    throw new HttpError(404, 'not_found', `no file ${path} in this build of the console: reload the page`)
  }
  if (file === undefined) {
    // Any other path is a page of the app: it reads the path itself.
    return reply
      .header('content-type', CONTENT_TYPES['.html'])
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_CSP)
      .send(await readFile(index))
  }
  const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream'
  reply.header('content-type', type)
  reply.header('cache-control', HASHED_ASSETS.test(file.relative) ? 'public, max-age=31536000, immutable' : 'no-cache')
  if (type.startsWith('text/html')) reply.header('content-security-policy', WEB_CSP)
  return reply.send(await readFile(file.path))
}

/** The file of the build a request path names; undefined for a path outside it, a folder, or nothing. */
async function resolveInside(
  root: string,
  path: string,
): Promise<{ readonly path: string; readonly relative: string } | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(path.split('?')[0] ?? '')
  } catch {
    return undefined
  }
  if (decoded === '' || decoded.includes('\0')) return undefined
  const full = normalize(join(root, decoded))
  if (!full.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return undefined
  if (!(await isFile(full))) return undefined
  return {
    path: full,
    relative: full
      .slice(root.length)
      .replace(/^[\\/]+/, '')
      .split(sep)
      .join('/'),
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
