import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { someFeatures } from '../../../test/builders/features.ts'
import type { AccountFeatures, ClusterFeatures, Features } from '../features/index.ts'
import { actionHits, evaluatePolicy } from './evaluate-policy.ts'
import { type CompiledPolicy, parsePolicy } from './parse-policy.ts'
import { type EvaluateRules, planSweep, type SweepSubject } from './plan-sweep.ts'
import { reportSweep } from './sweep-report.ts'

function compile(source: string): CompiledPolicy {
  const parsed = parsePolicy(source, 'p.yaml')
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.error, null, 2))
  return parsed.value
}

const evaluator =
  (policy: CompiledPolicy): EvaluateRules =>
  (f) => {
    const hits = evaluatePolicy(policy, f, 'sweep')
    return {
      hits: actionHits(hits),
      errors: hits.flatMap((h) => (h.kind === 'error' ? [{ rule: h.rule.id, message: h.message }] : [])),
    }
  }

interface Row {
  account?: Partial<AccountFeatures>
  cluster?: Partial<ClusterFeatures>
  /** Accounts of its cluster (itself included). */
  members?: string[]
}

/** A fixed population: what the planner sees of a store. */
function subjectOf(rows: Record<string, Row>): SweepSubject {
  const ids = Object.keys(rows)
  const features: Features[] = ids.map((id) => {
    const r = rows[id] as Row
    return someFeatures({
      account: { id, ...r.account },
      cluster: { size: r.members?.length ?? 1, ...r.cluster },
    })
  })
  return {
    size: ids.length,
    accountAt: (i) => ids[i] as string,
    features: (i) => features[i] as Features,
    clusterIndices: (i) => (rows[ids[i] as string]?.members ?? [ids[i] as string]).map((m) => ids.indexOf(m)),
  }
}

const POLICY = compile(`
policy: test
rules:
  - id: failed-docs
    on: [sweep]
    when: '"id_document" in account.failed_verifications'
    action: { type: suspend, reason: failed_documents }
  - id: linked-deactivated
    on: [sweep]
    when: cluster.deactivated > 0
    action: { type: require_verification, reason: linked, methods: [video], deadline_days: 7 }
  - id: farm-review
    on: [sweep]
    when: account.channel_ref == "partner-9"
    action: { type: review, reason: farm, priority: high, scope: cluster }
  - id: not-for-sweeps
    on: [registration]
    when: 'true'
    action: { type: deactivate, reason: never_in_a_sweep }
`)

describe('planSweep', () => {
  it('plans one action per account: the most severe of the rules that hit it', () => {
    const plan = planSweep(
      subjectOf({
        a: { account: { failed_verifications: ['id_document'] }, cluster: { deactivated: 1 } },
        b: { cluster: { deactivated: 2 } },
        c: {},
      }),
      evaluator(POLICY),
    )
    assert.deepEqual(
      plan.actions.map((p) => [p.account, p.rule.id]),
      [
        ['a', 'failed-docs'],
        ['b', 'linked-deactivated'],
      ],
    )
    assert.equal(plan.hitsByRule.get('linked-deactivated'), 2, 'a matched it too, though suspension won')
    assert.equal(plan.evaluated, 3)
  })

  it('extends a cluster-scoped action to every registered member, keeping where it came from', () => {
    const members = ['f1', 'f2', 'f3', 'ghost']
    const plan = planSweep(
      subjectOf({
        f1: { account: { channel_ref: 'partner-9' }, members },
        f2: { members, account: { failed_verifications: ['id_document'] } },
        f3: { members },
        ghost: { members, account: { registered: false } },
        other: {},
      }),
      evaluator(POLICY),
    )
    const by = new Map(plan.actions.map((p) => [p.account, p]))
    assert.equal(by.get('f1')?.via, undefined)
    assert.equal(by.get('f3')?.via, 'f1')
    assert.equal(by.get('f3')?.action.type, 'review')
    assert.equal(by.get('f2')?.rule.id, 'failed-docs', 'its own suspension is more severe than the review')
    assert.ok(!by.has('ghost'), 'an account not registered yet has nothing to decide on')
    assert.ok(!by.has('other'))
  })

  it('walks a cluster once per cluster-scoped rule, however many of its members the rule hits', () => {
    const members = Array.from({ length: 50 }, (_, i) => `m${i}`)
    const rows = Object.fromEntries(members.map((m) => [m, { account: { channel_ref: 'partner-9' }, members }]))
    const subject = subjectOf(rows)
    let walks = 0
    const counted = {
      ...subject,
      clusterIndices: (i: number) => {
        walks++
        return subject.clusterIndices(i)
      },
    }
    const plan = planSweep(counted, evaluator(POLICY))
    assert.equal(walks, 1)
    assert.equal(plan.actions.length, 50)
    assert.ok(
      plan.actions.every((p) => p.via === undefined),
      'each member hit on its own keeps its own evidence',
    )
  })

  it('keeps hits in columns, and builds each action, its evidence evaluated again, only when asked', () => {
    const members = ['f1', 'f2', 'f3']
    let evaluations = 0
    const counting: EvaluateRules = (f) => {
      evaluations++
      return evaluator(POLICY)(f)
    }
    const plan = planSweep(
      subjectOf({
        quiet: {},
        f1: { account: { channel_ref: 'partner-9' }, members },
        f2: { members, account: { failed_verifications: ['id_document'] } },
        f3: { members },
      }),
      counting,
    )
    const planned = evaluations
    const { hits } = plan
    assert.deepEqual(
      Array.from({ length: hits.count }, (_, k) => [hits.indexAt(k), hits.accountAt(k), hits.ruleAt(k).id]),
      [
        [1, 'f1', 'farm-review'],
        [2, 'f2', 'failed-docs'],
        [3, 'f3', 'farm-review'],
      ],
    )
    assert.equal(hits.actionAt(2).type, 'review')
    assert.equal(evaluations, planned, 'reading the columns evaluates nothing again')
    const f3 = hits.plannedAt(2)
    assert.equal(evaluations, planned + 1, 'once, for the member whose hit reached f3')
    assert.deepEqual(
      [f3.account, f3.via, f3.evidence, f3.facts.clusterSize],
      ['f3', 'f1', { 'account.channel_ref': 'partner-9' }, 3],
    )
    assert.deepEqual(
      plan.actions,
      [0, 1, 2].map((k) => hits.plannedAt(k)),
    )
    assert.throws(() => hits.plannedAt(3), RangeError)
  })

  it('ignores rules of other triggers, and counts conditions that fail at run time', () => {
    const failing = compile(`
policy: t
rules:
  - id: ratio
    on: [sweep]
    when: cluster.deactivated / (cluster.size - 1) > 0
    action: { type: review, reason: r, priority: low }
`)
    const plan = planSweep(
      subjectOf({ solo: {}, pair: { members: ['pair', 'solo'], cluster: { deactivated: 1 } } }),
      evaluator(failing),
    )
    assert.equal(plan.errorCount, 1, 'division by zero for the unlinked account')
    assert.equal(plan.errors[0]?.account, 'solo')
    assert.deepEqual(
      plan.actions.map((p) => p.account),
      ['pair'],
    )
    const none = planSweep(subjectOf({ x: {} }), evaluator(POLICY))
    assert.equal(none.actions.length, 0, 'the registration rule hits everyone but never in a sweep')
  })
})

