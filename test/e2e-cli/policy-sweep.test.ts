// End-to-end: `oneseller policy` checks and stores policies; `oneseller sweep` runs dry by default, --apply records.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { runCli, scratch, show } from './run-cli.ts'

const VIDEO_SWEEP = fileURLToPath(new URL('../../policies/video-sweep.yaml', import.meta.url))

const accounts = [
  { type: 'account', account: 's1', at: '2024-01-01T00:00:00Z', marketplace: 'US', kind: 'individual' },
  { type: 'account', account: 's2', at: '2024-01-01T00:00:00Z', marketplace: 'DE', kind: 'business' },
  { type: 'verification', account: 's2', at: '2024-01-02T00:00:00Z', kind: 'video', outcome: 'passed' },
]

describe('oneseller policy and sweep', () => {
  it('lists every error of a bad policy with its line, exit 65, and stores nothing', async (t) => {
    const s = scratch(t)
    const bad = s.writeLines('bad.yaml', [
      'policy: bad',
      'rules:',
      '  - id: r',
      '    on: [sweep]',
      '    when: account.agee_days > 3',
      '    action: { type: suspend, reason: x }',
    ])
    const r = await runCli(['policy', 'check', bad])
    assert.equal(r.code, 65, show(r))
    assert.match(r.stderr, /bad\.yaml:5: .*account\.agee_days.*account\.age_days/)
    const db = s.path('store.db')
    assert.equal((await runCli(['policy', 'load', bad, '--db', db])).code, 65)
    const list = await runCli(['policy', 'list', '--db', db, '--json'])
    assert.deepEqual(JSON.parse(list.stdout), [])
  })

  it('a dry run writes nothing; --apply records the decisions; applying again records none', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    assert.equal((await runCli(['import', s.writeLines('in.ndjson', accounts), '--db', db])).code, 0)

    const dry = await runCli(['sweep', '--policy', VIDEO_SWEEP, '--db', db])
    assert.equal(dry.code, 0, show(dry))
    assert.match(dry.stdout, /2 accounts evaluated; 1 would be hit/)
    assert.match(dry.stdout, /s1 — rule video-missing: require video within 14 d, else hold payouts/)
    assert.match(dry.stdout, /nothing was written/)
    assert.deepEqual(JSON.parse((await runCli(['policy', 'list', '--db', db, '--json'])).stdout), [])

    const applied = await runCli(['sweep', '--policy', VIDEO_SWEEP, '--db', db, '--apply', '--json'])
    assert.equal(applied.code, 0, show(applied))
    const doc = JSON.parse(applied.stdout) as { policy: { version: number }; applied: { recorded: number } }
    assert.equal(doc.policy.version, 1)
    assert.equal(doc.applied.recorded, 1)

    const again = JSON.parse(
      (await runCli(['sweep', '--policy', VIDEO_SWEEP, '--db', db, '--apply', '--json'])).stdout,
    ) as {
      applied: { recorded: number }
    }
    assert.equal(again.applied.recorded, 0)
    const shown = await runCli(['policy', 'show', 'video-sweep@1', '--db', db])
    assert.match(shown.stdout, /^# video-sweep version 1 \(live\)/)

    const intact = await runCli(['audit', 'verify', '--db', db])
    assert.equal(intact.code, 0, show(intact))
    assert.match(intact.stdout, /audit trail intact: \d+ records/)
    // Someone edits a decision's audit record behind the application's back (around its append-only triggers).
    const raw = new Database(db)
    raw.exec('DROP TRIGGER audit_no_update')
    raw.prepare("UPDATE audit SET detail = ? WHERE action = 'decision.record'").run('{"forged":true}')
    raw.close()
    const broken = await runCli(['audit', 'verify', '--db', db])
    assert.equal(broken.code, 65, show(broken))
    assert.match(broken.stdout, /audit trail BROKEN at seq \d+: its hash does not match its content/)
  })
})
