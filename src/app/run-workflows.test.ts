import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { anAccountRecord, aVerificationRecord, toEventInput } from '../../test/builders/records.ts'
import { turnsDuring } from '../../test/event-loop.ts'
import { OutboxSender } from '../adapters/mail/outbox-sender.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import type { Action } from '../core/policy/policy.ts'
import { MS_PER_DAY, toInstant } from '../core/time.ts'
import type { NewDecision, Notice, NoticeSender } from '../ports/index.ts'
import { personName } from './compose-notices.ts'
import { runWorkflows, type WorkflowDeps } from './run-workflows.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1, 9))
const day = (n: number) => toInstant(T0 + n * MS_PER_DAY)
const iso = (n: number) => new Date(day(n)).toISOString()

const REQUIRE: Action = {
  type: 'require_verification',
  reason: 'change_of_control',
  scope: 'account',
  methods: ['id_document', 'video'],
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
}

const aDecision = (account: string, over: Partial<NewDecision> = {}): NewDecision => ({
  key: `sweep:second-review@1:change-of-control:${account}`,
  account,
  policy: 'second-review',
  policyVersion: 1,
  rule: 'change-of-control',
  trigger: 'sweep',
  action: REQUIRE,
  evidence: { features: { 'account.change_of_control': true }, links: [] },
  mode: 'live',
  sweep: null,
  actor: 'lead:alice',
  at: T0,
  ...over,
})

/** A sender that refuses its first `failures` notices, then hands them to the outbox. */
class FlakySender implements NoticeSender {
  readonly channel = 'outbox'
  constructor(
    private readonly inner: NoticeSender,
    private failures: number,
  ) {}
  async send(notice: Notice): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1
      throw new Error('connection refused')
    }
    await this.inner.send(notice)
  }
}

