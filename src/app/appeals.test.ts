import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { anAccountRecord, toEventInput } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { verifyAuditChain } from '../adapters/storage/audit-chain.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import type { Action } from '../core/policy/policy.ts'
import { MS_PER_DAY, toInstant } from '../core/time.ts'
import type { NewDecision } from '../ports/index.ts'
import {
  APPEAL_FILE_MAX_BYTES,
  type AppealDeps,
  appealFileType,
  decideAppeal,
  fileAppeal,
  previewAppeal,
} from './appeals.ts'
import { runWorkflows } from './run-workflows.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1, 9))

const SUSPEND: Action = { type: 'suspend', reason: 'linked_to_deactivated', scope: 'cluster', noticeDays: 0 }
const REQUIRE: Action = {
  type: 'require_verification',
  reason: 'change_of_control',
  scope: 'account',
  methods: ['video'],
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
}

const aDecision = (key: string, account: string, over: Partial<NewDecision> = {}): NewDecision => ({
  key,
  account,
  policy: 'second-review',
  policyVersion: 1,
  rule: 'r',
  trigger: 'sweep',
  action: SUSPEND,
  evidence: { features: {}, links: [] },
  mode: 'live',
  sweep: 'sw1',
  actor: 'lead:alice',
  at: T0,
  ...over,
})

const rejects = (code: string, pattern: RegExp) => (e: unknown) =>
  isOnesellerError(e) && e.code === code && pattern.test(e.message)