describe('reportSweep', () => {
  const subject = subjectOf({
    old: { account: { age_days: 800, marketplace: 'DE', failed_verifications: ['id_document'] } },
    weak: {
      account: { marketplace: 'US' },
      cluster: { deactivated: 1, strong_evidence: false },
      members: ['weak', 'd'],
    },
    strong: {
      account: { marketplace: 'US', age_days: 400 },
      cluster: { deactivated: 1, strong_evidence: true },
      members: ['strong', 'd'],
    },
    d: { account: { status: 'deactivated' } },
    quiet: {},
  })
  const plan = planSweep(subject, evaluator(POLICY))
  const kept = plan.actions

  it('counts hits by action, rule, marketplace and cluster size', () => {
    const r = reportSweep(plan, { kept, exempted: [], capped: [] }, POLICY.rules)
    assert.equal(r.evaluated, 5)
    assert.equal(r.hit, 3)
    assert.equal(r.byAction.suspend, 1)
    assert.equal(r.byAction.require_verification, 2)
    assert.deepEqual(
      r.byRule.map((x) => [x.rule, x.matched, x.kept]),
      [
        ['failed-docs', 1, 1],
        ['linked-deactivated', 2, 2],
        ['farm-review', 0, 0],
        ['not-for-sweeps', 0, 0],
      ],
    )
    assert.deepEqual(
      r.byMarketplace.map((m) => [m.marketplace, m.hit]),
      [
        ['US', 2],
        ['DE', 1],
      ],
    )
    assert.equal(r.byClusterSize.find((b) => b.bucket === '2-5')?.hit, 2)
  })

  it('singles out weak evidence and long-standing sellers who would lose selling privileges', () => {
    const r = reportSweep(plan, { kept, exempted: [], capped: [] }, POLICY.rules)
    assert.equal(r.weakEvidenceOnly, 1, 'the link-based hit with no personal evidence')
    assert.deepEqual(r.losingPrivileges, { immediately: 1, onMissedDeadline: 2 })
    assert.deepEqual(r.longStandingLosingPrivileges, { immediately: 1, onMissedDeadline: 1 })
  })

  it('reports what the guards held back per rule', () => {
    const [first, ...rest] = kept
    const r = reportSweep(plan, { kept: rest, exempted: first ? [first] : [], capped: [] }, POLICY.rules)
    assert.equal(r.hit, 2)
    assert.equal(r.exempted, 1)
    assert.equal(r.byRule.find((x) => x.rule === 'failed-docs')?.exempted, 1)
  })

  it('measures the hits against ground truth by role', () => {
    const truth = new Map([
      ['old', 'farm'],
      ['weak', 'innocent_tower'],
      ['strong', 'multi_account'],
      ['d', 'multi_account'],
      ['quiet', 'independent'],
    ])
    const r = reportSweep(plan, { kept, exempted: [], capped: [] }, POLICY.rules, { truth })
    assert.equal(r.truth?.honestHit, 1)
    assert.equal(r.truth?.precision, 2 / 3)
    assert.deepEqual(
      r.truth?.roles.find((x) => x.role === 'multi_account'),
      { role: 'multi_account', accounts: 2, hit: 1 },
    )
  })

  it('samples every rule that hit', () => {
    const r = reportSweep(plan, { kept, exempted: [], capped: [] }, POLICY.rules, { sampleSize: 2 })
    assert.deepEqual(new Set(r.sample.map((p) => p.rule.id)), new Set(['failed-docs', 'linked-deactivated']))
  })
})
