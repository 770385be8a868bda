import { hash } from 'node:crypto'
import { registrationIdentifiers, toStateChange } from '../../core/accounts/index.ts'
import type { AccountId } from '../../core/ids.ts'
import { parseRecordLine, RECORD_TYPES, type RecordType } from '../../core/interchange/index.ts'
import { type EventInput, type LineRejection, type ParsedLines, type SourceLine, textOf } from '../../ports/index.ts'
import { foldAccounts } from './fold-accounts.ts'

export const DIGEST_BYTES = 16

/** The identity of a stored record: the first 16 bytes of SHA-256 of its body. */
export function digestBody(body: string): Uint8Array {
  const digest = new Uint8Array(DIGEST_BYTES)
  writeDigest(body, digest, 0)
  return digest
}

/**
 * Writes {@link digestBody} of a body, given as text or as its UTF-8, into `target` from `offset`. The digest comes
 * as binary text: a new Buffer per record cost three times as much as the hashing (an import digests every line).
 */
export function writeDigest(body: string | Uint8Array, target: Uint8Array, offset: number): void {
  const digest = hash('sha256', body, 'binary')
  for (let j = 0; j < DIGEST_BYTES; j++) target[offset + j] = digest.charCodeAt(j)
}

/**
 * Validates lines and prepares the valid ones for the store, on the calling thread; with `fold`, also the states of the
 * accounts they change as they make them for a new account (on this thread, that saves the store nothing).
 */
export function parseLines(sourceName: string, lines: readonly SourceLine[], fold = false): ParsedLines {
  const events: EventInput[] = []
  const rejections: LineRejection[] = []
  for (const line of lines) {
    if ('problem' in line) {
      rejections.push({ lineNo: line.lineNo, type: 'unknown', issues: [{ field: '(line)', message: line.problem }] })
      continue
    }
    const text = textOf(line) as string
    const parsed = parseRecordLine(text)
    if (!parsed.ok) {
      rejections.push({ lineNo: line.lineNo, type: guessType(text), issues: parsed.error })
      continue
    }
    const { record, at, body } = parsed.value
    events.push({
      account: record.account as AccountId,
      type: record.type,
      at,
      change: toStateChange(record),
      identifiers: record.type === 'account' ? registrationIdentifiers(record) : undefined,
      body,
      digest: digestBody(body),
      source: { name: sourceName, line: line.lineNo },
    })
  }
  return fold ? { events, rejections, folded: foldAccounts(events) } : { events, rejections }
}

/** The record type of a line that failed validation, when it can be read, so rejections are counted by type. */
export function guessType(text: string): RecordType | 'unknown' {
  const t = /"type"\s*:\s*"([a-z]+)"/.exec(text)?.[1]
  return t !== undefined && (RECORD_TYPES as readonly string[]).includes(t) ? (t as RecordType) : 'unknown'
}
