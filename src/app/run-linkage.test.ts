import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  anAccountRecord,
  anUpdateRecord,
  aSessionRecord,
  aStatusRecord,
  aVerificationRecord,
  toEventInput,
} from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { openNdjsonFile } from '../adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { LINKAGE_PROFILE_VERSION, type LinkageAccount, withFaceBands } from '../core/linkage/index.ts'
import { toInstant } from '../core/time.ts'
import { WORLD_END, writeMarketplace } from '../sim/index.ts'
import { importRecords } from './import-records.ts'
import { LINKAGE_PROFILES } from './live-linkage.ts'
import { runLinkage } from './run-linkage.ts'

/** What a run decided, comparable across runs and stores. */
function decided(run: Awaited<ReturnType<typeof runLinkage>>['run']) {
  return {
    clusters: [...run.clusters].sort(([a], [b]) => (a < b ? -1 : 1)),
    links: run.links,
    controlChanges: [...run.controlChanges].sort(([a], [b]) => (a < b ? -1 : 1)),
    m: run.weights.m,
    time: run.weights.time,
    face: run.weights.face,
  }
}

describe('runLinkage with linkage profiles', () => {
  let dir: string
  /** Accounts whose records come in a second file: every seventh account. */
  const late = new Set<string>()
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-run-linkage-'))
    await writeMarketplace({ accounts: 900, seed: 33, outDir: dir })
    const early: string[] = []
    const rest: string[] = []
    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n')
    lines.forEach((line, i) => {
      if (line === '') return
      const { account, type } = JSON.parse(line) as { account: string; type: string }
      // A late account's first records are early (it is registered), its sessions and listings come later.
      const isLate = Number(account.replace(/\D/g, '')) % 7 === 3 && (type === 'session' || type === 'listing')
      if (isLate) late.add(account)
      ;(isLate && i % 2 === 0 ? rest : early).push(line)
    })
    writeFileSync(join(dir, 'early.ndjson'), `${early.join('\n')}\n`)
    writeFileSync(join(dir, 'late.ndjson'), `${rest.join('\n')}\n`)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  function openStore(name: string) {
    const events = SqliteEventStore.open(join(dir, name))
    const clock = new FixedClock(toInstant(WORLD_END))
    const deps = { events, linkage: events.linkageStore(), clock }
    const importFile = (file: string) =>
      importRecords({ events, clock, parser: new InProcessRecordParser() }, [openNdjsonFile(join(dir, file))])
    return { events, deps, importFile }
  }

  it('reads unchanged accounts from their profiles and links exactly as when every account is derived', async () => {
    const kept = openStore('kept.db')
    await kept.importFile('early.ndjson')
    const first = await runLinkage(kept.deps)
    assert.equal(first.summary.derivedProfiles, first.summary.accounts, 'the first run derives every account')
    const second = await runLinkage(kept.deps)
    assert.equal(second.summary.derivedProfiles, 0, 'nothing stored since: every account read from its profile')
    assert.deepEqual(decided(second.run), decided(first.run))

    await kept.importFile('late.ndjson')
    const third = await runLinkage(kept.deps)
    const touched = new Set(
      readFileSync(join(dir, 'late.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { account: string }).account),
    )
    assert.ok(touched.size > 20, `${touched.size} accounts have late records`)
    assert.equal(third.summary.derivedProfiles, touched.size, 'only the accounts with records stored since')

    // The same records in a store that never kept a profile.
    const fresh = openStore('fresh.db')
    await fresh.importFile('early.ndjson')
    await fresh.importFile('late.ndjson')
    const whole = await runLinkage(fresh.deps)
    assert.equal(whole.summary.derivedProfiles, whole.summary.accounts)
    assert.deepEqual(decided(third.run), decided(whole.run))
    assert.ok(third.run.links.length > 50, `${third.run.links.length} links`)
    await kept.events.close()
    await fresh.events.close()
  })

  it('gives back from a profile exactly the account it derived, for every account', async () => {
    const { events, importFile } = openStore('roundtrip.db')
    await importFile('early.ndjson')
    const derived: LinkageAccount[] = []
    await events.scanAccounts((state, evs) => derived.push(LINKAGE_PROFILES.derive(state, evs)))
    assert.ok(derived.some((a) => a.faces.length > 0))
    assert.ok(derived.some((a) => a.listingImages.length > 0 && a.documentImages.length > 0))
    assert.ok(derived.some((a) => a.controlChangedAt !== null))
    assert.ok(derived.some((a) => a.keys.some((k) => k.flags !== undefined)))
    for (const a of derived) assert.deepEqual(LINKAGE_PROFILES.decode(LINKAGE_PROFILES.encode(a)), a, a.id)
    await events.close()
  })
})

/**
 * The profiles of a fixed set of records, pinned to the derivation's version: when what linkage derives of an account
 * changes, stored profiles must not be read as if it had not (LINKAGE_PROFILE_VERSION is bumped and the digest below
 * pinned again).
 */
const PINNED: Readonly<Record<number, string>> = {
  // Version 2: a German business licence's number is partial, as the registration it repeats (the records gained one).
  2: '9fab1ddb3243b7d7cd03fe73f8e693a75edb8016548988e8c90b6c4c92e7e460',
  // Version 3: the profile keeps the band numbers of each face.
  3: 'c097595d0c17016af3faac63a2995a17994678e6dd216d3776fe7c6055834c6e',
}

describe('linkage profiles', () => {
  it('derive what the pinned version derived from a fixed set of records', async () => {
    const events = SqliteEventStore.open(':memory:')
    const face = Array.from({ length: 128 }, (_, i) => Math.sin(i + 1) / 8)
    await events.append(
      [
        anAccountRecord({
          account: 'p1',
          phone: '+1 (415) 555-0101',
          addresses: [
            {
              role: 'business',
              lines: ['1 Market Street', 'Suite 400'],
              city: 'San Francisco',
              region: 'CA',
              postalCode: '94105',
              country: 'US',
            },
          ],
          bank: { country: 'DE', iban: 'DE89 3704 0044 0532 0130 00' },
          channel: { type: 'invite', ref: 'INV-77' },
        }),
        aSessionRecord({ account: 'p1', ip: '81.2.69.160', device: 'dev-9', cookie: 'ck-1' }),
        aSessionRecord({ account: 'p1', at: '2024-02-02T00:00:00Z', ip: '2001:db8::1', device: 'dev-9' }),
        {
          type: 'listing',
          account: 'p1',
          at: '2024-01-06T00:00:00Z',
          id: 'l1',
          title: 'Wireless Earbuds, Noise Cancelling – Black',
          imageHashes: ['00ff00ff00ff00ff', 'ABCDEF0123456789'],
        },
        aVerificationRecord('id_document', {
          account: 'p1',
          documentNumber: 'x12-345 678',
          imageHash: '0123456789abcdef',
          face,
          outcome: 'passed',
        }),
        aVerificationRecord('business_licence', { account: 'p1', documentNumber: 'HRB 178066 B' }),
        anUpdateRecord({ email: 'Other.Seller@Example.com' }, { account: 'p1', at: '2024-03-01T00:00:00Z' }),
        aStatusRecord('suspended', { account: 'p1', at: '2024-03-02T00:00:00Z' }),
      ].map((r, i) => toEventInput(r, i + 1)),
      toInstant(Date.parse('2024-04-01T00:00:00Z')),
    )
    const texts: string[] = []
    await events.scanProfiles(
      {
        ...LINKAGE_PROFILES,
        encode: (p) => {
          const text = LINKAGE_PROFILES.encode(p)
          texts.push(text)
          return text
        },
      },
      () => {},
    )
    await events.close()
    assert.equal(texts.length, 1)
    const digest = createHash('sha256').update(texts[0]!).digest('hex')
    assert.equal(
      digest,
      PINNED[LINKAGE_PROFILE_VERSION],
      `the derivation changed what it gives: bump LINKAGE_PROFILE_VERSION (core/linkage/linkage-profile.ts) and pin its digest here. The profile is now:\n${texts[0]}`,
    )
  })

  it('weigh a German business licence number without its court as partial, as the registration it repeats', async () => {
    const events = SqliteEventStore.open(':memory:')
    await events.append(
      [
        anAccountRecord({ account: 'de1' }),
        aVerificationRecord('business_licence', { account: 'de1', documentNumber: 'HRB 178066 B' }),
        anAccountRecord({ account: 'gb1' }),
        aVerificationRecord('business_licence', { account: 'gb1', documentNumber: '11417048' }),
        anAccountRecord({ account: 'id1' }),
        aVerificationRecord('id_document', { account: 'id1', documentNumber: 'PR123456' }),
      ].map((r, i) => toEventInput(r, i + 1)),
      toInstant(Date.parse('2024-04-01T00:00:00Z')),
    )
    const documentKeys = new Map<string, unknown>()
    await events.scanAccounts((state, scanned) => {
      const derived = LINKAGE_PROFILES.derive(state, scanned)
      const k = derived.keys.find((x) => x.kind === 'document_number')
      documentKeys.set(derived.id, k && { key: k.key, flags: k.flags })
    })
    await events.close()
    assert.deepEqual(documentKeys.get('de1'), { key: 'HRB178066B', flags: ['partial_number'] })
    // A Companies House number is unique in its country; an identity document that looks like one is not a licence.
    assert.deepEqual(documentKeys.get('gb1'), { key: '11417048', flags: undefined })
    assert.deepEqual(documentKeys.get('id1'), { key: 'PR123456', flags: undefined })
  })

  it('refuses a damaged profile or one of another version, so that it is derived again', () => {
    const account: LinkageAccount = {
      id: 'a1',
      status: 'active',
      controlChangedAt: null,
      keys: [{ kind: 'email', key: 'a@b.c', from: 1, until: null, flags: ['disposable'] }],
      documentImages: [],
      listingImages: ['00ff00ff00ff00ff'],
      faces: [Float32Array.from([0.1, 0.2])],
    }
    const text = LINKAGE_PROFILES.encode(account)
    const face = (JSON.parse(text) as unknown[][])[7]![0] as string
    const bands = (JSON.parse(text) as unknown[][])[8]![0] as string
    // Read back with the bands of its face, which the profile keeps (computed once, when it was written).
    assert.deepEqual(LINKAGE_PROFILES.decode(text), withFaceBands(account))
    assert.equal(withFaceBands(account).faceBands?.[0]?.length, 32)
    for (const bad of [
      '',
      text.slice(0, -5),
      text.replace(`[${LINKAGE_PROFILE_VERSION},`, `[${LINKAGE_PROFILE_VERSION + 1},`),
      text.replace('"email"', '"no_such_kind"'),
      text.replace('"active"', '"lost"'),
      text.replace('"a@b.c",1', '"a@b.c","1"'),
      text.replace(`"${face}"`, '"not base64!"'),
      text.replace(`"${face}"`, '[0.1,0.2]'),
      text.replace(`"${face}"`, '"AAAA"'),
      text.replace(`,["${bands}"]]`, ']'),
      text.replace(`["${bands}"]`, '[]'),
      text.replace(`"${bands}"`, `"${bands}","${bands}"`),
      text.replace(`"${bands}"`, '"AAAAAA=="'),
      text.replace(`"${bands}"`, '"not base64!"'),
      '{"id":"a1"}',
      'null',
    ]) {
      assert.equal(LINKAGE_PROFILES.decode(bad), undefined, bad)
    }
  })
})
