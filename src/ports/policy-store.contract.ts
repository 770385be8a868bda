import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { isOnesellerError } from '../core/errors.ts'
import type { Action } from '../core/policy/policy.ts'
import { MS_PER_DAY, toInstant } from '../core/time.ts'
import type { AuditRecord, NewDecision, PolicyStore } from './policy-store.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const at = (ms: number) => toInstant(T0 + ms)

const REQUIRE_ID: Extract<Action, { type: 'require_verification' }> = {
  type: 'require_verification',
  reason: 'shared_bank_account',
  scope: 'account',
  methods: ['id_document', 'utility_bill'],
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
}
const REVIEW: Action = { type: 'review', reason: 'new_link', scope: 'cluster', priority: 'high' }

const aDecision = (over: Partial<NewDecision> = {}): NewDecision => ({
  key: 'k1',
  account: 'a1',
  policy: 'onboarding',
  policyVersion: 1,
  rule: 'shared_bank',
  trigger: 'sweep',
  action: REQUIRE_ID,
  evidence: {
    features: { 'account.age_days': 3, 'cluster.size': 4, 'account.verified': [] },
    links: [{ other: 'a2', score: 12.5, shared: ['bank_account', 'phone'] }],
  },
  mode: 'live',
  sweep: 'sw1',
  actor: 'alice',
  at: T0,
  ...over,
})

const aPolicy = (over: Partial<Parameters<PolicyStore['savePolicy']>[0]> = {}) => ({
  name: 'onboarding',
  source: 'name: onboarding\nrules: []\n',
  mode: 'live' as const,
  loadedBy: 'alice',
  at: T0,
  ...over,
})

/** The store under test and what a test needs beyond the port: changing a row behind the store's back. */
export interface PolicyStoreFixture {
  readonly store: PolicyStore
  /** Overwrites the detail (JSON text) of one audit record in the database, as someone with access to it could. */
  editAuditDetail(seq: number, detail: string): Promise<void>
  /** Closes the store (and drops what the fixture created); a second call does nothing. */
  close(): Promise<void>
}

/**
 * The behaviour every {@link PolicyStore} must have; each adapter runs this suite. `verify` is the audit chain
 * verifier, passed in because it lives with the adapters (it hashes with node:crypto).
 */
