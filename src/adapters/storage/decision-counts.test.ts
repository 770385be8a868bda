// The daily-cap counters of migration 11 on both engines: countDecisionsByRule must give what counting the decisions
// themselves gives, for whole days and for any other range, on a store written after the migration and on one the
// migration filled.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { Client } from 'pg'
import { isOnesellerError } from '../../core/errors.ts'
import type { Action } from '../../core/policy/policy.ts'
import { type Instant, MS_PER_DAY, toInstant } from '../../core/time.ts'
import type { NewDecision, PolicyStore } from '../../ports/index.ts'
import { dayOf, planDecisionCount } from './decision-counts.ts'
import { PostgresEventStore } from './postgres/postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './postgres/throwaway-schemas.ts'
import { SqliteEventStore } from './sqlite/sqlite-event-store.ts'

const DAY = MS_PER_DAY
const T0 = Date.UTC(2026, 0, 1)
const APPROVE: Action = { type: 'approve', reason: 'no_rule_hit', scope: 'account' }
const DATABASE_URL = process.env.DATABASE_URL

/** Decisions spread over four days around T0 (and one before 1970): two policies, two versions, three rules, shadows. */
function someDecisions(): NewDecision[] {
  const decisions: NewDecision[] = []
  let state = 7
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
  for (let i = 0; i < 400; i++) {
    decisions.push({
      key: `k${i}`,
      account: `a${i % 37}`,
      policy: next() < 0.8 ? 'onboarding' : 'payouts',
      policyVersion: next() < 0.5 ? 1 : 2,
      rule: ['shared_bank', 'new_link', 'young'][Math.floor(next() * 3)] as string,
      trigger: 'registration',
      action: APPROVE,
      evidence: { features: {}, links: [] },
      mode: next() < 0.85 ? 'live' : 'shadow',
      sweep: null,
      actor: 'test',
      // Day starts and ends are where off-by-one errors live: a tenth of the decisions fall on one.
      at: toInstant(
        next() < 0.1
          ? T0 + Math.floor(next() * 4) * DAY - (next() < 0.5 ? 1 : 0)
          : T0 - DAY + Math.floor(next() * 4 * DAY),
      ),
    })
  }
  decisions.push({ ...(decisions[0] as NewDecision), key: 'before-1970', at: toInstant(-1) })
  return decisions
}

/** What the caps count, by brute force: live decisions of the policy in [from, to), per rule. */
function expectedCounts(decisions: readonly NewDecision[], policy: string, from: number, to: number) {
  const counts = new Map<string, number>()
  for (const d of decisions) {
    if (d.policy !== policy || d.mode !== 'live' || d.at < from || d.at >= to) continue
    counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1)
  }
  return counts
}

/** Whole days, parts of days, ranges across days, empty ranges and one before 1970. */
const RANGES: readonly (readonly [number, number])[] = [
  [T0, T0 + DAY],
  [T0 - DAY, T0],
  [T0 + DAY, T0 + 2 * DAY],
  [T0 - DAY, T0 + 3 * DAY],
  [T0 + 3 * 3_600_000, T0 + 9 * 3_600_000],
  [T0 + DAY / 2, T0 + DAY + DAY / 2],
  [T0 - 1, T0 + DAY + 1],
  [T0 + 1, T0 + 3 * DAY - 1],
  [T0 + DAY - 1, T0 + DAY],
  [T0 + 0.5, T0 + DAY + 0.5],
  [T0, T0],
  [T0 + DAY, T0],
  [-DAY, 0],
  [-10, 10],
]

async function assertCountsMatch(store: PolicyStore, decisions: readonly NewDecision[]): Promise<void> {
  for (const policy of ['onboarding', 'payouts', 'nothing']) {
    for (const [from, to] of RANGES) {
      assert.deepEqual(
        await store.countDecisionsByRule(policy, from as Instant, to as Instant),
        expectedCounts(decisions, policy, from, to),
        `${policy} in [${from - T0}, ${to - T0}) ms from T0`,
      )
    }
  }
}

