import { mkdirSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { join } from 'node:path'
import type { StreamTally } from './encode-stream.ts'
import { GENERATOR_STREAMS, type GenerateOptions } from './generate-marketplace.ts'
import { GeneratorThread } from './generator-thread.ts'

/** Counts of what `writeMarketplace` wrote. */
export interface GenerateSummary {
  accounts: number
  records: number
  byType: Record<string, number>
  byRole: Record<string, number>
  operators: number
}

/** Options of `writeMarketplace`. */
export interface WriteMarketplaceOptions extends GenerateOptions {
  readonly outDir: string
  /** Called with the number of accounts written so far, about every 10,000 accounts and at the end. */
  readonly onProgress?: (accountsDone: number) => void
}

const PROGRESS_EVERY = 10_000

/** Writes every byte of `views` (a write may take only part of them). */
async function writeAll(file: FileHandle, views: readonly Uint8Array[]): Promise<void> {
  let rest = views.filter((v) => v.byteLength > 0)
  while (rest.length > 0) {
    let { bytesWritten } = await file.writev(rest)
    while (rest.length > 0 && bytesWritten >= (rest[0] as Uint8Array).byteLength) {
      bytesWritten -= (rest[0] as Uint8Array).byteLength
      rest = rest.slice(1)
    }
    if (bytesWritten > 0) rest = [(rest[0] as Uint8Array).subarray(bytesWritten), ...rest.slice(1)]
  }
}

function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(counts)) into[k] = (into[k] ?? 0) + n
}

function summarise(tallies: readonly StreamTally[]): GenerateSummary {
  const summary: GenerateSummary = { accounts: 0, records: 0, byType: {}, byRole: {}, operators: 0 }
  for (const t of tallies) {
    summary.accounts += t.accounts
    summary.records += t.records
    summary.operators += t.operators
    addCounts(summary.byType, t.byType)
    addCounts(summary.byRole, t.byRole)
  }
  return summary
}

/**
 * Takes pages from the streams in turn (stream 0's first page, stream 1's first page, …; a finished stream
 * drops out), so the file order depends on the seed only, and writes them. Returns the streams' tallies.
 */
async function writePages(
  threads: readonly GeneratorThread[],
  files: { readonly events: FileHandle; readonly truth: FileHandle },
  onAccounts: (n: number) => void,
): Promise<StreamTally[]> {
  const tallies: StreamTally[] = []
  let active = [...threads]
  while (active.length > 0) {
    const stillActive: GeneratorThread[] = []
    for (const thread of active) {
      const msg = await thread.next()
      if (msg.kind === 'done') {
        tallies.push(msg.tally)
        continue
      }
      await Promise.all([writeAll(files.events, msg.page.events), files.truth.write(msg.page.truth)])
      thread.release()
      onAccounts(msg.page.accounts)
      stillActive.push(thread)
    }
    active = stillActive
  }
  return tallies
}

/**
 * Generates the marketplace and writes `DIR/events.ndjson` and `DIR/truth.csv` (header
 * `account,operator,role`). Each stream is generated and encoded on its own worker thread while this
 * thread only writes; workers stay a bounded number of pages ahead, so memory stays flat in N.
 * A worker's failure (an invalid option, a crash) rejects the returned promise.
 */
export async function writeMarketplace(opts: WriteMarketplaceOptions): Promise<GenerateSummary> {
  mkdirSync(opts.outDir, { recursive: true })
  const events = await open(join(opts.outDir, 'events.ndjson'), 'w')
  const truth = await open(join(opts.outDir, 'truth.csv'), 'w').catch(async (e: unknown) => {
    await events.close()
    throw e
  })
  const threads: GeneratorThread[] = []
  try {
    await truth.write('account,operator,role\n')
    for (let s = 0; s < GENERATOR_STREAMS; s++) threads.push(new GeneratorThread(opts.accounts, opts.seed, s))
    let written = 0
    const tallies = await writePages(threads, { events, truth }, (n) => {
      const before = Math.floor(written / PROGRESS_EVERY)
      written += n
      if (Math.floor(written / PROGRESS_EVERY) > before) opts.onProgress?.(written)
    })
    const summary = summarise(tallies)
    opts.onProgress?.(summary.accounts)
    return summary
  } finally {
    await Promise.all(threads.map((t) => t.terminate()))
    await Promise.all([events.close(), truth.close()])
  }
}
