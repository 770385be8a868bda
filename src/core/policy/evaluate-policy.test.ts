import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { someFeatures } from '../../../test/builders/features.ts'
import type { HistoryFeatures } from '../features/index.ts'
import { type ActionHit, evaluatePolicy, mostSevere, type RuleHit } from './evaluate-policy.ts'
import { type CompiledPolicy, parsePolicy } from './parse-policy.ts'

function compile(source: string): CompiledPolicy {
  const parsed = parsePolicy(source, 'p.yaml')
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.error, null, 2))
  return parsed.value
}

const ids = (hits: readonly RuleHit[]) => hits.map((h) => `${h.kind}:${h.rule.id}`)

/** One rule per action type, all hitting an account linked to a deactivated one. */
const everyAction = compile(`policy: every-action
rules:
  - id: approve
    on: sweep
    when: cluster.deactivated == 0
    action: { type: approve, reason: clean }
  - id: review
    on: sweep
    when: cluster.deactivated > 0
    action: { type: review, reason: linked, priority: urgent, scope: cluster }
  - id: verify
    on: sweep
    when: cluster.deactivated > 0 && cluster.strong_evidence
    action: { type: require_verification, reason: linked, methods: [id_document, video], deadline_days: 7 }
  - id: hold
    on: sweep
    when: cluster.deactivated > 1
    action: { type: hold_payouts, reason: linked }
  - id: suspend
    on: sweep
    when: cluster.deactivated > 2
    action: { type: suspend, reason: linked, notice_days: 3 }
  - id: deactivate
    on: sweep
    when: cluster.deactivated > 3 && account.status == "active"
    action: { type: deactivate, reason: linked }
`)

