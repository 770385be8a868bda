import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { anAccountSummary } from '../../test/builders/summaries.ts'
import { turnsDuring } from '../../test/event-loop.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { openNdjsonFile } from '../adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import { type AccountSummary, LinkageSummaryBuilder, toSummaryColumns } from '../core/features/index.ts'
import { actionHits, type CompiledPolicy, type EvaluateRules, evaluatePolicy, planSweep } from '../core/policy/index.ts'
import { toInstant } from '../core/time.ts'
import type { PolicyStore } from '../ports/index.ts'
import { WORLD_END, writeMarketplace } from '../sim/index.ts'
import { importRecords } from './import-records.ts'
import { compilePolicy } from './manage-policies.ts'
import { runLinkage } from './run-linkage.ts'
import { guard, guardPlan, readFeatureTable, runSweep, type SweepDeps, sweepSubject } from './run-sweep.ts'

const VIDEO_SWEEP = readFileSync(new URL('../../policies/video-sweep.yaml', import.meta.url), 'utf8')
/** The video sweep without its own guard against asking twice: only the decision keys keep a re-run from doubling. */
const UNGUARDED = VIDEO_SWEEP.replace(/ &&\s+history\.open_requirements == 0/, '')
const SECOND_REVIEW = readFileSync(new URL('../../policies/second-review.yaml', import.meta.url), 'utf8')
/** A cluster-scoped rule to add to the video sweep's: reviews reach the other members of a cluster. */
const CLUSTER_REVIEW = `
  - id: cluster-review
    on: sweep
    when: cluster.size > 2 && account.listings > 0
    action:
      type: review
      reason: cluster_review
      priority: normal
      scope: cluster
`
const withClusterReview = (policy: string): string => policy.replace('\ncaps:', `${CLUSTER_REVIEW}\ncaps:`)

let dir: string

