import { hash } from 'node:crypto'
import { registrationIdentifiers, toStateChange } from '../../core/accounts/index.ts'
import type { AccountId } from '../../core/ids.ts'
import { parseRecordLine, RECORD_TYPES, type RecordType } from '../../core/interchange/index.ts'
import type { EventInput, LineRejection, ParsedLines, SourceLine } from '../../ports/index.ts'
import { foldAccounts } from './fold-accounts.ts'

export const DIGEST_BYTES = 16

/** The identity of a stored record: the first 16 bytes of SHA-256 of its body. */
export function digestBody(body: string): Uint8Array {
  return hash('sha256', body, 'buffer').subarray(0, DIGEST_BYTES)
}

/** {@link digestBody} of a body given as its UTF-8. */
export function digestBytes(utf8: Uint8Array): Uint8Array {
  return hash('sha256', utf8, 'buffer').subarray(0, DIGEST_BYTES)
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
    const parsed = parseRecordLine(line.text)
    if (!parsed.ok) {
      rejections.push({ lineNo: line.lineNo, type: guessType(line.text), issues: parsed.error })
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