describe('evaluatePolicy', () => {
  it('returns the rules whose condition holds, in rule order, each with its action', () => {
    const hits = evaluatePolicy(
      everyAction,
      someFeatures({ cluster: { deactivated: 2, strong_evidence: true } }),
      'sweep',
    )
    assert.deepEqual(ids(hits), ['action:review', 'action:verify', 'action:hold'])
    assert.deepEqual(
      hits.map((h) => h.kind === 'action' && h.action.type),
      ['review', 'require_verification', 'hold_payouts'],
    )
  })

  it('produces every action type', () => {
    const clean = evaluatePolicy(everyAction, someFeatures(), 'sweep')
    assert.deepEqual(ids(clean), ['action:approve'])
    const worst = evaluatePolicy(
      everyAction,
      someFeatures({ cluster: { deactivated: 4, strong_evidence: true } }),
      'sweep',
    )
    assert.deepEqual(ids(worst), [
      'action:review',
      'action:verify',
      'action:hold',
      'action:suspend',
      'action:deactivate',
    ])
    const suspend = worst.find((h) => h.rule.id === 'suspend')
    assert.deepEqual(suspend?.kind === 'action' && suspend.action, {
      type: 'suspend',
      reason: 'linked',
      scope: 'account',
      noticeDays: 3,
    })
  })

  it('carries as evidence exactly the features the condition reads, with their values', () => {
    const hits = evaluatePolicy(
      everyAction,
      someFeatures({ account: { status: 'active' }, cluster: { deactivated: 4, strong_evidence: true } }),
      'sweep',
    )
    assert.deepEqual(hits.find((h) => h.rule.id === 'verify')?.evidence, {
      'cluster.deactivated': 4,
      'cluster.strong_evidence': true,
    })
    assert.deepEqual(hits.find((h) => h.rule.id === 'deactivate')?.evidence, {
      'cluster.deactivated': 4,
      'account.status': 'active',
    })
  })

  it('reads lists, doubles and ints as the catalogue types them', () => {
    const p = compile(`policy: p
rules:
  - id: r
    on: sweep
    when: >-
      !("video" in account.verified) && account.age_days > 30 && account.age_days < 30.5 + double(100) &&
      history.open_requirements + 1 == 1
    action: { type: require_verification, reason: video_missing, methods: [video], deadline_days: 14 }
`)
    assert.deepEqual(ids(evaluatePolicy(p, someFeatures({ account: { verified: ['id_document'] } }), 'sweep')), [
      'action:r',
    ])
    assert.deepEqual(ids(evaluatePolicy(p, someFeatures(), 'sweep')), [])
    assert.deepEqual(
      ids(evaluatePolicy(p, someFeatures({ account: { verified: [] }, history: { open_requirements: 2 } }), 'sweep')),
      [],
    )
    const [hit] = evaluatePolicy(p, someFeatures({ account: { verified: ['id_document'] } }), 'sweep')
    assert.deepEqual(hit?.evidence, {
      'account.verified': ['id_document'],
      'account.age_days': 120.5,
      'history.open_requirements': 0,
    })
  })

  describe('triggers', () => {
    const p = compile(`policy: triggers
rules:
  - { id: on-registration, on: registration, when: "true", action: { type: approve, reason: r } }
  - { id: on-activation, on: activation, when: "true", action: { type: approve, reason: r } }
  - { id: on-any-event, on: event, when: "true", action: { type: approve, reason: r } }
  - { id: on-schedule, on: schedule, when: "true", action: { type: approve, reason: r } }
  - { id: on-sweep, on: sweep, when: "true", action: { type: approve, reason: r } }
  - { id: on-link-events, on: [event, sweep], events: [new_link, link_to_deactivated], when: "true", action: { type: approve, reason: r } }
`)
    const f = someFeatures()

    it('runs only the rules that name the trigger', () => {
      assert.deepEqual(ids(evaluatePolicy(p, f, 'registration')), ['action:on-registration'])
      assert.deepEqual(ids(evaluatePolicy(p, f, 'activation')), ['action:on-activation'])
      assert.deepEqual(ids(evaluatePolicy(p, f, 'schedule')), ['action:on-schedule'])
      assert.deepEqual(ids(evaluatePolicy(p, f, 'sweep')), ['action:on-sweep', 'action:on-link-events'])
    })

    it('filters event rules by the events they name', () => {
      assert.deepEqual(ids(evaluatePolicy(p, f, 'event', 'new_link')), ['action:on-any-event', 'action:on-link-events'])
      assert.deepEqual(ids(evaluatePolicy(p, f, 'event', 'link_to_deactivated')), [
        'action:on-any-event',
        'action:on-link-events',
      ])
      assert.deepEqual(ids(evaluatePolicy(p, f, 'event', 'change_of_control')), ['action:on-any-event'])
      assert.deepEqual(ids(evaluatePolicy(p, f, 'event')), ['action:on-any-event'])
    })
  })

  describe('conditions that fail at run time', () => {
    const p = compile(`policy: p
rules:
  - id: ratio
    on: sweep
    when: history.decisions / history.open_requirements > 2
    action: { type: review, reason: many_decisions }
  - id: status
    on: sweep
    when: account.status == "active"
    action: { type: approve, reason: ok }
`)

    it('do not hit, and are reported as errors with the rule and the reason', () => {
      const hits = evaluatePolicy(p, someFeatures({ history: { decisions: 5, open_requirements: 0 } }), 'sweep')
      assert.deepEqual(ids(hits), ['error:ratio', 'action:status'])
      const [error] = hits
      assert.equal(error?.kind === 'error' && error.message, 'evaluation error: division by zero')
      assert.deepEqual(error?.evidence, { 'history.decisions': 5, 'history.open_requirements': 0 })
      assert.deepEqual(
        ids(evaluatePolicy(p, someFeatures({ history: { decisions: 5, open_requirements: 1 } }), 'sweep')),
        ['action:ratio', 'action:status'],
      )
    })

    it('report a missing or mistyped feature without failing the other rules', () => {
      const missing = someFeatures()
      const { decisions: _, ...history } = missing.history
      const hits = evaluatePolicy(p, { ...missing, history: history as HistoryFeatures }, 'sweep')
      assert.deepEqual(ids(hits), ['error:ratio', 'action:status'])
      assert.equal(hits[0]?.kind === 'error' && hits[0].message, 'feature history.decisions is missing')
      const fractional = evaluatePolicy(p, someFeatures({ history: { decisions: 1.5, open_requirements: 1 } }), 'sweep')
      assert.equal(
        fractional[0]?.kind === 'error' && fractional[0].message,
        'feature history.decisions is not an int (1.5)',
      )
      const wrongType = evaluatePolicy(
        p,
        someFeatures({ account: { status: 3 as unknown as string }, history: { open_requirements: 1 } }),
        'sweep',
      )
      assert.deepEqual(ids(wrongType), ['error:status'])
    })
  })

  it('reads large counts exactly', () => {
    const p = compile(`policy: p
rules:
  - { id: big, on: sweep, when: "cluster.size == 5000000", action: { type: review, reason: r } }
`)
    assert.deepEqual(ids(evaluatePolicy(p, someFeatures({ cluster: { size: 5_000_000 } }), 'sweep')), ['action:big'])
    assert.deepEqual(ids(evaluatePolicy(p, someFeatures({ cluster: { size: 4_999_999 } }), 'sweep')), [])
  })
})

describe('mostSevere', () => {
  const hitOf = (hits: readonly RuleHit[], id: string) => hits.find((h) => h.rule.id === id) as ActionHit

  it('picks the most severe action, ignoring errors', () => {
    const hits = evaluatePolicy(
      everyAction,
      someFeatures({ cluster: { deactivated: 3, strong_evidence: true } }),
      'sweep',
    )
    assert.equal(mostSevere(hits)?.rule.id, 'suspend')
    const error: RuleHit = { kind: 'error', rule: hitOf(hits, 'hold').rule, message: 'x', evidence: {} }
    assert.equal(mostSevere([error, hitOf(hits, 'review')])?.rule.id, 'review')
    assert.equal(mostSevere([error]), undefined)
    assert.equal(mostSevere([]), undefined)
  })

  it('keeps the first rule on a tie', () => {
    const p = compile(`policy: p
rules:
  - { id: first, on: sweep, when: "true", action: { type: hold_payouts, reason: a } }
  - { id: second, on: sweep, when: "true", action: { type: hold_payouts, reason: b } }
  - { id: milder, on: sweep, when: "true", action: { type: review, reason: c } }
`)
    assert.equal(mostSevere(evaluatePolicy(p, someFeatures(), 'sweep'))?.rule.id, 'first')
  })
})