/** A fresh store holding the same small generated marketplace, linked. */
async function freshDeps(): Promise<SweepDeps & { close(): Promise<void> }> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.db`)
  const store = SqliteEventStore.open(file)
  const clock = new FixedClock(toInstant(WORLD_END))
  await importRecords({ events: store, clock, parser: new InProcessRecordParser() }, [
    openNdjsonFile(join(dir, 'events.ndjson')),
  ])
  const linkage = store.linkageStore()
  await runLinkage({ events: store, linkage, clock })
  return {
    events: store,
    linkage,
    policies: store.policyStore(),
    clock,
    secrets: new NodeSecrets(),
    close: () => store.close(),
  }
}

describe('runSweep', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-sweep-'))
    await writeMarketplace({ accounts: 400, seed: 5, outDir: dir })
  })
  after(async () => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('a dry run reports the impact and writes nothing', async () => {
    const deps = await freshDeps()
    try {
      const o = await runSweep(deps, { source: VIDEO_SWEEP, file: 'video-sweep.yaml', apply: false, actor: 't' })
      assert.ok(o.report.hit > 0, 'accounts without a passed video exist in any generated marketplace')
      assert.ok(o.report.hit <= o.report.evaluated)
      assert.equal(o.applied, undefined)
      assert.equal(o.policy.version, null, 'never stored')
      assert.deepEqual(await deps.policies.listPolicies(), [])
      assert.deepEqual(await deps.policies.listAudit(), [])
      assert.equal(o.report.sample.length, Math.min(10, o.report.hit))
    } finally {
      await deps.close()
    }
  })

  it('apply records each planned decision once, with requirements and audit; applying again changes nothing', async () => {
    const deps = await freshDeps()
    try {
      const first = await runSweep(deps, { source: VIDEO_SWEEP, file: 'v.yaml', apply: true, actor: 'lead' })
      assert.equal(first.policy.version, 1)
      assert.equal(first.applied?.recorded, first.report.hit)
      const someone = first.report.sample[0]
      assert.ok(someone)
      const [decision] = await deps.policies.decisionsOf(someone.account)
      assert.equal(decision?.rule, someone.rule.id)
      assert.equal(decision?.sweep, first.applied?.sweep)
      assert.deepEqual(decision?.evidence.features, someone.evidence)
      const [requirement] = await deps.policies.requirementsOf(someone.account)
      assert.equal(requirement?.state, 'requested')
      assert.equal(requirement?.deadline, deps.clock.now() + 14 * 86_400_000, 'the video sweep gives 14 days')
      const audit = await deps.policies.listAudit({ subject: `sweep:${first.applied?.sweep}` })
      assert.deepEqual(
        audit.map((a) => a.action),
        ['sweep.start', 'sweep.finish'],
      )

      const again = await runSweep(deps, { source: VIDEO_SWEEP, file: 'v.yaml', apply: true, actor: 'lead' })
      assert.equal(again.policy.version, 1, 'the same text is the same version')
      assert.equal(again.report.hit, 0, 'the open requirements keep the rule from matching again')
      assert.equal(again.applied?.recorded, 0)
      assert.equal((await deps.policies.decisionsOf(someone.account)).length, 1)
    } finally {
      await deps.close()
    }
  })

  it('re-applying one policy version never records a decision twice, even when its rules match again', async () => {
    const deps = await freshDeps()
    try {
      assert.notEqual(UNGUARDED, VIDEO_SWEEP)
      const first = await runSweep(deps, { source: UNGUARDED, file: 'v.yaml', apply: true, actor: 'lead' })
      const again = await runSweep(deps, { source: UNGUARDED, file: 'v.yaml', apply: true, actor: 'lead' })
      assert.equal(again.alreadyApplied, first.report.hit)
      assert.equal(again.report.hit, 0)
      assert.equal(again.applied?.recorded, 0)
      const next = await runSweep(deps, { source: `${UNGUARDED}\n# v2\n`, file: 'v.yaml', apply: true, actor: 'lead' })
      assert.equal(next.policy.version, 2, 'a changed text is a new version, and decides anew')
      assert.equal(next.applied?.recorded, first.report.hit)
    } finally {
      await deps.close()
    }
  })

  it('an interrupted apply, run again, records the rest without doubling', async () => {
    const deps = await freshDeps()
    try {
      const plan = await runSweep(deps, { source: UNGUARDED, file: 'v.yaml', apply: false, actor: 't' })
      assert.ok(plan.report.hit > 20, 'enough hits for several batches')
      let calls = 0
      const failing: PolicyStore = Object.create(deps.policies, {
        recordDecisions: {
          value: (batch: Parameters<PolicyStore['recordDecisions']>[0]) => {
            calls++
            if (calls === 2) return Promise.reject(new Error('the disk went away'))
            return deps.policies.recordDecisions(batch)
          },
        },
      })
      await assert.rejects(
        runSweep(
          { ...deps, policies: failing },
          { source: UNGUARDED, file: 'v.yaml', apply: true, actor: 't', applyBatch: 10 },
        ),
        /the disk went away/,
      )
      const resumed = await runSweep(deps, { source: UNGUARDED, file: 'v.yaml', apply: true, actor: 't' })
      assert.equal(resumed.alreadyApplied, 10, 'the first batch was committed')
      assert.equal(resumed.applied?.recorded, plan.report.hit - 10)
      const history = await deps.policies.historyCounts()
      const decided = [...history.values()].reduce((n, h) => n + h.decisions, 0)
      assert.equal(decided, plan.report.hit, 'one decision per account hit, none twice')
      const sweeps = await deps.policies.listAudit()
      assert.ok(sweeps.some((a) => a.action === 'sweep.fail'))
    } finally {
      await deps.close()
    }
  })

  it('holds back what exceeds a rule daily cap, counting what was applied today', async () => {
    const deps = await freshDeps()
    try {
      const capped = VIDEO_SWEEP.replace(/per_rule_per_day: \d+/, 'per_rule_per_day: 5')
      assert.notEqual(capped, VIDEO_SWEEP, 'the shipped policy states its cap')
      const first = await runSweep(deps, { source: capped, file: 'v.yaml', apply: true, actor: 't' })
      assert.equal(first.applied?.recorded, 5)
      assert.ok(first.report.capped > 0)
      const second = await runSweep(deps, { source: capped, file: 'v.yaml', apply: true, actor: 't' })
      assert.equal(second.applied?.recorded, 0, 'the cap is used up for today')
      assert.equal(second.report.capped, first.report.capped)
    } finally {
      await deps.close()
    }
  })

  it('guards a plan chunk by chunk exactly as it would guard every hit at once', async () => {
    const deps = await freshDeps()
    try {
      const at = deps.clock.now()
      const table = await readFeatureTable(deps, at)
      const evaluate =
        (policy: CompiledPolicy): EvaluateRules =>
        (f) => ({
          hits: actionHits(evaluatePolicy(policy, f, 'sweep')),
          errors: [],
        })
      const broad = compilePolicy(withClusterReview(UNGUARDED), 'p.yaml', at)
      const hitAccounts = planSweep(sweepSubject(table), evaluate(broad)).actions.map((p) => p.account)
      assert.ok(hitAccounts.length > 40, 'enough hits to cross chunks and caps')
      // Exceptions for a few accounts hit and for a cluster; caps that the hits exceed.
      const guarded = compilePolicy(
        `${withClusterReview(UNGUARDED.replace(/per_rule_per_day: \d+/, 'per_rule_per_day: 9'))}
exceptions:
  - accounts: [${hitAccounts[3]}, ${hitAccounts[20]}]
    reason: approved
    expires: 2999-01-01
  - clusters_of: [${hitAccounts[30]}]
    rules: [video-missing]
    reason: approved
    expires: 2999-01-01
`,
        'p.yaml',
        at,
      )
      const plan = planSweep(sweepSubject(table), evaluate(guarded))
      const ctx = { deps, policy: guarded, table, at }
      const whole = await guard(ctx, plan.actions)
      const every = Int32Array.from({ length: plan.hits.count }, (_, k) => k)
      const byRule = (held: readonly { rule: { id: string } }[]) => held.map((h) => h.rule.id).join(',')
      assert.ok(whole.exempted.length > 0 && whole.capped.length > 0)
      for (const chunk of [1, 4, 1_000]) {
        const chunked = await guardPlan(ctx, plan.hits, every, chunk)
        assert.deepEqual(chunked.kept, whole.kept, `chunks of ${chunk}`)
        assert.equal(byRule(chunked.exempted), byRule(whole.exempted))
        assert.equal(byRule(chunked.capped), byRule(whole.capped))
      }
    } finally {
      await deps.close()
    }
  })

  it('finds links to deactivated accounts in generated data, mostly on operators', async () => {
    const deps = await freshDeps()
    try {
      const truth = new Map(
        readFileSync(join(dir, 'truth.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => {
            const [account, , role] = l.split(',')
            return [account as string, role as string] as const
          }),
      )
      const o = await runSweep(deps, { source: SECOND_REVIEW, file: 's.yaml', apply: false, actor: 't', truth })
      assert.ok(o.report.hit > 0)
      assert.ok((o.report.truth?.precision ?? 0) > 0.8, `precision ${o.report.truth?.precision}`)
    } finally {
      await deps.close()
    }
  })

  it('runs schedule rules once a day: a rerun the same day records nothing, the next day decides anew', async () => {
    const deps = await freshDeps()
    try {
      const daily = UNGUARDED.replace('on: sweep', 'on: schedule')
      assert.notEqual(daily, UNGUARDED)
      const asSweep = await runSweep(deps, { source: daily, file: 'd.yaml', apply: false, actor: 't' })
      assert.equal(asSweep.report.hit, 0, 'a schedule rule is not a sweep rule')
      const req = { source: daily, file: 'd.yaml', apply: true, actor: 'cron', trigger: 'schedule' } as const
      const first = await runSweep(deps, req)
      assert.ok((first.applied?.recorded ?? 0) > 0)
      assert.equal((await runSweep(deps, req)).applied?.recorded, 0)
      ;(deps.clock as FixedClock).advance(86_400_000)
      const tomorrow = await runSweep(deps, req)
      assert.equal(tomorrow.applied?.recorded, first.applied?.recorded)
      const [d] = await deps.policies.decisionsOf(first.report.sample[0]?.account ?? '')
      assert.equal(d?.trigger, 'schedule')
    } finally {
      await deps.close()
    }
  })

  it('refuses a policy that does not load, naming file and line, and writes nothing', async () => {
    const deps = await freshDeps()
    try {
      const bad = VIDEO_SWEEP.replace('account.verified', 'account.verifed')
      await assert.rejects(
        runSweep(deps, { source: bad, file: 'bad.yaml', apply: true, actor: 't' }),
        (e) => isOnesellerError(e) && e.code === 'invalid_input' && /bad\.yaml:\d+: .*verifed/.test(e.message),
      )
      assert.deepEqual(await deps.policies.listPolicies(), [])
    } finally {
      await deps.close()
    }
  })

  it('lets the event loop turn while it builds the features of a large base', async () => {
    // 45,000 accounts in pairs, each pair a cluster linked on a phone: read from stores that answer at once.
    const summaries: AccountSummary[] = []
    const run = new LinkageSummaryBuilder()
    for (let k = 0; k < 45_000; k++) {
      summaries.push(anAccountSummary({ id: `s${k}` }))
      run.addAccount(`s${k}`, `s${k - (k % 2)}`, null)
      if (k % 2 === 1) run.addLink(`s${k - 1}`, `s${k}`, 20, ['phone'])
    }
    const linkage = run.finish()
    const deps = {
      events: { readSummaryColumns: async () => toSummaryColumns(summaries) },
      linkage: { readLinkageSummary: async () => linkage },
      policies: { historyCounts: async () => new Map() },
    } as unknown as Pick<SweepDeps, 'events' | 'linkage' | 'policies'>
    const { result, turns } = await turnsDuring(() => readFeatureTable(deps, toInstant(0)))
    assert.ok(turns >= 4, `${turns} turns`)
    assert.deepEqual(result.membersOf('s44999'), ['s44998', 's44999'])
  })
})
