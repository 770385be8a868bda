// End-to-end tests of a sweep apply that does not end normally: the command, or the server running it as a job, is
// killed with SIGKILL part-way through recording the decisions. Running it again (the command re-run; the job reclaimed
// by the restarted server once its lease lapsed) must leave exactly the decisions and requirements of one
// uninterrupted apply of the same store: none twice, none missing.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type RunningCli, runCli, scratch, show, startCli, waitFor, withStore } from './run-cli.ts'

/** Sellers in the store: enough that recording their decisions takes many transactions (2,000 decisions each). */
const ACCOUNTS = 60_000
/** Every 7th seller is suspended: the others are hit. */
const HIT = ACCOUNTS - Math.ceil(ACCOUNTS / 7)
const APPLY_BATCH = 2_000

/** A require_verification for every active seller, uncapped: every hit is a decision and a requirement. */
const POLICY = `policy: video-everyone
rules:
  - id: video-missing
    on: sweep
    when: account.status == "active"
    action:
      type: require_verification
      reason: video_verification_missing
      methods: [video]
      deadline_days: 14
      on_expiry: hold_payouts
caps:
  per_rule_per_day: 1000000
`

function writeMarketplace(file: string): void {
  const lines: string[] = []
  for (let n = 0; n < ACCOUNTS; n++) {
    const account = `seller-${String(n).padStart(6, '0')}`
    lines.push(
      JSON.stringify({
        type: 'account',
        account,
        at: `2024-0${1 + (n % 9)}-1${n % 10}T00:00:00Z`,
        marketplace: ['US', 'DE', 'JP'][n % 3],
        kind: n % 4 === 0 ? 'business' : 'individual',
        email: `seller-${n}@example.com`,
      }),
    )
    if (n % 7 === 0)
      lines.push(JSON.stringify({ type: 'status', account, at: '2024-12-01T00:00:00Z', status: 'suspended' }))
  }
  writeFileSync(file, `${lines.join('\n')}\n`)
}

/**
 * What an apply leaves, without what differs between two runs of it (ids, times, the sweep id, who ran it): each
 * decision by key, each requirement by its decision's key with its deadline relative to the decision, and how many
 * decisions the audit trail records.
 */
function applied(db: string) {
  return withStore(db, (s) => ({
    decisions: s
      .prepare('SELECT key, account, policy, policy_version, rule, trigger, action, mode FROM decisions ORDER BY key')
      .all(),
    requirements: s
      .prepare(
        `SELECT d.key, r.account, r.methods, r.state, r.deadline - d.at AS deadline_after
         FROM requirements r JOIN decisions d ON d.id = r.decision ORDER BY d.key`,
      )
      .all(),
    audited: s.prepare(`SELECT count(*) FROM audit WHERE action = 'decision.record'`).pluck().get(),
  }))
}

const decisionCount = (db: string) =>
  withStore(db, (s) => s.prepare('SELECT count(*) FROM decisions').pluck().get() as number)

/** Resolves once the apply has committed some decisions; the command or server is still recording the rest. */
const someDecisions = (db: string) => waitFor('some decisions to be recorded', () => decisionCount(db) > 0, 45_000)

