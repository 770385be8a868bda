import { decodeProblemCodes, decodeVerifications, type ProblemCodes } from '../../core/accounts/index.ts'
import type { AccountSummary, SummaryColumnsBuilder } from '../../core/features/index.ts'
import type { AccountStatus } from '../../core/interchange/index.ts'
import type { Instant } from '../../core/time.ts'

/** The `accounts` columns a summary reads, in the order {@link SummaryRows.toSummary} takes them. Both engines. */
export const SUMMARY_COLUMNS =
  'id, registered, marketplace, kind, channel_type, channel_ref, status, registered_at, first_event_at, last_event_at, ' +
  'n_session, n_listing, n_update, n_status, n_verification, verifications, problems'

export type SummaryRow = [
  id: string,
  registered: number | boolean,
  marketplace: string | null,
  kind: string | null,
  channelType: string | null,
  channelRef: string | null,
  status: string,
  registeredAt: number | null,
  firstEventAt: number,
  lastEventAt: number,
  sessions: number,
  listings: number,
  updates: number,
  statuses: number,
  verificationRecords: number,
  verifications: string,
  problems: string,
]

/** The row the scratch summary starts from: {@link SummaryRows.addTo} overwrites every field of it. */
const A_ROW: SummaryRow = ['', 0, null, null, null, null, 'active', null, 0, 0, 0, 0, 0, 0, 0, '{}', '']

/**
 * Turns rows into summaries for a scan of every account. The few distinct storefronts, kinds, channels and statuses
 * are kept once each instead of once per row (the driver gives a new string every time): a million summaries held
 * for a sweep are smaller by a few tens of megabytes.
 */
export class SummaryRows {
  private readonly strings = new Map<string, string>()
  /** Problem codes by stored text: a few dozen distinct texts among a million rows. */
  private readonly problemCodes = new Map<string, ProblemCodes>()
  /** The summary {@link addTo} fills for each row in turn: columns copy it and keep nothing. */
  private readonly scratch: { -readonly [K in keyof AccountSummary]: AccountSummary[K] } = this.toSummary(A_ROW)

  private intern(s: string | null): string | null {
    if (s === null) return null
    const known = this.strings.get(s)
    if (known !== undefined) return known
    this.strings.set(s, s)
    return s
  }

  toSummary(r: SummaryRow): AccountSummary {
    const codes = decodeProblemCodes(r[16])
    return {
      id: r[0],
      registered: r[1] === 1 || r[1] === true,
      marketplace: this.intern(r[2]),
      kind: this.intern(r[3]),
      channelType: this.intern(r[4]),
      channelRef: r[5],
      status: this.intern(r[6]) as AccountStatus,
      registeredAt: r[7] as Instant | null,
      firstEventAt: r[8] as Instant,
      lastEventAt: r[9] as Instant,
      sessions: r[10],
      listings: r[11],
      updates: r[12],
      statuses: r[13],
      verificationRecords: r[14],
      verifications: decodeVerifications(r[15]),
      problems: codes.problems,
      invalidKinds: codes.invalidKinds,
    }
  }

  /** Adds a row to columns, without a summary object of its own. */
  addTo(columns: SummaryColumnsBuilder, r: SummaryRow): void {
    const s = this.scratch
    s.id = r[0]
    s.registered = r[1] === 1 || r[1] === true
    s.marketplace = r[2]
    s.kind = r[3]
    s.channelType = r[4]
    s.channelRef = r[5]
    s.status = r[6] as AccountStatus
    s.registeredAt = r[7] as Instant | null
    s.firstEventAt = r[8] as Instant
    s.lastEventAt = r[9] as Instant
    s.sessions = r[10]
    s.listings = r[11]
    s.updates = r[12]
    s.statuses = r[13]
    s.verificationRecords = r[14]
    s.verifications = decodeVerifications(r[15])
    let codes = this.problemCodes.get(r[16])
    if (codes === undefined) {
      codes = decodeProblemCodes(r[16])
      this.problemCodes.set(r[16], codes)
    }
    s.problems = codes.problems
    s.invalidKinds = codes.invalidKinds
    columns.add(s)
  }
}
