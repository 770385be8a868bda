// End to end through the command, as an operator runs it: a sweep's requirements are fulfilled in time, fulfilled
// late, missed and appealed; the scheduler runs days apart (`tick --now`); notices land in the outbox.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { runCli, scratch, show } from './run-cli.ts'

const DAY = 86_400_000

const POLICY = `policy: video-everyone
rules:
  - id: video-missing
    on: sweep
    when: account.status == "active" && !("video" in account.verified)
    action:
      type: require_verification
      reason: video_verification_missing
      methods: [video]
      deadline_days: 7
      on_expiry: suspend
      reinstate_on_late_pass: true
caps:
  per_rule_per_day: 1000
`

describe('a sweep’s requirements through the command', () => {
  it('passes in time, passes late and is reinstated, expires and is reinstated on appeal', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const env = { ONESELLER_OUTBOX: s.path('outbox') }
    const cli = async (...args: string[]) => {
      const r = await runCli([...args, '--db', db], { env })
      assert.equal(r.code, 0, show(r))
      return r
    }
    const json = async (...args: string[]) =>
      JSON.parse((await cli(...args, '--json')).stdout) as Record<string, unknown>
    const sellers = ['in-time', 'late', 'missed'].map((account) => ({
      type: 'account',
      account,
      at: '2026-01-01T00:00:00Z',
      marketplace: 'DE',
      kind: 'individual',
      email: `${account}@example.de`,
      addresses: [{ role: 'business', lines: ['Hauptstr. 1'], city: 'Berlin', postalCode: '10115', country: 'DE' }],
    }))
    await cli('import', s.writeLines('sellers.ndjson', sellers))
    s.writeLines('policy.yaml', [POLICY])
    await cli('policy', 'load', s.path('policy.yaml'))
    // The sweep decides at the clock's time; the scheduler runs are placed after it.
    await cli('sweep', '--policy', s.path('policy.yaml'), '--apply')
    const now = Date.now()
    const tick = (days: number) => json('tick', '--now', new Date(now + days * DAY).toISOString())

    const first = await tick(0)
    assert.equal(first.noticesComposed, 3)
    const video = (account: string, days: number) => ({
      type: 'verification',
      account,
      at: new Date(now + days * DAY).toISOString(),
      kind: 'video',
      outcome: 'passed',
    })
    await cli('import', s.writeLines('v1.ndjson', [video('in-time', 2)]))
    assert.equal((await tick(2)).passed, 1)
    assert.equal((await tick(5)).reminded, 2, 'the two still waiting are reminded 3 days ahead')
    assert.equal((await tick(6.5)).reminded, 2, 'and 1 day ahead')
    const expiry = await tick(8)
    assert.deepEqual([expiry.expired, expiry.inForce], [2, 2])

    await cli('import', s.writeLines('v2.ndjson', [video('late', 9)]))
    assert.equal((await tick(9)).latePassed, 1)

    const missed = await json('account', 'missed')
    const decision = (missed.requirements as { decision: number }[])[0]!.decision
    const filed = await json(
      'appeal',
      'file',
      'missed',
      String(decision),
      '--statement',
      'I was in hospital that week.',
    )
    await json(
      'appeal',
      'decide',
      String(filed.id),
      '--overturn',
      '--reason',
      'Documented absence.',
      '--by',
      'reviewer:ana',
    )
    await tick(10)

    const standing = async (account: string) => {
      const a = await json('account', account)
      return {
        requirements: (a.requirements as { state: string }[]).map((r) => r.state),
        restrictions: (a.restrictions as { liftReason: string | null }[]).map((r) => r.liftReason),
        notices: (a.notices as { kind: string }[]).map((n) => n.kind),
      }
    }
    assert.deepEqual(await standing('in-time'), {
      requirements: ['passed'],
      restrictions: [],
      notices: ['verification_requested', 'verification_passed'],
    })
    assert.deepEqual(await standing('late'), {
      requirements: ['passed'],
      restrictions: ['late_pass'],
      notices: [
        'verification_requested',
        'verification_reminder',
        'verification_reminder',
        'verification_expired',
        'verification_passed',
        'reinstatement',
      ],
    })
    assert.deepEqual(await standing('missed'), {
      requirements: ['withdrawn'],
      restrictions: ['requirement_withdrawn'],
      notices: [
        'verification_requested',
        'verification_reminder',
        'verification_reminder',
        'verification_expired',
        'appeal_received',
        'appeal_overturned',
      ],
    })
    const files = readdirSync(s.path('outbox'))
    assert.equal(files.length, 14)
    const expired = readFileSync(s.path('outbox', files.find((f) => f.endsWith('verification_expired.eml'))!), 'utf8')
    assert.match(expired, /^To: (late|missed)@example\.de$/m)
    assert.equal((await runCli(['audit', 'verify', '--db', db])).code, 0)
  })
})