describe('runWorkflows', () => {
  let dir: string
  let events: SqliteEventStore
  let deps: WorkflowDeps

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-workflows-'))
    events = SqliteEventStore.open(join(dir, 'store.db'))
    deps = {
      events,
      policies: events.policyStore(),
      workflows: events.workflowStore(),
      sender: new OutboxSender(join(dir, 'outbox'), 'oneseller <no-reply@example.com>'),
      notices: { appealWithinDays: 14, portalUrl: 'https://sellers.example.com/portal' },
    }
    await events.append(
      [
        toEventInput(anAccountRecord({ account: 'a1', at: '2026-01-01T00:00:00Z', email: 'a1@example.com' })),
        toEventInput(anAccountRecord({ account: 'a2', at: '2026-01-01T00:00:00Z', email: 'a2@example.com' })),
      ],
      T0,
    )
  })
  afterEach(async () => {
    await events.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const verify = (account: string, kind: string, at: number, outcome?: string) =>
    events.append(
      [toEventInput(aVerificationRecord(kind, { account, at: iso(at), ...(outcome ? { outcome } : {}) }))],
      day(at),
    )
  const noticeKinds = async (account: string) => (await deps.workflows.noticesOf(account)).map((n) => n.kind)

  it('requests, reminds twice, expires with a suspension, then reinstates on a late pass', async () => {
    await deps.policies.recordDecisions([aDecision('a1')])
    const first = await runWorkflows(deps, T0)
    assert.equal(first.noticesComposed, 1)
    assert.equal(first.noticesSent, 1)
    assert.equal((await runWorkflows(deps, day(4))).reminded, 1)
    assert.equal((await runWorkflows(deps, day(6))).reminded, 1)
    const expiry = await runWorkflows(deps, day(7))
    assert.equal(expiry.expired, 1)
    assert.equal(expiry.inForce, 1)
    const [restriction] = await deps.workflows.restrictionsOf('a1')
    assert.equal(restriction?.kind, 'suspend')
    assert.equal(restriction?.inForceAt, day(7))

    const again = await runWorkflows(deps, day(7))
    assert.deepEqual(
      [again.expired, again.reminded, again.inForce, again.noticesComposed, again.noticesSent],
      [0, 0, 0, 0, 0],
      'a second run at the same time fires nothing',
    )

    await verify('a1', 'id_document', 8, 'passed')
    assert.equal((await runWorkflows(deps, day(8))).submitted, 1, 'one method of two is progress, not a pass')
    await verify('a1', 'video', 9, 'passed')
    const late = await runWorkflows(deps, day(9))
    assert.equal(late.latePassed, 1)
    assert.equal((await deps.workflows.restrictionsOf('a1'))[0]?.liftReason, 'late_pass')
    assert.deepEqual(await noticeKinds('a1'), [
      'verification_requested',
      'verification_reminder',
      'verification_reminder',
      'verification_expired',
      'verification_passed',
      'reinstatement',
    ])
    const files = readdirSync(join(dir, 'outbox')).sort()
    assert.equal(files.length, 6)
    const mail = readFileSync(join(dir, 'outbox', files[3]!), 'utf8')
    assert.match(mail, /^To: a1@example\.com$/m)
    assert.match(mail, /^Message-ID: <audit\.\d+@oneseller>$/m)
    assert.match(mail, /Content-Type: text\/html/)
  })

  it('a pass before the deadline ends the requirement: no expiry, no restriction', async () => {
    await deps.policies.recordDecisions([aDecision('a1')])
    await verify('a1', 'id_document', 2, 'passed')
    await verify('a1', 'video', 3, 'passed')
    assert.equal((await runWorkflows(deps, day(3))).passed, 1)
    const later = await runWorkflows(deps, day(10))
    assert.deepEqual([later.expired, later.reminded], [0, 0])
    assert.deepEqual(await deps.workflows.restrictionsOf('a1'), [])
    assert.deepEqual(await noticeKinds('a1'), ['verification_requested', 'verification_passed'])
  })

  it('evidence submitted and awaiting review stops the deadline; a failed attempt restarts it', async () => {
    await deps.policies.recordDecisions([aDecision('a1')])
    await verify('a1', 'id_document', 1)
    await verify('a1', 'video', 1)
    assert.equal((await runWorkflows(deps, day(1))).submitted, 1)
    assert.equal(
      (await runWorkflows(deps, day(8))).expired,
      0,
      'waiting on the marketplace is not the seller missing it',
    )
    await verify('a1', 'video', 8, 'failed')
    const failed = await runWorkflows(deps, day(8))
    assert.equal(failed.attemptsFailed, 1)
    assert.equal(failed.expired, 1, 'back with the seller after the deadline: it expires')
    assert.ok((await noticeKinds('a1')).includes('verification_failed'))
  })

  it('tells the seller of a suspension given with notice at once, and the suspension takes effect on its day', async () => {
    const suspend: Action = { type: 'suspend', reason: 'farm_documents', scope: 'account', noticeDays: 30 }
    await deps.policies.recordDecisions([aDecision('a2', { key: 'k-s', action: suspend })])
    const now = await runWorkflows(deps, T0)
    assert.equal(now.inForce, 0)
    assert.deepEqual(await noticeKinds('a2'), ['restriction'])
    assert.equal((await runWorkflows(deps, day(30))).inForce, 1)
    const [notice] = await deps.workflows.noticesOf('a2')
    assert.ok(notice!.text.length > 200, 'a statement of reasons, not a one-liner')
  })

  it('retries a notice the mail server refused, and sends it once it accepts', async () => {
    deps = { ...deps, sender: new FlakySender(deps.sender!, 1) }
    await deps.policies.recordDecisions([aDecision('a1')])
    const first = await runWorkflows(deps, T0)
    assert.deepEqual([first.noticesSent, first.noticesFailed], [0, 1])
    assert.equal((await deps.workflows.noticesOf('a1'))[0]?.lastError, 'connection refused')
    const second = await runWorkflows(deps, toInstant(T0 + 60_000))
    assert.deepEqual([second.noticesSent, second.noticesFailed], [1, 0])
    assert.equal(readdirSync(join(dir, 'outbox')).length, 1)
  })

  it('lets the event loop turn while it composes thousands of notices', async () => {
    // The server runs the tick on the thread that answers requests, over a store that answers synchronously.
    const accounts = Array.from({ length: 3_000 }, (_, i) => `b${i}`)
    const at = '2026-01-01T00:00:00Z'
    await events.append(
      accounts.map((account) => toEventInput(anAccountRecord({ account, at, email: `${account}@example.com` }))),
      T0,
    )
    await deps.policies.recordDecisions(accounts.map((account) => aDecision(account)))
    const { sender: _, ...composeOnly } = deps
    const { result: report, turns } = await turnsDuring(() => runWorkflows(composeOnly, day(0)))
    assert.ok(report.noticesComposed >= 3_000, `${report.noticesComposed} notices`)
    assert.ok(turns >= 10, `the event loop turned ${turns} times during the tick`)
  })

  it('composes no notice twice when two schedulers run at once', async () => {
    const other = SqliteEventStore.open(join(dir, 'store.db'))
    try {
      await deps.policies.recordDecisions([aDecision('a1'), aDecision('a2')])
      const otherDeps: WorkflowDeps = {
        ...deps,
        events: other,
        policies: other.policyStore(),
        workflows: other.workflowStore(),
      }
      const [x, y] = await Promise.all([runWorkflows(deps, day(7)), runWorkflows(otherDeps, day(7))])
      assert.equal(x.expired + y.expired, 2)
      assert.equal((await deps.workflows.restrictionsOf('a1')).length, 1)
      const all = [...(await deps.workflows.noticesOf('a1')), ...(await deps.workflows.noticesOf('a2'))]
      assert.equal(new Set(all.map((n) => n.key)).size, all.length)
      assert.equal(all.length, 4)
    } finally {
      await other.close()
    }
  })
})

describe('personName', () => {
  it('writes Chinese, Japanese and Korean names family name first without a space, others given name first', () => {
    assert.equal(personName('颖', '林'), '林颖')
    assert.equal(personName('花子', '山田'), '山田花子')
    assert.equal(personName('Ada', 'Lovelace'), 'Ada Lovelace')
    assert.equal(personName('  ', 'Lovelace'), 'Lovelace')
    assert.equal(personName(undefined, null), '')
  })
})
