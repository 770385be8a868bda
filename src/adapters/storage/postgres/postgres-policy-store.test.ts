import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { escapeIdentifier } from 'pg'
import type { Action } from '../../../core/policy/policy.ts'
import { toInstant } from '../../../core/time.ts'
import type { NewDecision } from '../../../ports/index.ts'
import { describePolicyStoreContract } from '../../../ports/policy-store.contract.ts'
import { verifyAuditChain } from '../audit-chain.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)
const T0 = toInstant(Date.UTC(2026, 0, 1))
/** An action that records a decision and nothing more (no requirement, restriction or case): one audit record each. */
const APPROVE: Action = { type: 'approve', reason: 'no_rule_hit', scope: 'account' }

const aDecision = (key: string, account: string): NewDecision => ({
  key,
  account,
  policy: 'onboarding',
  policyVersion: 1,
  rule: 'r',
  trigger: 'sweep',
  action: APPROVE,
  evidence: { features: {}, links: [] },
  mode: 'live',
  sweep: null,
  actor: 'alice',
  at: T0,
})

describe('PostgresPolicyStore', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  describePolicyStoreContract(
    'PostgresPolicyStore',
    async () => {
      const { schema, url } = await schemas.create()
      const events = await PostgresEventStore.open(url)
      const audit = `${escapeIdentifier(schema)}.audit`
      let closed = false
      return {
        store: events.policyStore(),
        async editAuditDetail(seq, detail) {
          // As a database owner could: around the append-only trigger.
          await schemas.query(`ALTER TABLE ${audit} DISABLE TRIGGER audit_no_change`)
          await schemas.query(`UPDATE ${audit} SET detail = $1::json WHERE seq = $2`, [detail, seq])
        },
        async close() {
          if (closed) return
          closed = true
          await events.close()
          await schemas.drop(schema)
        },
      }
    },
    verifyAuditChain,
  )

  /** Two stores, each with a pool of its own, on one schema (dropped at the end of the file). */
  const openTwo = async () => {
    const { schema, url } = await schemas.create()
    const one = await PostgresEventStore.open(url)
    const two = await PostgresEventStore.open(url)
    return { schema, one, two, close: () => Promise.all([one.close(), two.close()]) }
  }

  it('gives two policies loaded at once through two pools different versions', async () => {
    const { one, two, close } = await openTwo()
    const load = (store: PostgresEventStore, by: string) =>
      Array.from({ length: 8 }, () =>
        store.policyStore().savePolicy({ name: 'onboarding', source: by, mode: 'live', loadedBy: by, at: T0 }),
      )
    const saved = await Promise.all([...load(one, 'alice'), ...load(two, 'bob')])
    assert.deepEqual(
      saved.map((p) => p.version).sort((x, y) => x - y),
      Array.from({ length: 16 }, (_, i) => i + 1),
    )
    assert.equal((await one.policyStore().getPolicy('onboarding'))?.version, 16)
    await close()
  })

  it('keeps one valid audit chain when two pools append and record at once', async () => {
    const { one, two, close } = await openTwo()
    const work = (store: PostgresEventStore, who: string) =>
      Array.from({ length: 15 }, (_, i) =>
        i % 2 === 0
          ? store.policyStore().appendAudit([
              { at: T0, actor: who, action: 'sweep.start', subject: `sweep:${who}${i}`, detail: { i } },
              { at: T0, actor: who, action: 'sweep.finish', subject: `sweep:${who}${i}`, detail: { i } },
            ])
          : store.policyStore().recordDecisions([aDecision(`${who}${i}a`, who), aDecision(`${who}${i}b`, who)]),
      )
    await Promise.all([...work(one, 'alice'), ...work(two, 'bob')])
    const audit = await one.policyStore().listAudit()
    assert.equal(audit.length, 2 * 15 * 2)
    assert.deepEqual(
      audit.map((r) => r.seq),
      Array.from({ length: 60 }, (_, i) => i + 1),
    )
    assert.deepEqual(verifyAuditChain(audit), { ok: true, checked: 60 })
    await close()
  })

  it('records each decision once when two pools record overlapping batches at once', async () => {
    const { one, two, close } = await openTwo()
    const batch = (from: number) =>
      Array.from({ length: 300 }, (_, i) => aDecision(`k${from + i}`, `a${(from + i) % 7}`))
    const [x, y] = await Promise.all([
      one.policyStore().recordDecisions(batch(0)),
      two.policyStore().recordDecisions(batch(100)),
    ])
    assert.equal(x.recorded + y.recorded, 400)
    assert.equal(x.existing + y.existing, 200)
    const keys = await one.policyStore().existingDecisionKeys(Array.from({ length: 500 }, (_, i) => `k${i}`))
    assert.equal(keys.size, 400)
    assert.deepEqual(verifyAuditChain(await two.policyStore().listAudit()), { ok: true, checked: 400 })
    await close()
  })

  it('refuses to change, delete or truncate audit records, whoever connects', async () => {
    const { schema, one, close } = await openTwo()
    await one.policyStore().appendAudit([{ at: T0, actor: 'alice', action: 'x', subject: 's', detail: {} }])
    const audit = `${escapeIdentifier(schema)}.audit`
    await assert.rejects(schemas.query(`UPDATE ${audit} SET actor = 'mallory'`), /append-only/)
    await assert.rejects(schemas.query(`DELETE FROM ${audit}`), /append-only/)
    await assert.rejects(schemas.query(`TRUNCATE ${audit}`), /append-only/)
    assert.equal((await one.policyStore().listAudit())[0]?.actor, 'alice')
    await close()
  })
})
