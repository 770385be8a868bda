import {
  NO_PROBLEM_CODES,
  NO_VERIFICATIONS,
  type ProblemCodes,
  VERIFICATION_METHODS,
  type VerificationMethod,
  type VerificationStanding,
  type VerificationSummaries,
  type VerificationSummary,
} from '../accounts/index.ts'
import type { AccountStatus } from '../interchange/index.ts'
import type { Instant } from '../time.ts'
import type { AccountSummary } from './account-summary.ts'

/**
 * Many accounts' summaries in columns, as a sweep holds a million of them: an id string per account and typed arrays,
 * where an {@link AccountSummary} object per account (with its verification objects) took several hundred megabytes
 * and most of the garbage collector's time. {@link summaryAt} gives one back as the store read it.
 */
export interface AccountSummaryColumns {
  readonly size: number
  readonly ids: readonly string[]
  /** Texts that repeat (storefronts, kinds, channels, statuses), each once: the text columns index into it. */
  readonly texts: readonly string[]
  /** Indices into {@link texts}; -1 for null. */
  readonly marketplace: Int32Array
  readonly kind: Int32Array
  readonly channelType: Int32Array
  readonly channelRef: Int32Array
  readonly status: Int32Array
  /** 1 when its `account` record has arrived. */
  readonly registered: Uint8Array
  /** Epoch ms; NaN for null. */
  readonly registeredAt: Float64Array
  readonly firstEventAt: Float64Array
  readonly lastEventAt: Float64Array
  readonly sessions: Float64Array
  readonly listings: Float64Array
  readonly updates: Float64Array
  readonly statuses: Float64Array
  readonly verificationRecords: Float64Array
  /**
   * Verification summaries, grouped by account: account i has entries verificationStart[i] .. verificationStart[i+1],
   * in VERIFICATION_METHODS order. A method is its position in VERIFICATION_METHODS, an outcome its position in
   * {@link STANDINGS}; passedAt is NaN when the method never passed.
   */
  readonly verificationStart: Int32Array
  readonly verificationMethod: Uint8Array
  readonly verificationOutcome: Uint8Array
  readonly verificationAt: Float64Array
  readonly verificationPassedAt: Float64Array
  /** Per account, an index into {@link problemSets} (0: no problem). */
  readonly problemSet: Int32Array
  /** The distinct problem codes of the accounts, each once; the first is NO_PROBLEM_CODES. */
  readonly problemSets: readonly ProblemCodes[]
}

/** Verification outcomes in the order the columns number them. */
export const STANDINGS: readonly VerificationStanding[] = ['passed', 'failed', 'pending']

const METHOD_NO = new Map<VerificationMethod, number>(VERIFICATION_METHODS.map((m, i) => [m, i]))
const STANDING_NO = new Map<VerificationStanding, number>(STANDINGS.map((s, i) => [s, i]))

/**
 * Collects summaries, one at a time as a store reads them, into {@link AccountSummaryColumns}. The summaries given
 * need not outlive the call: a scan may build each one only to add it.
 */
export class SummaryColumnsBuilder {
  private size = 0
  private finished = false
  private readonly ids: string[] = []
  private readonly texts: string[] = []
  private readonly textNo = new Map<string, number>()
  private readonly problemSets: ProblemCodes[] = [NO_PROBLEM_CODES]
  private readonly problemSetNo = new Map<string, number>()
  private readonly problemListNo = new Map<readonly string[], number>()
  private ints = new Int32Array(0)
  private flags = new Uint8Array(0)
  private numbers = new Float64Array(0)
  private verifications = 0
  private verificationStart = new Int32Array(1)
  private verificationCodes = new Uint8Array(0)
  private verificationTimes = new Float64Array(0)

  /** The number of summaries to come, when known: the columns are sized once. */
  constructor(expected = 1024) {
    this.reserve(Math.max(1, expected))
  }

