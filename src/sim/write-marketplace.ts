import { once } from 'node:events'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { type GenerateOptions, generateMarketplace } from './generate-marketplace.ts'
import { Random } from './random.ts'

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

/**
 * Accounts held back and released in random order, so the file does not list an operator's accounts
 * side by side. Bounded (about 5 KB per account), so memory stays flat in N.
 */
const INTERLEAVE_WINDOW = 512
const HIGH_WATER_MARK = 1 << 24 // 16 MB in flight lets the disk write while the next accounts are generated
const BATCH_CHARS = 1 << 16
const PROGRESS_EVERY = 10_000

/** One account ready to write: its NDJSON lines and its truth.csv row (with its newline). */
interface PendingAccount {
  readonly lines: readonly string[]
  readonly truth: string
}

/** Text batched into large writes (a stream write per account costs more than generating it). */
class BatchedWriter {
  private parts: string[] = []
  private length = 0
  private readonly stream: WriteStream

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: HIGH_WATER_MARK })
  }

  async write(text: string): Promise<void> {
    this.parts.push(text)
    this.length += text.length
    if (this.length >= BATCH_CHARS) await this.flush()
  }

  /** Lines, each followed by a newline, joined only when the batch is written (one copy of the text). */
  async writeLines(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      this.parts.push(line, '\n')
      this.length += line.length + 1
    }
    if (this.length >= BATCH_CHARS) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return
    const text = this.parts.join('')
    this.parts = []
    this.length = 0
    if (!this.stream.write(text)) await once(this.stream, 'drain')
  }

  async close(): Promise<void> {
    await this.flush()
    this.stream.end()
    await once(this.stream, 'finish')
  }
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(counts)) into[k] = (into[k] ?? 0) + n
}

/**
 * Generates the marketplace and streams it to `DIR/events.ndjson` and `DIR/truth.csv` (header
 * `account,operator,role`), honouring backpressure. Memory stays flat in the number of accounts.
 */
export async function writeMarketplace(opts: WriteMarketplaceOptions): Promise<GenerateSummary> {
  mkdirSync(opts.outDir, { recursive: true })
  const events = new BatchedWriter(join(opts.outDir, 'events.ndjson'))
  const truth = new BatchedWriter(join(opts.outDir, 'truth.csv'))
  await truth.write('account,operator,role\n')
  const summary: GenerateSummary = { accounts: 0, records: 0, byType: {}, byRole: {}, operators: 0 }
  const shuffle = new Random(opts.seed, 99)
  const window: PendingAccount[] = []
  const release = async (): Promise<void> => {
    const i = shuffle.int(window.length)
    const last = window.pop() as PendingAccount
    const account = i < window.length ? (window[i] as PendingAccount) : last
    if (i < window.length) window[i] = last
    await events.writeLines(account.lines)
    await truth.write(account.truth)
    summary.accounts++
    if (summary.accounts % PROGRESS_EVERY === 0) opts.onProgress?.(summary.accounts)
  }
  for (const cohort of generateMarketplace(opts)) {
    let at = 0
    cohort.truth.forEach((row, k) => {
      const span = cohort.spans[k] ?? 0
      window.push({
        lines: cohort.lines.slice(at, at + span),
        truth: `${csvField(row.account)},${csvField(row.operator)},${csvField(row.role)}\n`,
      })
      at += span
      summary.byRole[row.role] = (summary.byRole[row.role] ?? 0) + 1
    })
    summary.records += cohort.lines.length
    addCounts(summary.byType, cohort.byType)
    // Operators never span cohorts, so counting per cohort needs no set of every operator id.
    summary.operators += new Set(cohort.truth.map((r) => r.operator)).size
    while (window.length > INTERLEAVE_WINDOW) await release()
  }
  while (window.length > 0) await release()
  await Promise.all([events.close(), truth.close()])
  opts.onProgress?.(summary.accounts)
  return summary
}
