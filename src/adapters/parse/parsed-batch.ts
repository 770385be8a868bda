import type { StateChangingRecord } from '../../core/accounts/index.ts'
import type { Identifier } from '../../core/identifiers/index.ts'
import type { AccountId } from '../../core/ids.ts'
import type { RecordType } from '../../core/interchange/index.ts'
import type { Instant } from '../../core/time.ts'
import type { EventInput, LineRejection, ParsedLines } from '../../ports/index.ts'

/**
 * ParsedLines in columns, for crossing a thread boundary: strings and typed arrays clone several times faster
 * than an object per record, and the state-changing records travel as JSON.
 */
export interface ParsedBatch {
  readonly accounts: string[]
  readonly types: RecordType[]
  readonly ats: Float64Array
  readonly lines: Int32Array
  readonly bodies: string[]
  readonly digests: Uint8Array
  readonly changes: (string | null)[]
  readonly identifiers: (string | null)[]
  readonly rejections: readonly LineRejection[]
}

const DIGEST_BYTES = 16

export function toParsedBatch(parsed: ParsedLines): ParsedBatch {
  const n = parsed.events.length
  const batch: ParsedBatch = {
    accounts: new Array(n),
    types: new Array(n),
    ats: new Float64Array(n),
    lines: new Int32Array(n),
    bodies: new Array(n),
    digests: new Uint8Array(n * DIGEST_BYTES),
    changes: new Array(n),
    identifiers: new Array(n),
    rejections: parsed.rejections,
  }
  parsed.events.forEach((e, i) => {
    batch.accounts[i] = e.account
    batch.types[i] = e.type
    batch.ats[i] = e.at
    batch.lines[i] = e.source.line
    batch.bodies[i] = e.body
    batch.digests.set(e.digest, i * DIGEST_BYTES)
    batch.changes[i] = e.change === undefined ? null : JSON.stringify(e.change)
    batch.identifiers[i] = e.identifiers === undefined ? null : JSON.stringify(e.identifiers)
  })
  return batch
}

export function fromParsedBatch(sourceName: string, b: ParsedBatch): ParsedLines {
  const events: EventInput[] = b.accounts.map((account, i) => {
    const change = b.changes[i]
    const identifiers = b.identifiers[i]
    return {
      account: account as AccountId,
      type: b.types[i] as RecordType,
      at: b.ats[i] as Instant,
      change: change === null || change === undefined ? undefined : (JSON.parse(change) as StateChangingRecord),
      identifiers:
        identifiers === null || identifiers === undefined ? undefined : (JSON.parse(identifiers) as Identifier[]),
      body: b.bodies[i] as string,
      digest: b.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES),
      source: { name: sourceName, line: b.lines[i] as number },
    }
  })
  return { events, rejections: b.rejections }
}