  add(s: AccountSummary): void {
    const i = this.next(s.id)
    const n = this.flags.length
    const ints = this.ints
    ints[i] = this.textOf(s.marketplace)
    ints[n + i] = this.textOf(s.kind)
    ints[2 * n + i] = this.textOf(s.channelType)
    ints[3 * n + i] = this.textOf(s.channelRef)
    ints[4 * n + i] = this.textOf(s.status)
    ints[5 * n + i] = this.problemSetOf(s.problems, s.invalidKinds)
    this.flags[i] = s.registered ? 1 : 0
    const numbers = this.numbers
    numbers[i] = s.registeredAt ?? Number.NaN
    numbers[n + i] = s.firstEventAt
    numbers[2 * n + i] = s.lastEventAt
    numbers[3 * n + i] = s.sessions
    numbers[4 * n + i] = s.listings
    numbers[5 * n + i] = s.updates
    numbers[6 * n + i] = s.statuses
    numbers[7 * n + i] = s.verificationRecords
    if (s.verifications !== NO_VERIFICATIONS) {
      for (const method of VERIFICATION_METHODS) {
        const v = s.verifications[method]
        if (v === undefined) continue
        const outcome = STANDING_NO.get(v.outcome) as number
        this.addVerification(METHOD_NO.get(method) as number, outcome, v.at, v.passedAt ?? Number.NaN)
      }
    }
    this.verificationStart[i + 1] = this.verifications
  }

  /** Makes room for one more account; returns its position. */
  private next(id: string): number {
    if (this.finished) throw new Error('summary columns are finished: nothing more can be added')
    const i = this.size
    if (i === this.flags.length) this.reserve(i * 2)
    this.size += 1
    this.ids.push(id)
    return i
  }

  /** The columns of every summary added; the builder is done (its blocks may be the columns: nothing more is added). */
  finish(): AccountSummaryColumns {
    this.finished = true
    const n = this.size
    const cap = this.flags.length
    const v = this.verifications
    const vCap = this.verificationCodes.length / 2
    // Columns nearly as long as their blocks are views of them (no copy: a million accounts' columns are 100 MB);
    // shorter ones are copied, so as not to keep the room they never used.
    const part = <T extends Int32Array | Uint8Array | Float64Array>(a: T, from: number, to: number, room: number) =>
      (to - from) * 8 >= room * 7 ? (a.subarray(from, to) as T) : (a.slice(from, to) as T)
    const int = (k: number) => part(this.ints, k * cap, k * cap + n, cap)
    const num = (k: number) => part(this.numbers, k * cap, k * cap + n, cap)
    return {
      size: n,
      ids: this.ids,
      texts: this.texts,
      marketplace: int(0),
      kind: int(1),
      channelType: int(2),
      channelRef: int(3),
      status: int(4),
      registered: part(this.flags, 0, n, cap),
      registeredAt: num(0),
      firstEventAt: num(1),
      lastEventAt: num(2),
      sessions: num(3),
      listings: num(4),
      updates: num(5),
      statuses: num(6),
      verificationRecords: num(7),
      verificationStart: part(this.verificationStart, 0, n + 1, cap + 1),
      verificationMethod: part(this.verificationCodes, 0, v, vCap),
      verificationOutcome: part(this.verificationCodes, vCap, vCap + v, vCap),
      verificationAt: part(this.verificationTimes, 0, v, vCap),
      verificationPassedAt: part(this.verificationTimes, vCap, vCap + v, vCap),
      problemSet: int(5),
      problemSets: this.problemSets,
    }
  }

  private textOf(text: string | null): number {
    if (text === null) return -1
    let no = this.textNo.get(text)
    if (no === undefined) {
      no = this.texts.length
      this.texts.push(text)
      this.textNo.set(text, no)
    }
    return no
  }

  private problemSetOf(problems: readonly string[], invalidKinds: readonly string[]): number {
    if (problems.length === 0 && invalidKinds.length === 0) return 0
    // Stores hand out the same lists for the same stored text: known lists need no key.
    const known = this.problemListNo.get(problems)
    if (known !== undefined && this.problemSets[known]!.invalidKinds === invalidKinds) return known
    // Neither kinds nor codes hold a space or a `!` (see encodeProblemCodes): the key names the set exactly.
    const key = `${problems.join(' ')}!${invalidKinds.join(' ')}`
    let no = this.problemSetNo.get(key)
    if (no === undefined) {
      no = this.problemSets.length
      this.problemSets.push({ problems, invalidKinds })
      this.problemSetNo.set(key, no)
    }
    if (this.problemSets[no]!.problems === problems) this.problemListNo.set(problems, no)
    return no
  }

