import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { openNdjsonFile } from '../adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { toInstant } from '../core/time.ts'
import { WORLD_END, writeMarketplace } from '../sim/index.ts'
import { featuresOfAccount } from './decide-account.ts'
import { importRecords } from './import-records.ts'
import { LiveLinkage } from './live-linkage.ts'
import { runLinkage } from './run-linkage.ts'

/**
 * A marketplace whose last accounts register after the latest run: the live linkage must link them at once much as
 * the next bulk run does, and only to their own operator's accounts.
 */
describe('LiveLinkage', () => {
  let dir: string
  /** Accounts held out of the first import: every tenth account of each role, operators' shops among them. */
  const late = new Set<string>()
  const operatorOf = new Map<string, string>()
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-live-linkage-'))
    await writeMarketplace({ accounts: 1200, seed: 21, outDir: dir })
    const truth = readFileSync(join(dir, 'truth.csv'), 'utf8').trim().split('\n').slice(1)
    truth.forEach((row, i) => {
      const [account, operator] = row.split(',') as [string, string]
      operatorOf.set(account, operator)
      if (i % 10 === 3) late.add(account)
    })
    const early: string[] = []
    const rest: string[] = []
    for (const line of readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n')) {
      if (line === '') continue
      ;(late.has((JSON.parse(line) as { account: string }).account) ? rest : early).push(line)
    }
    writeFileSync(join(dir, 'early.ndjson'), `${early.join('\n')}\n`)
    writeFileSync(join(dir, 'late.ndjson'), `${rest.join('\n')}\n`)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  /** A store of the early accounts, linked; the live linkage loaded; then the late accounts stored and linked live. */
  async function linkLate(file: string) {
    const events = SqliteEventStore.open(join(dir, file))
    const clock = new FixedClock(toInstant(WORLD_END))
    const deps = { events, linkage: events.linkageStore(), policies: events.policyStore(), clock }
    const importFile = (name: string) =>
      importRecords({ events, clock, parser: new InProcessRecordParser() }, [openNdjsonFile(join(dir, name))])
    await importFile('early.ndjson')
    await runLinkage(deps)
    const live = await LiveLinkage.load(deps)
    const loaded = live.accounts
    await importFile('late.ndjson')
    await live.refresh(late)
    return { events, deps, live, loaded }
  }

  it('links accounts stored after the run as the next run does, to their own operator only', async () => {
    const { events, deps, live, loaded } = await linkLate('store.db')
    try {
      assert.equal(live.accounts, loaded + late.size)

      // What the live linkage says of each late account, then what a bulk run over everything says.
      const liveCluster = new Map([...late].map((a) => [a, new Set(live.clusterOf(a)?.members ?? [])]))
      const bulk = await runLinkage(deps)
      let agree = 0
      let liveLinked = 0
      let wrong = 0
      for (const a of late) {
        const bulkMates = new Set(
          [...bulk.run.clusters].filter(([, c]) => c === bulk.run.clusters.get(a)).map(([m]) => m),
        )
        const mates = liveCluster.get(a)!
        if (mates.size > 1) liveLinked++
        // Same verdict: linked to some account of the run's cluster, or alone in both.
        if (
          mates.size > 1 === bulkMates.size > 1 &&
          (mates.size === 1 || [...mates].some((m) => m !== a && bulkMates.has(m)))
        )
          agree++
        for (const m of mates) if (operatorOf.get(m) !== operatorOf.get(a)) wrong++
      }
      assert.ok(liveLinked >= 10, `${liveLinked} late accounts linked live`)
      assert.ok(agree >= 0.95 * late.size, `live and bulk agree on ${agree} of ${late.size} late accounts`)
      assert.equal(wrong, 0, 'no late account is put with another operator’s accounts')
    } finally {
      await events.close()
    }
  })

  it('leaves the run’s clusters as they are when their members are linked again', async () => {
    const events = SqliteEventStore.open(join(dir, 'again.db'))
    const clock = new FixedClock(toInstant(WORLD_END))
    const deps = { events, linkage: events.linkageStore(), policies: events.policyStore(), clock }
    try {
      await importRecords({ events, clock, parser: new InProcessRecordParser() }, [
        openNdjsonFile(join(dir, 'early.ndjson')),
      ])
      const { run } = await runLinkage(deps)
      const live = await LiveLinkage.load(deps)
      const membersOf = new Map<string, string[]>()
      for (const [account, cluster] of run.clusters)
        membersOf.set(cluster, [...(membersOf.get(cluster) ?? []), account])
      const clustered = [...run.clusters.keys()].filter((a) => membersOf.get(run.clusters.get(a)!)!.length > 1)
      assert.ok(clustered.length >= 50, `${clustered.length} accounts in clusters of two or more`)
      await live.refresh(clustered)
      for (const a of clustered) {
        assert.deepEqual(live.clusterOf(a)?.members.sort(), membersOf.get(run.clusters.get(a)!)!.sort(), a)
        assert.deepEqual(live.liveLinksOf(a), [], `${a}: the run's links hold its cluster`)
      }
    } finally {
      await events.close()
    }
  })

  it('views a cluster with its strongest links alone as the first of all its links, run and live together', async () => {
    const { events, live } = await linkLate('view.db')
    try {
      const joined = [...late].filter(
        (a) => live.liveLinksOf(a).length > 0 && (live.clusterOf(a)?.members.length ?? 0) > 2,
      )
      assert.ok(joined.length >= 3, `${joined.length} late accounts linked live into clusters of three or more`)
      let runAndLive = 0
      for (const a of joined) {
        // The strongest first (what the cache then holds of the run cluster), then all, then the strongest again.
        const strongest = await live.viewOf(a, { strongest: 2 })
        const all = await live.viewOf(a)
        const again = await live.viewOf(a, { strongest: 2 })
        assert.ok(all !== undefined && strongest !== undefined)
        assert.equal(all.linkCount, all.links.length, a)
        assert.deepEqual(strongest, { ...all, links: all.links.slice(0, 2) }, a)
        assert.deepEqual(again, strongest, a)
        if (all.links.length > live.liveLinksOf(a).length) runAndLive++
      }
      assert.ok(runAndLive > 0, 'some cluster has links of the run and links found live')
    } finally {
      await events.close()
    }
  })

  it('gives decisions the cluster with the live links and their evidence', async () => {
    const { events, deps, live } = await linkLate('decide.db')
    const { clock } = deps
    try {
      const linked = [...late].find((a) => (live.clusterOf(a)?.members.length ?? 0) > 2)
      assert.ok(linked, 'some late account joins a cluster of two or more')
      const before = await featuresOfAccount(deps, linked, clock.now())
      assert.equal(before.features.cluster.size, 1, 'the latest run does not know it')
      const now = await featuresOfAccount({ ...deps, live }, linked, clock.now())
      assert.equal(now.features.cluster.size, live.clusterOf(linked)!.members.length)
      assert.ok(now.links.length > 0)
      const evidence = live.liveLinksOf(linked).find((l) => l.a === linked || l.b === linked)
      assert.ok(
        evidence?.evidence.some((e) => e.weight > 0),
        'each live link carries its evidence',
      )
    } finally {
      await events.close()
    }
  })
})
