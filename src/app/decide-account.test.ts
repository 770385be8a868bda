import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { anAccountRecord, aVerificationRecord, toEventInput } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import type { StoredPolicy } from '../ports/index.ts'
import { activeVersions, type DecideDeps, decideAccount } from './decide-account.ts'
import { loadPolicy } from './manage-policies.ts'

const ONBOARDING = readFileSync(new URL('../../policies/onboarding.yaml', import.meta.url), 'utf8')
const NOW = toInstant(Date.parse('2024-01-01T00:10:00Z'))
const DAY = 86_400_000

async function storeWith(records: Record<string, unknown>[]): Promise<DecideDeps & { close(): Promise<void> }> {
  const events = SqliteEventStore.open(':memory:')
  await events.append(
    records.map((r, i) => toEventInput(r, i + 1)),
    NOW,
  )
  return {
    events,
    linkage: events.linkageStore(),
    policies: events.policyStore(),
    clock: new FixedClock(NOW),
    compiled: new Map(),
    close: () => events.close(),
  }
}

const registration = { account: 'a1', trigger: 'registration', cause: 'rec-1', actor: 'api:test' } as const

describe('decideAccount', () => {
  it('approves when no policy is loaded', async () => {
    const deps = await storeWith([anAccountRecord()])
    try {
      const d = await decideAccount(deps, registration)
      assert.equal(d.action.type, 'approve')
      assert.deepEqual(d.recorded, [])
    } finally {
      await deps.close()
    }
  })

  it('requires onboarding verification of a new account, with its deadline, once per cause', async () => {
    const deps = await storeWith([anAccountRecord({ kind: 'business', business: { name: 'Ada Ltd', country: 'GB' } })])
    try {
      await loadPolicy(deps, { source: ONBOARDING, file: 'onboarding.yaml', mode: 'live', actor: 'lead' })
      const d = await decideAccount(deps, registration)
      assert.equal(d.action.type, 'require_verification')
      assert.equal(d.outcomes[0]?.hit?.rule.id, 'verify-new-business')
      assert.equal(d.recorded.length, 1)
      assert.deepEqual(d.recorded[0]?.evidence.features, { 'account.kind': 'business' })
      assert.equal(d.requirements.length, 1)
      assert.deepEqual(d.requirements[0]?.methods, ['id_document', 'business_licence', 'postcard', 'video'])
      assert.equal(d.requirements[0]?.deadline, NOW + 7 * DAY)

      const again = await decideAccount(deps, registration)
      assert.deepEqual(again.recorded, [], 'the same registration decides once')
      assert.equal(again.requirements.length, 1)
    } finally {
      await deps.close()
    }
  })

  it('runs a shadow version beside the live one: recorded, never acted on', async () => {
    const deps = await storeWith([anAccountRecord()])
    try {
      await loadPolicy(deps, { source: ONBOARDING, file: 'o.yaml', mode: 'live', actor: 'lead' })
      const stricter = ONBOARDING.replace('deadline_days: 7', 'deadline_days: 3').replace(
        'on_expiry: suspend',
        'on_expiry: deactivate',
      )
      await loadPolicy(deps, { source: stricter, file: 'o2.yaml', mode: 'shadow', actor: 'lead' })
      const d = await decideAccount(deps, registration)
      assert.deepEqual(
        d.outcomes.map((o) => [o.version, o.mode, o.hit?.rule.id]),
        [
          [1, 'live', 'verify-new-individual'],
          [2, 'shadow', 'verify-new-individual'],
        ],
      )
      assert.deepEqual(d.recorded.map((r) => r.mode).sort(), ['live', 'shadow'])
      assert.equal(d.requirements.length, 1, 'only the live version asks the seller')
      assert.equal(d.requirements[0]?.deadline, NOW + 7 * DAY)
    } finally {
      await deps.close()
    }
  })

  it('reads the verifications the account already passed', async () => {
    const deps = await storeWith([
      anAccountRecord(),
      aVerificationRecord('video', { at: '2024-01-01T00:05:00Z', outcome: 'passed' }),
    ])
    try {
      const policy = `
policy: video
rules:
  - id: no-video
    on: [event]
    events: [profile_update]
    when: '!("video" in account.verified)'
    action: { type: review, reason: no_video, priority: low }
`
      await loadPolicy(deps, { source: policy, file: 'v.yaml', mode: 'live', actor: 'lead' })
      const d = await decideAccount(deps, { ...registration, trigger: 'event', event: 'profile_update' })
      assert.equal(d.action.type, 'approve', 'the video passed')
    } finally {
      await deps.close()
    }
  })

  it('refuses an account the store does not know', async () => {
    const deps = await storeWith([anAccountRecord()])
    try {
      await assert.rejects(
        decideAccount(deps, { ...registration, account: 'nobody' }),
        (e) => isOnesellerError(e) && e.code === 'not_found',
      )
    } finally {
      await deps.close()
    }
  })
})

describe('activeVersions', () => {
  const v = (name: string, version: number, mode: 'live' | 'shadow'): StoredPolicy => ({
    name,
    version,
    mode,
    source: '',
    loadedBy: 'x',
    loadedAt: NOW,
  })
  it('keeps the latest live version of each name, and a shadow version only when newer', () => {
    const active = activeVersions([v('a', 1, 'live'), v('a', 2, 'live'), v('a', 1, 'shadow'), v('b', 1, 'shadow')])
    assert.deepEqual(
      active.map((p) => `${p.name}@${p.version}:${p.mode}`),
      ['a@2:live', 'b@1:shadow'],
    )
    const withShadow = activeVersions([v('a', 1, 'live'), v('a', 2, 'shadow')])
    assert.deepEqual(
      withShadow.map((p) => `${p.name}@${p.version}:${p.mode}`),
      ['a@1:live', 'a@2:shadow'],
    )
  })
})
