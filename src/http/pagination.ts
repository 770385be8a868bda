import { HttpError } from './http-errors.ts'

export interface PageRequest {
  readonly limit: number
  readonly cursor?: string | undefined
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly page: { readonly limit: number; readonly nextCursor: string | null }
}

/**
 * One page of a list. The cursor is opaque to clients: it holds the offset and the list it belongs to (`scope`, e.g.
 * the linkage run), so a cursor replayed on another list, or after a new linkage run, is refused rather than skipping.
 */
export function pageOf<T>(items: readonly T[], request: PageRequest, scope: string): Page<T> {
  const offset = request.cursor === undefined ? 0 : readCursor(request.cursor, scope)
  const end = offset + request.limit
  return {
    items: items.slice(offset, end),
    page: { limit: request.limit, nextCursor: end < items.length ? writeCursor(end, scope) : null },
  }
}

/** An opaque cursor: a position (an offset, or the last id of a page) in the list named `scope`. */
export function writeCursor(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url')
}

/** The position a cursor holds; 400 when it is not one this API gave out, or belongs to another list. */
export function readCursor(cursor: string, scope: string): number {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const c = decoded as { o?: unknown; s?: unknown } | undefined
  if (typeof c?.o !== 'number' || !Number.isSafeInteger(c.o) || c.o < 0 || typeof c.s !== 'string') {
    throw new HttpError(400, 'invalid_input', 'cursor: not a cursor this API gave out; start again without it', [
      { field: 'cursor', message: 'unreadable' },
    ])
  }
  if (c.s !== scope) {
    throw new HttpError(
      400,
      'invalid_input',
      'cursor: it belongs to another list or an earlier linkage run; start again without it',
      [{ field: 'cursor', message: 'stale' }],
    )
  }
  return c.o
}
