import type { AccountRecord } from '../core/interchange/index.ts'
import { type CatalogOptions, pickProduct, toListingDraft } from './catalog.ts'
import { drawSession, type SessionMix, sessionTailOf } from './network.ts'
import type { OpaqueIds } from './opaque-ids.ts'
import type { Random } from './random.ts'
import { formatTimestamp } from './timestamp.ts'

/** A record other than account, session or listing, planned at a time: update, verification, status. */
export interface TimedEvent {
  readonly at: number
  /** The record without `account` and `at`, e.g. `{ type: 'update', set: { phone: '…' } }`. */
  readonly record: { readonly type: 'update' | 'verification' | 'status' } & Record<string, unknown>
  /** A verification's face descriptor as JSON array text, appended to the record as `face`. */
  readonly face?: string
}

/** Who controls the account from `from` on: their devices, networks and products. */
export interface ControlEra {
  readonly from: number
  readonly mix: SessionMix
  readonly catalog: CatalogOptions
}

/** Everything needed to write one account's records. */
export interface AccountPlan {
  readonly registeredAt: number
  readonly lastActiveAt: number
  /** The `account` record's fields besides type, account and at. */
  readonly declaration: Omit<AccountRecord, 'type' | 'account' | 'at'>
  readonly sessions: number
  readonly listings: number
  /** Sorted by `from`; the first starts at registration. */
  readonly eras: readonly ControlEra[]
  /** Sessions drawn from another mix: an operator's slips (its home IP, a shared device). */
  readonly slips?: { readonly count: number; readonly mix: SessionMix }
  readonly events: readonly TimedEvent[]
}

/** Records of one kind, ordered by time: `times[i]` is when `lines[i]` happened. */
interface Timeline {
  readonly times: number[]
  readonly lines: string[]
}

function eraAt(eras: readonly ControlEra[], t: number): ControlEra {
  let era = eras[0] as ControlEra
  for (const e of eras) if (e.from <= t) era = e
  return era
}

function sortedTimes(rng: Random, count: number, from: number, to: number): number[] {
  const out: number[] = new Array(count)
  const span = Math.max(0, to - from)
  for (let i = 0; i < count; i++) out[i] = from + Math.floor(rng.float() * span)
  return out.sort((a, b) => a - b)
}

function sessionTimeline(rng: Random, id: string, plan: AccountPlan): Timeline {
  const first = plan.registeredAt + rng.between(10, 1200) * 1000
  const times = [first, ...sortedTimes(rng, plan.sessions - 1, first, plan.lastActiveAt)]
  const slipAt = new Set<number>()
  if (plan.slips) for (let i = 0; i < plan.slips.count; i++) slipAt.add(rng.int(times.length))
  const head = `{"type":"session","account":"${id}","at":"`
  const lines = new Array<string>(times.length)
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number
    const mix = plan.slips && slipAt.has(i) ? plan.slips.mix : eraAt(plan.eras, t).mix
    const s = drawSession(rng, mix, t)
    lines[i] = `${head}${formatTimestamp(t)}","ip":"${s.ip}${sessionTailOf(s.device)}`
  }
  return { times, lines }
}

function listingTimeline(rng: Random, ctx: { id: string; listingIds: OpaqueIds }, plan: AccountPlan): Timeline {
  const times = sortedTimes(rng, plan.listings, plan.registeredAt + 3_600_000, plan.lastActiveAt)
  const lines = new Array<string>(times.length)
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number
    const d = toListingDraft(pickProduct(rng, eraAt(plan.eras, t).catalog), plan.declaration.marketplace)
    // Written by hand for speed: only the title can need escaping; brand and category are plain ASCII.
    const brand = d.brand === undefined ? '' : `,"brand":"${d.brand}"`
    const images = d.imageHashes.length === 0 ? '' : `,"imageHashes":["${d.imageHashes.join('","')}"]`
    lines[i] =
      `{"type":"listing","account":"${ctx.id}","at":"${formatTimestamp(t)}","id":"${ctx.listingIds.next()}","title":${JSON.stringify(d.title)}${brand},"category":"${d.category}","price":${d.price},"currency":"${d.currency}"${images}}`
  }
  return { times, lines }
}

function eventTimeline(id: string, plan: AccountPlan): Timeline {
  const events = plan.events.map((e) => ({ e, t: Math.max(e.at, plan.registeredAt + 1000) })).sort((a, b) => a.t - b.t)
  const times = events.map((x) => x.t)
  const lines = events.map(({ e, t }) => {
    const { type, ...fields } = e.record
    const line = JSON.stringify({ type, account: id, at: formatTimestamp(t), ...fields })
    return e.face === undefined ? line : `${line.slice(0, -1)},"face":${e.face}}`
  })
  return { times, lines }
}

/** The account's records as NDJSON lines, ordered by `at` (the account record first). */
export function renderAccount(rng: Random, ctx: { id: string; listingIds: OpaqueIds }, plan: AccountPlan): string[] {
  const timelines = [sessionTimeline(rng, ctx.id, plan), listingTimeline(rng, ctx, plan), eventTimeline(ctx.id, plan)]
  // The declaration always has fields (at least the marketplace): splice it in after type, account and at.
  const out = [
    `{"type":"account","account":"${ctx.id}","at":"${formatTimestamp(plan.registeredAt)}",${JSON.stringify(plan.declaration).slice(1)}`,
  ]
  const next = [0, 0, 0]
  for (;;) {
    let best = -1
    let bestT = Number.POSITIVE_INFINITY
    for (let k = 0; k < 3; k++) {
      const t = (timelines[k] as Timeline).times[next[k] as number]
      if (t !== undefined && t < bestT) {
        bestT = t
        best = k
      }
    }
    if (best < 0) return out
    out.push((timelines[best] as Timeline).lines[next[best] as number] as string)
    next[best] = (next[best] as number) + 1
  }
}
