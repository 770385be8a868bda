import { generateStream, type StreamOptions } from './generate-marketplace.ts'
import { Random } from './random.ts'

/** A run of accounts of one stream, encoded: what the writer appends to events.ndjson and truth.csv. */
export interface EncodedPage {
  readonly accounts: number
  /** UTF-8 NDJSON lines, each ending in a newline; each view owns its ArrayBuffer (it can be transferred). */
  readonly events: readonly Uint8Array[]
  /** truth.csv rows, each ending in a newline. */
  readonly truth: string
}

/** Counts over a whole stream. */
export interface StreamTally {
  accounts: number
  records: number
  operators: number
  byType: Record<string, number>
  byRole: Record<string, number>
}

/** Accounts per page: the unit in which the writer takes turns between streams. */
export const PAGE_ACCOUNTS = 256
/**
 * Accounts held back and released in random order, so the file does not list an operator's accounts
 * side by side. Bounded (about 5 KB per account), so memory stays flat in N.
 */
const INTERLEAVE_WINDOW = 512
const CHUNK_BYTES = 1 << 18
const SLAB_BYTES = 1 << 20
const NEWLINE = 10

/** One account ready to write: its NDJSON lines already encoded, and its truth.csv row (with its newline). */
interface PendingAccount {
  readonly bytes: Uint8Array
  readonly slab: Slab
  readonly truth: string
}

/** A large buffer accounts are encoded into, reused once none of its accounts is waiting any more. */
interface Slab {
  readonly buffer: Buffer
  used: number
  waiting: number
}

/**
 * Accounts encoded as soon as they are generated, into reused slabs: the interleaving window then holds
 * bytes, not strings, so the strings die young (cheap to collect) and are flattened and encoded once.
 */
class AccountEncoder {
  private slab: Slab = AccountEncoder.newSlab(SLAB_BYTES)
  private readonly free: Slab[] = []

  private static newSlab(bytes: number): Slab {
    return { buffer: Buffer.allocUnsafeSlow(bytes), used: 0, waiting: 0 }
  }

  encode(lines: readonly string[], start: number, end: number): { bytes: Uint8Array; slab: Slab } {
    let worst = 0
    for (let k = start; k < end; k++) worst += (lines[k] as string).length * 3 + 1
    if (this.slab.buffer.length - this.slab.used < worst) this.nextSlab(worst)
    const slab = this.slab
    const buffer = slab.buffer
    const from = slab.used
    let at = from
    for (let k = start; k < end; k++) {
      at += buffer.write(lines[k] as string, at)
      buffer[at++] = NEWLINE
    }
    slab.used = at
    slab.waiting++
    return { bytes: buffer.subarray(from, at), slab }
  }

  /** The account's bytes have been copied out: its slab may be reused once nothing else waits in it. */
  done(slab: Slab): void {
    if (--slab.waiting === 0 && slab !== this.slab && slab.buffer.length === SLAB_BYTES) this.free.push(slab)
  }

  private nextSlab(atLeast: number): void {
    const full = this.slab
    if (full.waiting === 0 && full.buffer.length === SLAB_BYTES) this.free.push(full)
    const reused = atLeast <= SLAB_BYTES ? this.free.pop() : undefined
    if (reused) reused.used = 0
    this.slab = reused ?? AccountEncoder.newSlab(Math.max(SLAB_BYTES, atLeast))
  }
}

/** Encoded accounts copied into fixed-size chunks that are handed over (transferred) a page at a time. */
class ByteChunks {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES)
  private used = 0
  private full: Uint8Array[] = []

  put(bytes: Uint8Array): void {
    if (this.chunk.length - this.used < bytes.length) this.next(bytes.length)
    this.chunk.set(bytes, this.used)
    this.used += bytes.length
  }

  /** The chunks written since the last call; what comes next goes to a fresh chunk. */
  take(): Uint8Array[] {
    if (this.used > 0) this.next(0)
    const out = this.full
    this.full = []
    return out
  }

  private next(atLeast: number): void {
    if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used))
    this.chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, atLeast))
    this.used = 0
  }
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const k in counts) into[k] = (into[k] ?? 0) + (counts[k] ?? 0)
}

/**
 * One stream of the marketplace as pages of `PAGE_ACCOUNTS` encoded accounts (the last page may be
 * shorter), shuffled through a bounded window; returns the stream's counts. Deterministic for a seed.
 */
export function* encodeStream(opts: StreamOptions): Generator<EncodedPage, StreamTally, undefined> {
  const tally: StreamTally = { accounts: 0, records: 0, operators: 0, byType: {}, byRole: {} }
  const shuffle = new Random(opts.seed, 99 + opts.stream)
  const window: PendingAccount[] = []
  const encoder = new AccountEncoder()
  const bytes = new ByteChunks()
  let truth = ''
  let inPage = 0
  const release = (): EncodedPage | undefined => {
    const i = shuffle.int(window.length)
    const last = window.pop() as PendingAccount
    const account = i < window.length ? (window[i] as PendingAccount) : last
    if (i < window.length) window[i] = last
    bytes.put(account.bytes)
    encoder.done(account.slab)
    truth += account.truth
    if (++inPage < PAGE_ACCOUNTS) return undefined
    const page = { accounts: inPage, events: bytes.take(), truth }
    truth = ''
    inPage = 0
    return page
  }
  for (const cohort of generateStream(opts)) {
    let at = 0
    for (let k = 0; k < cohort.truth.length; k++) {
      const row = cohort.truth[k] as (typeof cohort.truth)[number]
      const end = at + (cohort.spans[k] ?? 0)
      const line = `${csvField(row.account)},${csvField(row.operator)},${csvField(row.role)}\n`
      window.push({ ...encoder.encode(cohort.lines, at, end), truth: line })
      at = end
      tally.byRole[row.role] = (tally.byRole[row.role] ?? 0) + 1
    }
    tally.accounts += cohort.truth.length
    tally.records += cohort.lines.length
    addCounts(tally.byType, cohort.byType)
    // Operators never span cohorts, so counting per cohort needs no set of every operator id.
    tally.operators += new Set(cohort.truth.map((r) => r.operator)).size
    while (window.length > INTERLEAVE_WINDOW) {
      const page = release()
      if (page) yield page
    }
  }
  while (window.length > 0) {
    const page = release()
    if (page) yield page
  }
  if (inPage > 0) yield { accounts: inPage, events: bytes.take(), truth }
  return tally
}
