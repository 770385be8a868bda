import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { someFeatures } from '../../../test/builders/features.ts'
import type { AccountFeatures, ClusterFeatures, Features, HistoryFeatures } from '../features/index.ts'
import { evaluatePolicy, mostSevere } from './evaluate-policy.ts'
import { type CompiledPolicy, parsePolicy } from './parse-policy.ts'
import { formatPolicyError } from './policy-error.ts'

const POLICIES = new URL('../../../policies/', import.meta.url)
const files = readdirSync(POLICIES).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))

function shipped(file: string): CompiledPolicy {
  const parsed = parsePolicy(readFileSync(new URL(file, POLICIES), 'utf8'), `policies/${file}`, { now: 0 })
  if (!parsed.ok) assert.fail(parsed.error.map(formatPolicyError).join('\n'))
  return parsed.value
}

/** A long-standing, verified, unlinked seller: what the shipped policies must leave alone unless told otherwise. */
function anAccount(
  over: {
    account?: Partial<AccountFeatures>
    cluster?: Partial<ClusterFeatures>
    history?: Partial<HistoryFeatures>
  } = {},
): Features {
  return someFeatures({
    account: { age_days: 400, sessions: 30, listings: 12, updates: 0, days_since_verified: 390, ...over.account },
    ...(over.cluster === undefined ? {} : { cluster: over.cluster }),
    history: { days_since_last_event: 1, ...over.history },
  })
}

describe('the policies shipped in policies/', () => {
  it('are there', () => {
    assert.deepEqual([...files].sort(), ['onboarding.yaml', 'second-review.yaml', 'video-sweep.yaml'])
  })

  for (const file of files) {
    it(`${file} compiles, and is named after its file`, () => {
      assert.equal(shipped(file).name, file.replace(/\.ya?ml$/, ''))
    })
  }

  it('onboarding: a new account passes document, postcard and video in 7 days; a business also its licence', () => {
    const p = shipped('onboarding.yaml')
    const individual = mostSevere(evaluatePolicy(p, anAccount({ account: { verified: [] } }), 'registration'))
    assert.deepEqual(individual?.action, {
      type: 'require_verification',
      reason: 'onboarding_verification',
      scope: 'account',
      methods: ['id_document', 'postcard', 'video'],
      deadlineDays: 7,
      onExpiry: 'suspend',
      reinstateOnLatePass: true,
    })
    const business = mostSevere(evaluatePolicy(p, anAccount({ account: { kind: 'business' } }), 'registration'))
    assert.equal(
      business?.action.type === 'require_verification' && business.action.methods.includes('business_licence'),
      true,
    )
    assert.deepEqual(evaluatePolicy(p, anAccount(), 'sweep'), [])
  })

  it('second review: linked to a deactivated account on strong evidence, re-verify within 7 days', () => {
    const p = shipped('second-review.yaml')
    const linked = anAccount({ cluster: { size: 2, deactivated: 1, strong_evidence: true } })
    const hit = mostSevere(evaluatePolicy(p, linked, 'event', 'link_to_deactivated'))
    assert.equal(hit?.rule.id, 'linked-to-deactivated')
    assert.equal(hit?.action.type === 'require_verification' && hit.action.deadlineDays, 7)
    assert.equal(mostSevere(evaluatePolicy(p, linked, 'sweep'))?.rule.id, 'linked-to-deactivated')
    const weak = anAccount({ cluster: { size: 2, deactivated: 1, strong_evidence: false } })
    assert.deepEqual(evaluatePolicy(p, weak, 'sweep'), [])
    assert.deepEqual(evaluatePolicy(p, linked, 'event', 'profile_update'), [])
  })

  it('second review: a change of control, id document and video within 7 days', () => {
    const p = shipped('second-review.yaml')
    const hit = mostSevere(
      evaluatePolicy(p, anAccount({ account: { change_of_control: true } }), 'event', 'change_of_control'),
    )
    assert.equal(hit?.rule.id, 'change-of-control')
    assert.deepEqual(hit?.action.type === 'require_verification' && [hit.action.methods, hit.action.deadlineDays], [
      ['id_document', 'video'],
      7,
    ])
  })

  it('second review: a cluster with failed verifications goes to review at high priority', () => {
    const p = shipped('second-review.yaml')
    const hits = evaluatePolicy(
      p,
      anAccount({ cluster: { size: 3, failed_verifications: 2, strong_evidence: true } }),
      'sweep',
    )
    assert.deepEqual(
      hits.map((h) => h.kind === 'action' && [h.rule.id, h.action.type === 'review' && h.action.priority]),
      [['cluster-failed-verifications', 'high']],
    )
  })

  it('video sweep: an active account without a passed video does one within 14 days, else payouts are held', () => {
    const p = shipped('video-sweep.yaml')
    const hit = mostSevere(evaluatePolicy(p, anAccount({ account: { verified: ['id_document'] } }), 'sweep'))
    assert.deepEqual(
      hit?.action.type === 'require_verification' && [hit.action.methods, hit.action.deadlineDays, hit.action.onExpiry],
      [['video'], 14, 'hold_payouts'],
    )
    assert.deepEqual(evaluatePolicy(p, anAccount(), 'sweep'), [])
    assert.deepEqual(evaluatePolicy(p, anAccount({ account: { verified: [], status: 'suspended' } }), 'sweep'), [])
  })
})
