import {
  applyVerification,
  encodeProblemCodes,
  encodeVerifications,
  NO_VERIFICATIONS,
  problemCodesOf,
} from '../../core/accounts/index.ts'
import type { Identifier } from '../../core/identifiers/index.ts'
import { parseRecord, type VerificationRecord } from '../../core/interchange/index.ts'
import { detectControlChangeOfRecords, type Evidence, encodeLinkKinds, weighedKinds } from '../../core/linkage/index.ts'
import type { Instant } from '../../core/time.ts'

/**
 * What migration 4 fills in, computed from what an existing store holds with the very functions that write these
 * columns afterwards, so that a migrated store reads as if this version had written it. Shared by both engines.
 */

/** Only identifiers with an invalid one hold this text; the others have no problem codes (SQL prefilter). */
export const INVALID_IDENTIFIER_MARK = '"valid":false'

/** `accounts.problems` from `account_profiles.identifiers` as stored. */
export function problemsOfStoredIdentifiers(identifiers: string): string {
  return encodeProblemCodes(problemCodesOf(JSON.parse(identifiers) as Identifier[]))
}

/** `accounts.verifications` from an account's verification records as stored, in time order (ties by seq). */
export function verificationsOfStoredRecords(
  records: readonly { readonly at: number; readonly body: string }[],
): string {
  let summaries = NO_VERIFICATIONS
  for (const { at, body } of records) summaries = applyVerification(summaries, decodeVerification(body), at as Instant)
  return encodeVerifications(summaries)
}

/** A stored verification record, validated again as state derivation does. */
function decodeVerification(body: string): VerificationRecord {
  const parsed = parseRecord(JSON.parse(body))
  if (!parsed.ok || parsed.value.record.type !== 'verification') {
    throw new Error(`a stored verification record no longer validates: ${body.slice(0, 80)}`)
  }
  return parsed.value.record
}

/**
 * `clusters.control_change_at` from an account's session and update records as stored (in the order a linkage scan
 * reads them), as the linkage run that clustered it detected it; null when none.
 */
export function controlChangeOfStoredRecords(
  records: readonly { readonly type: string; readonly at: number; readonly body: string }[],
): number | null {
  const sessions: { at: number; device: string }[] = []
  const updates: { at: number; set: object }[] = []
  for (const { type, at, body } of records) {
    // Sessions as a linkage scan reads them (the body as stored); updates validated, as state derivation does.
    if (type === 'session') sessions.push({ at, device: (JSON.parse(body) as { device: string }).device })
    else if (type === 'update') {
      const parsed = parseRecord(JSON.parse(body))
      if (parsed.ok && parsed.value.record.type === 'update') updates.push({ at, set: parsed.value.record.set })
    }
  }
  return detectControlChangeOfRecords(sessions, updates)
}

/** `links.kinds` from `links.evidence` as stored. */
export function kindsOfStoredEvidence(evidence: string): string {
  return encodeLinkKinds(weighedKinds(JSON.parse(evidence) as Evidence[]))
}