interface Engine {
  /** A store with every migration applied; `reopen` opens the same database again (migrating what is missing). */
  open(): Promise<{ store: PolicyStore; close(): Promise<void>; reopen(): Promise<{ store: PolicyStore }> }>
  /** Runs SQL on the database behind the store's back. */
  exec(sql: string): Promise<void>
}

/** The schema as it was before migration 11: no counters, nothing to keep them. */
const BEFORE_MIGRATION_11_SQLITE = `
  DROP TRIGGER decision_counts_insert; DROP TRIGGER decision_counts_delete;
  DROP TRIGGER decision_counts_update_old; DROP TRIGGER decision_counts_update_new;
  DROP TABLE decision_counts; DELETE FROM schema_migrations WHERE version = 11`
const BEFORE_MIGRATION_11_POSTGRES = `
  DROP FUNCTION decision_counts_follow() CASCADE; DROP TABLE decision_counts;
  DELETE FROM schema_migrations WHERE version = 11`

function describeCounters(name: string, engine: () => Engine, before: string): void {
  describe(`${name}: daily-cap counters`, () => {
    it('counts live decisions per rule for whole days, parts of days and ranges across days', async () => {
      const e = engine()
      const { store, close } = await e.open()
      try {
        const decisions = someDecisions()
        const first = await store.recordDecisions(decisions)
        assert.deepEqual(
          [first.recorded, first.existing, first.decisions.length],
          [decisions.length, 0, decisions.length],
        )
        // Recording the same keys again changes no count.
        await store.recordDecisions(decisions.slice(0, 50))
        await assertCountsMatch(store, decisions)
      } finally {
        await close()
      }
    })

    it('counts one day apart from the next, and the versions of a policy together', async () => {
      const e = engine()
      const { store, close } = await e.open()
      try {
        const d = (key: string, at: number, policyVersion = 1): NewDecision => ({
          ...(someDecisions()[0] as NewDecision),
          key,
          policy: 'onboarding',
          policyVersion,
          rule: 'r',
          mode: 'live',
          at: toInstant(at),
        })
        await store.recordDecisions([d('v1', T0 + 10), d('v2', T0 + DAY - 1, 2), d('next', T0 + DAY)])
        assert.deepEqual(
          await store.countDecisionsByRule('onboarding', toInstant(T0), toInstant(T0 + DAY)),
          new Map([['r', 2]]),
        )
        assert.deepEqual(
          await store.countDecisionsByRule('onboarding', toInstant(T0 + DAY), toInstant(T0 + 2 * DAY)),
          new Map([['r', 1]]),
        )
      } finally {
        await close()
      }
    })

    it('follows decisions deleted or changed behind the store, and drops a rule whose count is back at zero', async () => {
      const e = engine()
      const { store, close } = await e.open()
      try {
        const decisions = someDecisions()
        await store.recordDecisions(decisions)
        const gone = decisions.filter((d) => d.mode === 'live' && d.policy === 'payouts').map((d) => d.key)
        const shadowed = decisions.filter((d) => d.mode === 'live' && d.policy === 'onboarding').slice(0, 40)
        const moved = decisions.filter((d) => d.mode === 'live' && d.policy === 'onboarding').slice(40, 60)
        const list = (keys: readonly string[]) => keys.map((k) => `'${k}'`).join(', ')
        await e.exec(`DELETE FROM decisions WHERE key IN (${list(gone)})`)
        await e.exec(`UPDATE decisions SET mode = 'shadow' WHERE key IN (${list(shadowed.map((d) => d.key))})`)
        await e.exec(
          `UPDATE decisions SET at = at + ${DAY}, rule = 'moved' WHERE key IN (${list(moved.map((d) => d.key))})`,
        )
        const now = decisions
          .filter((d) => !gone.includes(d.key))
          .map((d) => (shadowed.includes(d) ? { ...d, mode: 'shadow' as const } : d))
          .map((d) => (moved.includes(d) ? { ...d, at: toInstant(d.at + DAY), rule: 'moved' } : d))
        await assertCountsMatch(store, now)
        assert.deepEqual(
          await store.countDecisionsByRule('payouts', toInstant(T0 - DAY), toInstant(T0 + 4 * DAY)),
          new Map(),
        )
      } finally {
        await close()
      }
    })

    it('counts the decisions a store held before the migration', async () => {
      const e = engine()
      const opened = await e.open()
      try {
        const decisions = someDecisions()
        await e.exec(before)
        // Recorded as a version without the counters recorded them: decisions only.
        await opened.store.recordDecisions(decisions)
        const { store } = await opened.reopen()
        await assertCountsMatch(store, decisions)
      } finally {
        await opened.close()
      }
    })

    it('refuses a range whose bounds are not finite numbers', async () => {
      const { store, close } = await engine().open()
      try {
        await assert.rejects(
          store.countDecisionsByRule('onboarding', toInstant(0), Number.POSITIVE_INFINITY as Instant),
          (e) => isOnesellerError(e) && e.code === 'invalid_input' && /finite/.test(e.message),
        )
      } finally {
        await close()
      }
    })
  })
}