describe('appeals', () => {
  let events: SqliteEventStore
  let clock: FixedClock
  let deps: AppealDeps

  beforeEach(async () => {
    events = SqliteEventStore.open(':memory:')
    clock = new FixedClock(T0)
    deps = { workflows: events.workflowStore(), clock, appealWithinDays: 14 }
    await events.append(
      ['s1', 's2', 's3'].map((a, i) => toEventInput(anAccountRecord({ account: a, email: `${a}@example.com` }), i + 1)),
      T0,
    )
  })
  afterEach(() => events.close())

  const decisionOf = async (account: string) => (await events.policyStore().decisionsOf(account))[0]!
  const liftedOf = async (account: string) => (await deps.workflows.restrictionsOf(account)).map((r) => r.liftReason)

  it('refuses an appeal outside the rules, saying why', async () => {
    await events.policyStore().recordDecisions([aDecision('k1', 's1'), aDecision('k2', 's2', { mode: 'shadow' })])
    const d1 = await decisionOf('s1')
    const file = (over: Partial<Parameters<typeof fileAppeal>[1]> = {}) =>
      fileAppeal(deps, {
        account: 's1',
        decision: d1.id,
        statement: 'I run one store only.',
        actor: 'seller:s1',
        ...over,
      })
    await assert.rejects(file({ statement: '   ' }), rejects('invalid_input', /write a statement/))
    await assert.rejects(file({ account: 's2' }), rejects('not_found', /has no decision/))
    await assert.rejects(
      file({ account: 's2', decision: (await decisionOf('s2')).id, actor: 'seller:s2' }),
      rejects('invalid_input', /shadow mode/),
    )
    clock.advance(15 * MS_PER_DAY)
    await assert.rejects(file(), rejects('invalid_input', /within 14 days/))
    clock.advance(-10 * MS_PER_DAY)
    const appeal = await file()
    assert.equal(appeal.state, 'open')
    await assert.rejects(file(), rejects('conflict', /already open/))
  })

  it('overturning lifts the restriction, withdraws the requirement and lifts what its expiry imposed', async () => {
    await events
      .policyStore()
      .recordDecisions([
        aDecision('k1', 's1', { action: { ...SUSPEND, scope: 'account' } }),
        aDecision('k2', 's1', { action: REQUIRE, rule: 'coc' }),
      ])
    const notices = {
      events,
      policies: events.policyStore(),
      workflows: deps.workflows,
      notices: { appealWithinDays: 14 },
    }
    await runWorkflows(notices, toInstant(T0 + 8 * MS_PER_DAY))
    assert.deepEqual(await liftedOf('s1'), [null, null], 'suspended, and the requirement expired into a suspension')
    clock.advance(8 * MS_PER_DAY)
    const [suspension, requirementDecision] = await events.policyStore().decisionsOf('s1')
    const a1 = await fileAppeal(deps, {
      account: 's1',
      decision: suspension!.id,
      statement: 'Wrong link.',
      actor: 'seller:s1',
    })
    const a2 = await fileAppeal(deps, {
      account: 's1',
      decision: requirementDecision!.id,
      statement: 'I did not change hands.',
      actor: 'seller:s1',
    })
    const upheld = await decideAppeal(deps, {
      appeal: a1.id,
      outcome: 'upheld',
      reason: 'The bank account is shared.',
      actor: 'reviewer:bo',
    })
    assert.deepEqual(upheld.overturned, [])
    assert.deepEqual(await liftedOf('s1'), [null, null])
    await assert.rejects(
      decideAppeal(deps, { appeal: a1.id, outcome: 'overturned', reason: 'x', actor: 'reviewer:cy' }),
      rejects('conflict', /already decided/),
    )
    const overturned = await decideAppeal(deps, {
      appeal: a2.id,
      outcome: 'overturned',
      reason: 'The new devices are the same owner travelling.',
      actor: 'reviewer:bo',
    })
    assert.deepEqual(overturned.overturned, [requirementDecision!.id])
    assert.deepEqual(await liftedOf('s1'), [null, 'requirement_withdrawn'])
    assert.equal((await events.policyStore().requirementsOf('s1'))[0]?.state, 'withdrawn')

    await runWorkflows(notices, clock.now())
    const kinds = (await deps.workflows.noticesOf('s1')).map((n) => n.kind)
    assert.deepEqual(kinds.slice(-4), ['appeal_received', 'appeal_received', 'appeal_upheld', 'appeal_overturned'])
    assert.ok(!kinds.includes('reinstatement'), 'the overturn notice says it; no second notice')
    assert.deepEqual(verifyAuditChain(await events.policyStore().listAudit()).ok, true)
  })

  it('for a cluster-wide decision, overturns one account or, when asked, every account it reached', async () => {
    await events
      .policyStore()
      .recordDecisions([
        aDecision('k1', 's1'),
        aDecision('k2', 's2', { evidence: { features: {}, links: [], via: 's1' } }),
        aDecision('k3', 's3', { evidence: { features: {}, links: [], via: 's1' } }),
      ])
    const d2 = await decisionOf('s2')
    const one = await fileAppeal(deps, { account: 's2', decision: d2.id, statement: 'Not theirs.', actor: 'seller:s2' })
    const alone = await decideAppeal(deps, {
      appeal: one.id,
      outcome: 'overturned',
      reason: 'Not linked.',
      actor: 'reviewer:bo',
    })
    assert.deepEqual(alone.overturned, [d2.id])
    assert.deepEqual(
      alone.toReconsider.map((d) => d.account),
      ['s1', 's3'],
    )
    assert.deepEqual(await liftedOf('s2'), ['appeal_overturned'])
    assert.deepEqual(await liftedOf('s3'), [null])

    const d3 = await decisionOf('s3')
    const other = await fileAppeal(deps, { account: 's3', decision: d3.id, statement: 'Same.', actor: 'seller:s3' })
    const all = await decideAppeal(deps, {
      appeal: other.id,
      outcome: 'overturned',
      reason: 'The shared address is a registered agent.',
      actor: 'reviewer:bo',
      cluster: true,
    })
    assert.deepEqual(all.overturned.length, 3)
    assert.deepEqual(await liftedOf('s1'), ['appeal_overturned'])
    assert.deepEqual(await liftedOf('s3'), ['appeal_overturned'])
  })

  it('previews what an overturn changes, and the overturn then changes exactly that', async () => {
    await events
      .policyStore()
      .recordDecisions([
        aDecision('k1', 's1', { action: REQUIRE, rule: 'coc' }),
        aDecision('k2', 's2', { evidence: { features: {}, links: [], via: 's1' } }),
        aDecision('k3', 's3', { evidence: { features: {}, links: [], via: 's1' } }),
        aDecision('k4', 's1', { evidence: { features: {}, links: [] } }),
      ])
    const policies = events.policyStore()
    await runWorkflows(
      { events, policies, workflows: deps.workflows, notices: { appealWithinDays: 14 } },
      toInstant(T0 + 8 * MS_PER_DAY),
    )
    clock.advance(8 * MS_PER_DAY)
    const required = (await policies.decisionsOf('s1')).find((d) => d.rule === 'coc')!
    const a1 = await fileAppeal(deps, { account: 's1', decision: required.id, statement: 'No.', actor: 'seller:s1' })
    const preview1 = await previewAppeal(deps, a1.id)
    assert.equal(preview1.cluster, null, 'an account-wide decision reaches no other account')
    assert.deepEqual(
      preview1.own.requirements.map((r) => [r.account, r.state]),
      [['s1', 'expired']],
    )
    assert.deepEqual(
      preview1.own.restrictions.map((r) => [r.account, r.kind, r.reason]),
      [['s1', 'suspend', 'verification_deadline_missed']],
    )

    const d2 = await decisionOf('s2')
    const a2 = await fileAppeal(deps, { account: 's2', decision: d2.id, statement: 'No.', actor: 'seller:s2' })
    const preview2 = await previewAppeal(deps, a2.id)
    assert.deepEqual(
      preview2.own.restrictions.map((r) => r.account),
      ['s2'],
    )
    assert.deepEqual(
      preview2.cluster?.decisions.map((d) => d.account),
      ['s2', 's3', 's1'],
    )
    assert.deepEqual(preview2.cluster?.restrictions.map((r) => r.account).sort(), ['s1', 's2', 's3'])
    assert.deepEqual(await previewAppeal(deps, a2.id), preview2, 'a preview writes nothing')

    const before = new Set(
      (await Promise.all(['s1', 's2', 's3'].map((a) => deps.workflows.restrictionsOf(a))))
        .flat()
        .filter((r) => r.liftedAt === null)
        .map((r) => r.id),
    )
    await decideAppeal(deps, {
      appeal: a2.id,
      outcome: 'overturned',
      reason: 'Agent.',
      actor: 'reviewer:bo',
      cluster: true,
    })
    const lifted = (await Promise.all(['s1', 's2', 's3'].map((a) => deps.workflows.restrictionsOf(a))))
      .flat()
      .filter((r) => before.has(r.id) && r.liftedAt !== null)
      .map((r) => r.id)
      .sort((a, b) => a - b)
    assert.deepEqual(
      lifted,
      preview2.cluster?.restrictions.map((r) => r.id).sort((a, b) => a - b),
    )
    await assert.rejects(previewAppeal(deps, 999), rejects('not_found', /no appeal 999/))
  })

  it('stores the pictures and PDFs attached to an appeal, told apart by their bytes; refuses anything else', async () => {
    await events.policyStore().recordDecisions([aDecision('k1', 's1')])
    const d1 = await decisionOf('s1')
    const pdf = new TextEncoder().encode('%PDF-1.7 trade register extract')
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
    const file = (uploads: { name: string; bytes: Uint8Array }[]) =>
      fileAppeal(deps, { account: 's1', decision: d1.id, statement: 'Ours.', actor: 'seller:s1', uploads })
    await assert.rejects(
      file([{ name: 'C:\\scans\\notes.txt', bytes: new TextEncoder().encode('hello') }]),
      (e: unknown) =>
        isOnesellerError(e) && e.details.reason === 'unsupported_format' && /^notes\.txt is not/.test(e.message),
    )
    await assert.rejects(
      file([{ name: 'big.pdf', bytes: new Uint8Array(APPEAL_FILE_MAX_BYTES + 1).fill(0x25) }]),
      (e: unknown) => isOnesellerError(e) && e.details.reason === 'too_many_bytes',
    )
    await assert.rejects(
      file(Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.pdf`, bytes: pdf }))),
      (e: unknown) => isOnesellerError(e) && e.details.reason === 'too_many_files',
    )
    await assert.rejects(
      file([{ name: 'e.pdf', bytes: new Uint8Array() }]),
      rejects('invalid_input', /e\.pdf is empty/),
    )
    assert.deepEqual(await deps.workflows.appealsOf('s1'), [], 'nothing stored of a refused appeal')

    const appeal = await file([
      { name: '/home/me/extract.pdf', bytes: pdf },
      { name: 'shop front.png', bytes: png },
    ])
    const stored = await deps.workflows.appealFilesOf([appeal.id])
    assert.deepEqual(
      stored.map((f) => [f.name, f.mime, f.size]),
      [
        ['extract.pdf', 'application/pdf', pdf.byteLength],
        ['shop front.png', 'image/png', png.byteLength],
      ],
    )
    assert.match(stored[0]?.sha256 ?? '', /^[0-9a-f]{64}$/)
    assert.equal(
      appealFileType(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])),
      'image/webp',
    )
    assert.equal(appealFileType(new Uint8Array([0xff, 0xd8, 0xff, 0xdb])), 'image/jpeg')
  })
})