  /** One more verification entry of the account being added (passedAt NaN: never passed). */
  private addVerification(method: number, outcome: number, at: number, passedAt: number): void {
    const k = this.verifications
    if (k === this.verificationCodes.length / 2) this.reserveVerifications(Math.max(1024, k * 2))
    const cap = this.verificationCodes.length / 2
    this.verificationCodes[k] = method
    this.verificationCodes[cap + k] = outcome
    this.verificationTimes[k] = at
    this.verificationTimes[cap + k] = passedAt
    this.verifications += 1
  }

  /** Grows the per-account columns (six int, one flag and eight number columns, each in one block) to `cap`. */
  private reserve(cap: number): void {
    const old = this.flags.length
    const ints = new Int32Array(6 * cap)
    const numbers = new Float64Array(8 * cap)
    for (let k = 0; k < 6; k++) ints.set(this.ints.subarray(k * old, k * old + this.size), k * cap)
    for (let k = 0; k < 8; k++) numbers.set(this.numbers.subarray(k * old, k * old + this.size), k * cap)
    const flags = new Uint8Array(cap)
    flags.set(this.flags.subarray(0, this.size))
    const starts = new Int32Array(cap + 1)
    starts.set(this.verificationStart.subarray(0, this.size + 1))
    this.ints = ints
    this.numbers = numbers
    this.flags = flags
    this.verificationStart = starts
  }

  private reserveVerifications(cap: number): void {
    const old = this.verificationCodes.length / 2
    const codes = new Uint8Array(2 * cap)
    const times = new Float64Array(2 * cap)
    for (let k = 0; k < 2; k++) {
      codes.set(this.verificationCodes.subarray(k * old, k * old + this.verifications), k * cap)
      times.set(this.verificationTimes.subarray(k * old, k * old + this.verifications), k * cap)
    }
    this.verificationCodes = codes
    this.verificationTimes = times
  }
}

/** Columns of the summaries given (a few accounts, for real-time evaluation). */
export function toSummaryColumns(summaries: readonly AccountSummary[]): AccountSummaryColumns {
  const builder = new SummaryColumnsBuilder(summaries.length)
  for (const s of summaries) builder.add(s)
  return builder.finish()
}

const textAt = (c: AccountSummaryColumns, no: number): string | null => (no < 0 ? null : (c.texts[no] as string))
const instantOrNull = (at: number): Instant | null => (Number.isNaN(at) ? null : (at as Instant))

/** The verification summaries of the i-th account, as the store gave them. */
export function verificationsAt(c: AccountSummaryColumns, i: number): VerificationSummaries {
  const from = c.verificationStart[i] as number
  const to = c.verificationStart[i + 1] as number
  if (from === to) return NO_VERIFICATIONS
  const out: Partial<Record<VerificationMethod, VerificationSummary>> = {}
  for (let k = from; k < to; k++) {
    out[VERIFICATION_METHODS[c.verificationMethod[k] as number] as VerificationMethod] = {
      outcome: STANDINGS[c.verificationOutcome[k] as number] as VerificationStanding,
      at: c.verificationAt[k] as Instant,
      passedAt: instantOrNull(c.verificationPassedAt[k] as number),
    }
  }
  return out
}

/** The i-th summary, equal to the one added. */
export function summaryAt(c: AccountSummaryColumns, i: number): AccountSummary {
  const id = c.ids[i]
  if (id === undefined) throw new RangeError(`no account at ${i}: the columns hold ${c.size}`)
  const problems = c.problemSets[c.problemSet[i] as number] as ProblemCodes
  return {
    id,
    registered: c.registered[i] === 1,
    marketplace: textAt(c, c.marketplace[i] as number),
    kind: textAt(c, c.kind[i] as number),
    channelType: textAt(c, c.channelType[i] as number),
    channelRef: textAt(c, c.channelRef[i] as number),
    status: textAt(c, c.status[i] as number) as AccountStatus,
    registeredAt: instantOrNull(c.registeredAt[i] as number),
    firstEventAt: c.firstEventAt[i] as Instant,
    lastEventAt: c.lastEventAt[i] as Instant,
    sessions: c.sessions[i] as number,
    listings: c.listings[i] as number,
    updates: c.updates[i] as number,
    statuses: c.statuses[i] as number,
    verificationRecords: c.verificationRecords[i] as number,
    verifications: verificationsAt(c, i),
    problems: problems.problems,
    invalidKinds: problems.invalidKinds,
  }
}