describe('planDecisionCount', () => {
  it('reads whole days from the counters and counts only the parts of days at the edges', () => {
    assert.deepEqual(planDecisionCount(T0, T0 + DAY), {
      days: { firstDay: dayOf(T0), lastDay: dayOf(T0) },
      partial: [],
    })
    assert.deepEqual(planDecisionCount(T0 - 5, T0 + 2 * DAY + 5), {
      days: { firstDay: dayOf(T0), lastDay: dayOf(T0) + 1 },
      partial: [
        { from: T0 - 5, to: T0, firstDay: dayOf(T0) - 1, lastDay: dayOf(T0) - 1 },
        { from: T0 + 2 * DAY, to: T0 + 2 * DAY + 5, firstDay: dayOf(T0) + 2, lastDay: dayOf(T0) + 2 },
      ],
    })
    assert.deepEqual(planDecisionCount(T0 + 5, T0 + 10), {
      days: undefined,
      partial: [{ from: T0 + 5, to: T0 + 10, firstDay: dayOf(T0), lastDay: dayOf(T0) }],
    })
    assert.deepEqual(planDecisionCount(T0, T0), { days: undefined, partial: [] })
    assert.equal(dayOf(-1), -1)
    assert.equal(dayOf(-DAY), -1)
    assert.equal(dayOf(0), 0)
  })
})

const dir = mkdtempSync(join(tmpdir(), 'oneseller-counts-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

describeCounters(
  'SQLite',
  () => {
    const file = join(dir, `store-${++files}.db`)
    const exec = async (sql: string) => {
      const db = new Database(file)
      try {
        db.exec(sql)
      } finally {
        db.close()
      }
    }
    const open = async () => {
      let events = SqliteEventStore.open(file)
      return {
        store: events.policyStore(),
        close: () => events.close(),
        reopen: async () => {
          await events.close()
          events = SqliteEventStore.open(file)
          return { store: events.policyStore() }
        },
      }
    }
    return { open, exec }
  },
  BEFORE_MIGRATION_11_SQLITE,
)

describe('PostgreSQL', { skip: postgresSkipReason(DATABASE_URL) }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())
  describeCounters(
    'PostgreSQL',
    () => {
      let url = ''
      const exec = async (sql: string) => {
        const client = new Client({ connectionString: url })
        await client.connect()
        try {
          await client.query(sql)
        } finally {
          await client.end()
        }
      }
      const open = async () => {
        const created = await schemas.create()
        url = created.url
        let events = await PostgresEventStore.open(created.url)
        let closed = false
        return {
          store: events.policyStore(),
          close: async () => {
            if (closed) return
            closed = true
            await events.close()
            await schemas.drop(created.schema)
          },
          reopen: async () => {
            await events.close()
            events = await PostgresEventStore.open(created.url)
            closed = false
            return { store: events.policyStore() }
          },
        }
      }
      return { open, exec }
    },
    BEFORE_MIGRATION_11_POSTGRES,
  )
})