export function describePolicyStoreContract(
  name: string,
  open: () => Promise<PolicyStoreFixture>,
  verify: (records: readonly AuditRecord[]) => unknown,
): void {
  describe(`${name} satisfies PolicyStore`, () => {
    let fixture: PolicyStoreFixture
    let store: PolicyStore
    beforeEach(async () => {
      fixture = await open()
      store = fixture.store
    })
    afterEach(async () => {
      await fixture.close()
    })

    describe('policies', () => {
      it('numbers the versions of each name from 1, and finds the latest or a given one', async () => {
        const v1 = await store.savePolicy(aPolicy())
        const v2 = await store.savePolicy(aPolicy({ source: 'v2', mode: 'shadow', loadedBy: 'bob', at: at(10) }))
        const other = await store.savePolicy(aPolicy({ name: 'payouts', at: at(5) }))
        assert.deepEqual([v1.version, v2.version, other.version], [1, 2, 1])
        assert.deepEqual(v2, {
          name: 'onboarding',
          version: 2,
          source: 'v2',
          mode: 'shadow',
          loadedBy: 'bob',
          loadedAt: at(10),
        })
        assert.deepEqual(await store.getPolicy('onboarding'), v2)
        assert.deepEqual(await store.getPolicy('onboarding', 1), v1)
        assert.equal(await store.getPolicy('onboarding', 3), undefined)
        assert.equal(await store.getPolicy('unknown'), undefined)
        assert.deepEqual(await store.listPolicies(), [v2, other, v1])
      })

      it('records each load in the audit trail, with the SHA-256 of the source', async () => {
        await store.savePolicy(aPolicy())
        const [record] = await store.listAudit()
        assert.equal(record?.action, 'policy.load')
        assert.equal(record?.subject, 'policy:onboarding@1')
        assert.equal(record?.actor, 'alice')
        assert.equal(record?.at, T0)
        assert.equal(record?.detail.mode, 'live')
        assert.match(String(record?.detail.source_sha256), /^[0-9a-f]{64}$/)
      })
    })

    describe('decisions', () => {
      it('records decisions with their evidence, in order, and hands them back as recorded', async () => {
        const batch = [
          aDecision(),
          aDecision({ key: 'k2', action: REVIEW, rule: 'new_link', trigger: 'event', sweep: null }),
          aDecision({ key: 'k3', account: 'a2', evidence: { features: {}, links: [], via: 'a1' } }),
        ]
        const result = await store.recordDecisions(batch)
        assert.deepEqual([result.recorded, result.existing], [3, 0])
        const a1 = await store.decisionsOf('a1')
        const [a2stored] = await store.decisionsOf('a2')
        // The new decisions come back as they are stored, ids included.
        assert.deepEqual(result.decisions, [...a1, a2stored])
        assert.deepEqual(
          a1.map(({ id: _, ...d }) => d),
          [batch[0], batch[1]],
        )
        assert.ok(a1[0]!.id < a1[1]!.id)
        const [a2] = await store.decisionsOf('a2')
        assert.deepEqual(a2?.evidence.via, 'a1')
        assert.ok(a2!.id > a1[1]!.id)
        assert.deepEqual(await store.decisionsOf('nobody'), [])
      })

      it('hands back only the decisions it recorded: a key recorded before is counted as existing', async () => {
        await store.recordDecisions([aDecision()])
        const again = await store.recordDecisions([aDecision(), aDecision({ key: 'k2', account: 'a2' })])
        assert.deepEqual([again.recorded, again.existing], [1, 1])
        assert.deepEqual(
          again.decisions.map((d) => d.key),
          ['k2'],
        )
        assert.deepEqual(again.decisions, await store.decisionsOf('a2'))
      })

      it('creates a requirement for a live require_verification decision, due deadlineDays later', async () => {
        await store.recordDecisions([aDecision({ at: at(1_000) })])
        const [decision] = await store.decisionsOf('a1')
        assert.deepEqual(
          (await store.requirementsOf('a1')).map(({ id: _, ...r }) => r),
          [
            {
              account: 'a1',
              decision: decision!.id,
              methods: ['id_document', 'utility_bill'],
              deadline: at(1_000 + 7 * MS_PER_DAY),
              state: 'requested',
              createdAt: at(1_000),
              updatedAt: at(1_000),
              onExpiry: 'suspend',
              reinstateOnLatePass: true,
              progress: {},
              remindersSent: 0,
              nextReminderAt: at(1_000 + 4 * MS_PER_DAY),
              resolvedAt: null,
            },
          ],
        )
      })

      it('imposes the restriction of a live suspension after its notice days, and audits it', async () => {
        const suspend: Action = { type: 'suspend', reason: 'farm_documents', scope: 'account', noticeDays: 30 }
        await store.recordDecisions([
          aDecision({ key: 's1', action: suspend, at: at(5) }),
          aDecision({ key: 's2', action: suspend, mode: 'shadow' }),
          aDecision({ key: 'h1', account: 'a2', action: { type: 'hold_payouts', reason: 'x', scope: 'account' } }),
        ])
        const created = (await store.listAudit()).filter((r) => r.action === 'restriction.create')
        assert.deepEqual(
          created.map((r) => [r.subject, r.detail.kind, r.detail.effective_at]),
          [
            ['a1', 'suspend', at(5 + 30 * MS_PER_DAY)],
            ['a2', 'hold_payouts', T0],
          ],
        )
      })

      it('records shadow decisions and other actions without creating a requirement', async () => {
        await store.recordDecisions([aDecision({ mode: 'shadow' }), aDecision({ key: 'k2', action: REVIEW })])
        assert.equal((await store.decisionsOf('a1')).length, 2)
        assert.deepEqual(await store.requirementsOf('a1'), [])
      })

      it('audits each decision and each requirement, in the order recorded, on one valid chain', async () => {
        await store.recordDecisions([
          aDecision(),
          aDecision({ key: 'k2', account: 'a2', action: REVIEW, mode: 'shadow' }),
        ])
        const [d1] = await store.decisionsOf('a1')
        const [d2] = await store.decisionsOf('a2')
        const [req] = await store.requirementsOf('a1')
        const audit = await store.listAudit()
        assert.deepEqual(
          audit.map((r) => ({
            seq: r.seq,
            action: r.action,
            subject: r.subject,
            actor: r.actor,
            at: r.at,
            detail: r.detail,
          })),
          [
            {
              seq: 1,
              action: 'decision.record',
              subject: 'a1',
              actor: 'alice',
              at: T0,
              detail: {
                decision: d1!.id,
                policy: 'onboarding@1',
                rule: 'shared_bank',
                action: 'require_verification',
                reason: 'shared_bank_account',
                mode: 'live',
                sweep: 'sw1',
              },
            },
            {
              seq: 2,
              action: 'requirement.create',
              subject: 'a1',
              actor: 'alice',
              at: T0,
              detail: {
                requirement: req!.id,
                decision: d1!.id,
                methods: ['id_document', 'utility_bill'],
                deadline: T0 + 7 * MS_PER_DAY,
              },
            },
            {
              seq: 3,
              action: 'decision.record',
              subject: 'a2',
              actor: 'alice',
              at: T0,
              detail: {
                decision: d2!.id,
                policy: 'onboarding@1',
                rule: 'shared_bank',
                action: 'review',
                reason: 'new_link',
                mode: 'shadow',
                sweep: 'sw1',
              },
            },
          ],
        )
        assert.deepEqual(verify(audit), { ok: true, checked: 3 })
      })

      it('changes nothing when the same batch is recorded again, and counts its keys as existing', async () => {
        const batch = [aDecision(), aDecision({ key: 'k2', account: 'a2' })]
        await store.recordDecisions(batch)
        const before = {
          decisions: [...(await store.decisionsOf('a1')), ...(await store.decisionsOf('a2'))],
          requirements: [...(await store.requirementsOf('a1')), ...(await store.requirementsOf('a2'))],
          audit: await store.listAudit(),
        }
        assert.deepEqual(counts(await store.recordDecisions(batch)), { recorded: 0, existing: 2 })
        assert.deepEqual(counts(await store.recordDecisions([...batch, aDecision({ key: 'k3' })])), {
          recorded: 1,
          existing: 2,
        })
        const decisions = [...(await store.decisionsOf('a1')), ...(await store.decisionsOf('a2'))]
        assert.deepEqual(
          decisions.filter((d) => d.key !== 'k3'),
          before.decisions,
        )
        assert.equal((await store.requirementsOf('a1')).length + (await store.requirementsOf('a2')).length, 3)
        assert.deepEqual((await store.listAudit()).slice(0, before.audit.length), before.audit)
      })

      it('records a key given twice in one batch once: the first', async () => {
        assert.deepEqual(counts(await store.recordDecisions([aDecision(), aDecision({ rule: 'second' })])), {
          recorded: 1,
          existing: 1,
        })
        assert.deepEqual(
          (await store.decisionsOf('a1')).map((d) => d.rule),
          ['shared_bank'],
        )
      })

      it('stores nothing of a batch when one of its rows is refused, and records the batch once corrected', async () => {
        await store.recordDecisions([aDecision({ key: 'k0', account: 'a0' })])
        const auditBefore = await store.listAudit()
        // The last decision demands a verification by no method: the requirements table refuses it, after the
        // decisions, requirements and audit records before it were written in the same transaction.
        const batch = [
          aDecision(),
          aDecision({ key: 'k2', action: REVIEW }),
          aDecision({ key: 'k3', account: 'a2', action: { ...REQUIRE_ID, methods: [] } }),
        ]
        await assert.rejects(store.recordDecisions(batch), (e) => {
          assert.ok(isOnesellerError(e))
          assert.equal(e.code, 'invalid_input')
          assert.match(e.message, /recording 3 decisions failed/)
          return true
        })
        assert.deepEqual(await store.decisionsOf('a1'), [])
        assert.deepEqual(await store.decisionsOf('a2'), [])
        assert.deepEqual(await store.requirementsOf('a1'), [])
        assert.deepEqual(await store.listAudit(), auditBefore)
        assert.deepEqual(await store.existingDecisionKeys(['k1', 'k2', 'k3']), new Set())
        assert.deepEqual(counts(await store.recordDecisions(batch.slice(0, 2))), { recorded: 2, existing: 0 })
        // k0: decision and requirement; k1: the same; k2, a review: decision and its case.
        assert.deepEqual(verify(await store.listAudit()), { ok: true, checked: 6 })
      })

      it('records a batch larger than one statement, and finds which of 12,000 keys exist', async () => {
        const n = 10_050
        const batch = Array.from({ length: n }, (_, i) =>
          aDecision({ key: `big${i}`, account: `s${i % 97}`, action: REVIEW, mode: 'shadow' }),
        )
        assert.deepEqual(counts(await store.recordDecisions(batch)), { recorded: n, existing: 0 })
        const keys = Array.from({ length: 12_000 }, (_, i) => `big${i}`)
        const found = await store.existingDecisionKeys(keys)
        assert.equal(found.size, n)
        assert.ok(found.has('big0') && found.has(`big${n - 1}`) && !found.has(`big${n}`))
        const audit = await store.listAudit()
        assert.equal(audit.length, n)
        assert.deepEqual(verify(audit), { ok: true, checked: n })
      })

      it('finds the recorded keys among those asked, and none in an empty list', async () => {
        await store.recordDecisions([aDecision(), aDecision({ key: 'k2' })])
        assert.deepEqual(await store.existingDecisionKeys(['k2', 'k9', 'k1']), new Set(['k1', 'k2']))
        assert.deepEqual(await store.existingDecisionKeys([]), new Set())
      })
    })

    describe('counts', () => {
      it('counts live decisions per rule of a policy in [from, to)', async () => {
        await store.recordDecisions([
          aDecision({ key: 'before', at: at(-1) }),
          aDecision({ key: 'first', at: at(0) }),
          aDecision({ key: 'other-rule', rule: 'new_link', action: REVIEW, at: at(500) }),
          aDecision({ key: 'second', account: 'a2', at: at(MS_PER_DAY - 1) }),
          aDecision({ key: 'next-day', at: at(MS_PER_DAY) }),
          aDecision({ key: 'shadow', mode: 'shadow', at: at(10) }),
          aDecision({ key: 'other-policy', policy: 'payouts', at: at(10) }),
          aDecision({ key: 'v2', policyVersion: 2, at: at(20) }),
        ])
        assert.deepEqual(
          await store.countDecisionsByRule('onboarding', T0, at(MS_PER_DAY)),
          new Map([
            ['shared_bank', 3],
            ['new_link', 1],
          ]),
        )
        assert.deepEqual(await store.countDecisionsByRule('nothing', T0, at(MS_PER_DAY)), new Map())
      })

      it('counts per account the live decisions and the requirements still open, skipping accounts with neither', async () => {
        await store.recordDecisions([
          aDecision({ key: 'a1-req' }),
          aDecision({ key: 'a1-review', action: REVIEW }),
          aDecision({ key: 'a1-shadow', mode: 'shadow' }),
          aDecision({ key: 'a2-review', account: 'a2', action: REVIEW }),
          aDecision({ key: 'a3-shadow', account: 'a3', mode: 'shadow' }),
        ])
        assert.deepEqual(
          await store.historyCounts(),
          new Map([
            ['a1', { decisions: 2, openRequirements: 1 }],
            ['a2', { decisions: 1, openRequirements: 0 }],
          ]),
        )
      })
    })

    describe('sweeps', () => {
      const run = { id: 'sw1', policy: 'onboarding', policyVersion: 1, startedBy: 'alice', at: T0 }

      it('starts a sweep, counts the decisions it records, and finishes it', async () => {
        const started = await store.startSweep(run)
        assert.deepEqual(started, {
          id: 'sw1',
          policy: 'onboarding',
          policyVersion: 1,
          startedBy: 'alice',
          startedAt: T0,
          finishedAt: null,
          state: 'running',
          decided: 0,
        })
        await store.recordDecisions([
          aDecision(),
          aDecision({ key: 'k2', account: 'a2' }),
          aDecision({ key: 'x', sweep: null }),
        ])
        await store.recordDecisions([aDecision(), aDecision({ key: 'k3', account: 'a3', mode: 'shadow' })])
        assert.equal((await store.getSweep('sw1'))?.decided, 3)
        const finished = await store.finishSweep('sw1', 'finished', at(60_000))
        assert.deepEqual(finished, { ...started, finishedAt: at(60_000), state: 'finished', decided: 3 })
        assert.deepEqual(await store.getSweep('sw1'), finished)
        assert.equal(await store.getSweep('sw2'), undefined)
      })

      it('refuses to start a sweep id twice, to finish a sweep twice, or one never started', async () => {
        await store.startSweep(run)
        await assert.rejects(store.startSweep(run), (e) => isOnesellerError(e) && e.code === 'conflict')
        await store.finishSweep('sw1', 'failed', at(1))
        await assert.rejects(
          store.finishSweep('sw1', 'finished', at(2)),
          (e) => isOnesellerError(e) && e.code === 'conflict' && /already failed/.test(e.message),
        )
        assert.equal((await store.getSweep('sw1'))?.state, 'failed')
        await assert.rejects(
          store.finishSweep('nope', 'finished', at(2)),
          (e) => isOnesellerError(e) && e.code === 'not_found',
        )
      })
    })

    describe('audit trail', () => {
      const entry = (i: number, subject = 'sweep:sw1') => ({
        at: at(i),
        actor: 'alice',
        action: 'sweep.start',
        subject,
        detail: { i, nested: { b: 2, a: [1, 'x', null] } },
      })

      it('appends records in order, chaining each to the one before across calls', async () => {
        await store.appendAudit([entry(1), entry(2)])
        await store.savePolicy(aPolicy())
        await store.appendAudit([entry(3)])
        await store.appendAudit([])
        const audit = await store.listAudit()
        assert.deepEqual(
          audit.map((r) => [r.seq, r.action]),
          [
            [1, 'sweep.start'],
            [2, 'sweep.start'],
            [3, 'policy.load'],
            [4, 'sweep.start'],
          ],
        )
        assert.deepEqual(audit[0]?.detail, { i: 1, nested: { b: 2, a: [1, 'x', null] } })
        assert.deepEqual(verify(audit), { ok: true, checked: 4 })
        assert.notEqual(audit[0]?.hash, audit[1]?.hash)
      })

      it('lists after a seq, at most a limit, and by subject', async () => {
        await store.appendAudit([entry(1, 'a1'), entry(2, 'a2'), entry(3, 'a1'), entry(4, 'a1')])
        assert.deepEqual(
          (await store.listAudit({ afterSeq: 1, limit: 2 })).map((r) => r.seq),
          [2, 3],
        )
        assert.deepEqual(
          (await store.listAudit({ subject: 'a1' })).map((r) => r.seq),
          [1, 3, 4],
        )
        assert.deepEqual(
          (await store.listAudit({ subject: 'a1', afterSeq: 1, limit: 1 })).map((r) => r.seq),
          [3],
        )
        assert.deepEqual(await store.listAudit({ afterSeq: 4 }), [])
      })

      it('lets the verifier find a record whose detail was edited in the database', async () => {
        await store.recordDecisions([aDecision(), aDecision({ key: 'k2', account: 'a2' })])
        const before = await store.listAudit()
        assert.deepEqual(verify(before), { ok: true, checked: 4 })
        await fixture.editAuditDetail(3, JSON.stringify({ ...before[2]?.detail, rule: 'harmless' }))
        const after = await store.listAudit()
        assert.equal(after[2]?.detail.rule, 'harmless')
        assert.deepEqual(verify(after), { ok: false, brokenAt: 3, reason: 'its hash does not match its content' })
      })
    })

    it('reports a closed store as unavailable, naming what failed', async () => {
      await fixture.close()
      await assert.rejects(store.recordDecisions([aDecision()]), (e) => {
        assert.ok(isOnesellerError(e))
        assert.equal(e.code, 'storage_unavailable')
        assert.match(e.message, /recording 1 decisions failed/)
        return true
      })
      await assert.rejects(store.listAudit(), (e) => isOnesellerError(e) && e.code === 'storage_unavailable')
    })
  })
}

/** The counts of a `recordDecisions` answer (without the decisions it hands back). */
function counts(r: { readonly recorded: number; readonly existing: number }): { recorded: number; existing: number } {
  return { recorded: r.recorded, existing: r.existing }
}