describe('a sweep apply killed part-way', () => {
  let fixtureDir = ''
  let base = ''
  let policy = ''
  /** What one uninterrupted apply of the store records. */
  let clean: ReturnType<typeof applied>

  const copyOfBase = (dir: string, name: string) => {
    const db = join(dir, name)
    copyFileSync(base, db)
    return db
  }

  before(async () => {
    fixtureDir = mkdtempSync(join(tmpdir(), 'oneseller-'))
    const records = join(fixtureDir, 'marketplace.ndjson')
    writeMarketplace(records)
    policy = join(fixtureDir, 'video-everyone.yaml')
    writeFileSync(policy, POLICY)
    base = join(fixtureDir, 'base.db')
    const imported = await runCli(['import', records, '--db', base], { timeoutMs: 60_000 })
    assert.equal(imported.code, 0, show(imported))
    const db = copyOfBase(fixtureDir, 'clean.db')
    const r = await runCli(['sweep', '--policy', policy, '--db', db, '--apply', '--json'], { timeoutMs: 60_000 })
    assert.equal(r.code, 0, show(r))
    assert.equal((JSON.parse(r.stdout) as { applied: { recorded: number } }).applied.recorded, HIT)
    clean = applied(db)
    assert.equal(clean.decisions.length, HIT)
    assert.equal(clean.requirements.length, HIT)
  })

  after(() => rmSync(fixtureDir, { recursive: true, force: true }))

  it('oneseller sweep --apply killed with SIGKILL: run again, it records exactly what one uninterrupted apply does', async (t) => {
    const db = copyOfBase(scratch(t).dir, 'store.db')
    const run = startCli(['sweep', '--policy', policy, '--db', db, '--apply'], { timeoutMs: 60_000 })
    await someDecisions(db)
    run.child.kill('SIGKILL')
    const killed = await run.done
    assert.equal(killed.signal, 'SIGKILL', show(killed))
    const recorded = decisionCount(db)
    assert.ok(recorded > 0 && recorded < HIT, `the kill landed part-way (${recorded} of ${HIT} decisions)`)
    t.diagnostic(`killed after ${recorded} of ${HIT} decisions`)
    assert.equal(recorded % APPLY_BATCH, 0, 'whole batches only: a decision commits with its requirement and audit')

    const again = await runCli(['sweep', '--policy', policy, '--db', db, '--apply', '--json'], { timeoutMs: 60_000 })
    assert.equal(again.code, 0, show(again))
    const outcome = JSON.parse(again.stdout) as { alreadyApplied: number; applied: { recorded: number } }
    assert.deepEqual([outcome.alreadyApplied, outcome.applied.recorded], [recorded, HIT - recorded])
    assert.deepEqual(applied(db), clean)
    const audit = await runCli(['audit', 'verify', '--db', db])
    assert.equal(audit.code, 0, show(audit))
  })

  it('a server killed with SIGKILL while running a sweep job: restarted, it reclaims the job after its lease and finishes it', async (t) => {
    const s = scratch(t)
    const db = copyOfBase(s.dir, 'store.db')
    const loaded = await runCli(['policy', 'load', policy, '--db', db])
    assert.equal(loaded.code, 0, show(loaded))
    const created = await runCli([
      'apikey',
      'create',
      '--name',
      'ops',
      '--scope',
      'read,policies:write',
      '--db',
      db,
      '--json',
    ])
    assert.equal(created.code, 0, show(created))
    const auth = { authorization: `Bearer ${(JSON.parse(created.stdout) as { key: string }).key}` }
    // A short lease, so that the restarted server takes the dead one's job over within seconds.
    const env = { ONESELLER_JOB_LEASE_MS: '2000', ONESELLER_JOB_POLL_MS: '50', ONESELLER_LOG_LEVEL: 'warn' }

    const first = await serve(db, env)
    t.after(() => first.server.child.kill('SIGKILL'))
    const res = await fetch(`${first.base}/v1/sweeps`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ policy: 'video-everyone', apply: true }),
    })
    assert.equal(res.status, 202)
    const location = res.headers.get('location') ?? ''
    await someDecisions(db)
    first.server.child.kill('SIGKILL')
    assert.equal((await first.server.done).signal, 'SIGKILL')
    const recorded = decisionCount(db)
    assert.ok(recorded > 0 && recorded < HIT, `the kill landed part-way (${recorded} of ${HIT} decisions)`)
    t.diagnostic(`killed after ${recorded} of ${HIT} decisions`)
    const left = withStore(db, (x) => x.prepare('SELECT state, attempts FROM jobs').all())
    assert.deepEqual(left, [{ state: 'running', attempts: 1 }], 'the dead server still holds the job')

    const second = await serve(db, env)
    t.after(() => second.server.child.kill('SIGKILL'))
    const job = await pollUntilEnded(`${second.base}${location}`, auth)
    assert.equal(job.state, 'done', JSON.stringify(job))
    assert.equal(job.attempts, 2, 'claimed a second time, by the restarted server')
    assert.deepEqual([job.result.alreadyApplied, job.result.applied.recorded], [recorded, HIT - recorded])
    assert.deepEqual(applied(db), clean)

    second.server.child.kill('SIGTERM')
    const stopped = await second.server.done
    assert.equal(stopped.code, 0, show(stopped))
  })
})

/** Starts `oneseller serve` on a free port and resolves once it listens. */
async function serve(db: string, env: Record<string, string>): Promise<{ server: RunningCli; base: string }> {
  const server = startCli(['serve', '--db', db, '--port', '0'], { env, timeoutMs: 60_000 })
  let stderr = ''
  server.child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString('utf8')
  })
  const listening = /oneseller API on (http:\/\/\S+) /
  while (!listening.test(stderr)) {
    if (server.child.exitCode !== null) throw new Error(`the server stopped: ${stderr}`)
    await once(server.child.stderr!, 'data')
  }
  return { server, base: listening.exec(stderr)![1]! }
}

interface EndedJob {
  state: string
  attempts: number
  error: string | null
  result: { alreadyApplied: number; applied: { recorded: number } }
}

async function pollUntilEnded(url: string, headers: Record<string, string>): Promise<EndedJob> {
  const until = Date.now() + 45_000
  for (;;) {
    const job = (await (await fetch(url, { headers })).json()) as EndedJob
    if (job.state === 'done' || job.state === 'failed') return job
    if (Date.now() > until) throw new Error(`the job did not end: ${JSON.stringify(job)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
