import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  anAccountRecord,
  anUpdateRecord,
  aSessionRecord,
  aStatusRecord,
  aVerificationRecord,
  toEventInput,
} from '../../test/builders/records.ts'
import { type AccountSummary, summaryAt } from '../core/features/index.ts'
import type { AccountId } from '../core/ids.ts'
import { toInstant } from '../core/time.ts'
import type { EventStore, ProfileCodec } from './event-store.ts'

const NOW = toInstant(Date.UTC(2026, 0, 1))
const A1 = 'a1' as AccountId

/** The behaviour every {@link EventStore} must have; each adapter runs this suite. */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`${name} satisfies EventStore`, () => {
    let store: EventStore
    beforeEach(async () => {
      store = await open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('stores records and derives the account state from them', async () => {
      const outcomes = await store.append(
        [toEventInput(anAccountRecord()), toEventInput(aSessionRecord()), toEventInput(aStatusRecord('suspended'))],
        NOW,
      )
      assert.deepEqual(
        outcomes.map((o) => o.kind),
        ['stored', 'stored', 'stored'],
      )
      const state = await store.getAccount(A1)
      assert.equal(state?.registered, true)
      assert.equal(state?.status, 'suspended')
      assert.equal(state?.marketplace, 'US')
      assert.deepEqual(state?.eventCounts, {
        account: 1,
        session: 1,
        update: 0,
        listing: 0,
        verification: 0,
        status: 1,
      })
    })

    it('recognises a record it already holds as a duplicate and stores nothing', async () => {
      const batch = [toEventInput(anAccountRecord()), toEventInput(aSessionRecord())]
      await store.append(batch, NOW)
      const again = await store.append(batch, NOW)
      assert.deepEqual(
        again.map((o) => o.kind),
        ['duplicate', 'duplicate'],
      )
      assert.equal((await store.listEvents(A1)).length, 2)
      assert.equal((await store.stats()).recordsByType.session, 1)
    })

    it('treats the same record twice in one batch as one record and a duplicate', async () => {
      const s = toEventInput(aSessionRecord())
      const outcomes = await store.append([toEventInput(anAccountRecord()), s, s], NOW)
      assert.deepEqual(
        outcomes.map((o) => o.kind),
        ['stored', 'stored', 'duplicate'],
      )
    })

    it('serves appends made at once by several callers as if one came after another', async () => {
      // A server's requests: each caller gets its own outcomes, a record sent by two callers is stored once.
      const calls = [
        [toEventInput(anAccountRecord({ account: 'c1' }))],
        [toEventInput(anAccountRecord({ account: 'c2' })), toEventInput(aSessionRecord({ account: 'c2' }))],
        [toEventInput(anAccountRecord({ account: 'c1' }))],
        [toEventInput(anAccountRecord({ account: 'c1', marketplace: 'DE' }))],
      ]
      const outcomes = await Promise.all(calls.map((events) => store.append(events, NOW)))
      assert.deepEqual(
        outcomes.map((o) => o.map((x) => x.kind)),
        [['stored'], ['stored', 'stored'], ['duplicate'], ['rejected']],
      )
      const first = outcomes[0]?.[0]
      assert.ok(first?.kind === 'stored' && outcomes[2]?.[0]?.kind === 'duplicate')
      assert.equal(outcomes[2][0].seq, first.seq)
      const seqs = outcomes.flat().flatMap((o) => (o.kind === 'stored' ? [o.seq] : []))
      assert.equal(new Set(seqs).size, 3)
      assert.equal((await store.stats()).accounts, 2)
    })

    it('rejects a second, different registration of an account, naming the field', async () => {
      await store.append([toEventInput(anAccountRecord())], NOW)
      const [outcome] = await store.append([toEventInput(anAccountRecord({ marketplace: 'DE' }))], NOW)
      assert.equal(outcome?.kind, 'rejected')
      assert.equal(outcome?.kind === 'rejected' && outcome.field, 'account')
      assert.equal((await store.getAccount(A1))?.marketplace, 'US')
    })

    it('derives the same state whatever order the records arrive in', async () => {
      const update = toEventInput(anUpdateRecord({ email: 'new@example.com', phone: '+1 415 555 0100' }))
      const later = toEventInput(anUpdateRecord({ phone: null }, { at: '2024-02-01T00:00:00Z' }))
      const status = toEventInput(aStatusRecord('deactivated'))
      await store.append([later, status], NOW)
      await store.append([update], NOW)
      await store.append([toEventInput(anAccountRecord())], NOW)
      const state = await store.getAccount(A1)
      assert.equal(state?.status, 'deactivated')
      assert.equal(state?.profile.email, 'new@example.com')
      assert.equal(state?.profile.phone, undefined)
      assert.equal(state?.registeredAt, Date.UTC(2024, 0, 1))
    })

    it('counts accounts by status, marketplace, kind and channel, and records by type', async () => {
      await store.append(
        [
          toEventInput(anAccountRecord()),
          toEventInput(
            anAccountRecord({
              account: 'a2',
              marketplace: 'DE',
              kind: 'business',
              channel: { type: 'invite', ref: 'x' },
            }),
          ),
          toEventInput(aStatusRecord('deactivated', { account: 'a2' })),
          toEventInput(aSessionRecord({ account: 'ghost' })),
        ],
        NOW,
      )
      const s = await store.stats()
      assert.equal(s.accounts, 2)
      assert.equal(s.unregistered, 1)
      assert.deepEqual(s.byStatus, { active: 1, deactivated: 1 })
      assert.deepEqual(s.byMarketplace, { DE: 1, US: 1 })
      assert.deepEqual(s.byChannel, { invite: 1, organic: 1 })
      assert.equal(s.recordsByType.session, 1)
      assert.equal(s.firstEventAt, Date.UTC(2024, 0, 1))
    })

    it('derives the identifiers of the current profile, and replaces them when an update changes it', async () => {
      await store.append([toEventInput(anAccountRecord({ email: 'Jo.Smith+shop@GMail.com' }))], NOW)
      const keys = async () => (await store.getAccount(A1))?.identifiers.map((i) => `${i.kind}=${i.key}`)
      assert.ok((await keys())?.includes('email=josmith@gmail.com'))
      await store.append([toEventInput(anUpdateRecord({ email: 'other@example.com' }))], NOW)
      assert.ok((await keys())?.includes('email=other@example.com'))
      assert.ok(!(await keys())?.includes('email=josmith@gmail.com'))
    })

    it('rebuilds the current state from the log alone', async () => {
      await store.append(
        [
          toEventInput(anAccountRecord()),
          toEventInput(anUpdateRecord({ email: 'b@example.com' })),
          toEventInput(aStatusRecord('suspended')),
        ],
        NOW,
      )
      const before = await store.getAccount(A1)
      assert.equal(await store.rebuildState(), 1)
      assert.deepEqual(await store.getAccount(A1), before)
    })

    it('summarises each verification method: latest outcome, when, and when it last passed', async () => {
      await store.append(
        [
          toEventInput(anAccountRecord()),
          toEventInput(aVerificationRecord('id_document', { outcome: 'passed', at: '2024-01-05T00:00:00Z' })),
          toEventInput(aVerificationRecord('id_document', { outcome: 'failed', at: '2024-01-06T00:00:00Z' })),
          toEventInput(aVerificationRecord('video', { at: '2024-01-07T00:00:00Z', face: [0.1, 0.2] })),
        ],
        NOW,
      )
      const state = await store.getAccount(A1)
      assert.deepEqual(state?.verifications, {
        id_document: { outcome: 'failed', at: Date.UTC(2024, 0, 6), passedAt: Date.UTC(2024, 0, 5) },
        video: { outcome: 'pending', at: Date.UTC(2024, 0, 7), passedAt: null },
      })
      assert.equal(state?.eventCounts.verification, 3)
    })

    it('orders submissions of one method by time, however late one arrives', async () => {
      await store.append(
        [
          toEventInput(anAccountRecord()),
          toEventInput(aSessionRecord({ at: '2024-03-01T00:00:00Z' })),
          toEventInput(aVerificationRecord('video', { outcome: 'failed', at: '2024-02-01T00:00:00Z' })),
        ],
        NOW,
      )
      // Older than the failure: it does not replace it, though it passed.
      await store.append(
        [toEventInput(aVerificationRecord('video', { outcome: 'passed', at: '2024-01-10T00:00:00Z' }))],
        NOW,
      )
      // Another method, older than the latest session: it still counts as that method's latest.
      await store.append(
        [toEventInput(aVerificationRecord('postcard', { outcome: 'passed', at: '2024-01-20T00:00:00Z' }))],
        NOW,
      )
      const state = await store.getAccount(A1)
      assert.deepEqual(state?.verifications, {
        postcard: { outcome: 'passed', at: Date.UTC(2024, 0, 20), passedAt: Date.UTC(2024, 0, 20) },
        video: { outcome: 'failed', at: Date.UTC(2024, 1, 1), passedAt: Date.UTC(2024, 0, 10) },
      })
      assert.equal(await store.rebuildState(), 1)
      assert.deepEqual((await store.getAccount(A1))?.verifications, state?.verifications)
    })

    it('keeps the problem codes of the declarations when a status or verification record arrives', async () => {
      // A US SSN in the 9xx area is never issued: an invalid national id.
      const representative = {
        givenName: 'Ada',
        familyName: 'Lovelace',
        document: { type: 'national_id', country: 'US', number: '900-12-3456' },
      }
      await store.append([toEventInput(anAccountRecord({ representative }))], NOW)
      const before = await summaryOf(store, 'a1')
      assert.ok(before?.problems.some((p) => p.startsWith('national_id:')))
      assert.deepEqual(before?.invalidKinds, ['national_id'])
      await store.append([toEventInput(aStatusRecord('suspended'))], NOW)
      await store.append([toEventInput(aVerificationRecord('postcard', { outcome: 'passed' }))], NOW)
      const after = await summaryOf(store, 'a1')
      assert.deepEqual([after?.problems, after?.invalidKinds], [before?.problems, before?.invalidKinds])
      assert.equal(after?.status, 'suspended')
    })

    it('reads the summaries of the accounts asked for, the same as a scan, skipping unknown ones', async () => {
      await store.append(
        [
          toEventInput(anAccountRecord()),
          toEventInput(anAccountRecord({ account: 'b2' })),
          toEventInput(aVerificationRecord('video', { account: 'b2', outcome: 'failed' })),
          toEventInput(anAccountRecord({ account: 'c3' })),
        ],
        NOW,
      )
      const some = await store.summariesOf(['c3', 'b2', 'nobody'])
      assert.deepEqual(
        some.map((s) => s.id),
        ['b2', 'c3'],
      )
      assert.deepEqual(some[0], await summaryOf(store, 'b2'))
      assert.deepEqual(await store.summariesOf([]), [])
    })

    it('summarises every account, registered or not, from its row alone', async () => {
      await store.append(
        [
          toEventInput(anAccountRecord({ channel: { type: 'partner', ref: 'p-9' } })),
          toEventInput(aSessionRecord()),
          toEventInput(aSessionRecord({ at: '2024-01-02T01:00:00Z' })),
          toEventInput(anUpdateRecord({ phone: '+1 415 555 0100' })),
          toEventInput(aStatusRecord('suspended')),
          toEventInput(aVerificationRecord('id_document', { outcome: 'passed' })),
          toEventInput(aSessionRecord({ account: 'ghost', at: '2024-02-01T00:00:00Z' })),
        ],
        NOW,
      )
      const all: AccountSummary[] = []
      assert.equal(await store.scanSummaries((s) => all.push(s)), 2)
      assert.deepEqual(all, [
        {
          id: 'a1',
          registered: true,
          marketplace: 'US',
          kind: 'individual',
          channelType: 'partner',
          channelRef: 'p-9',
          status: 'suspended',
          registeredAt: Date.UTC(2024, 0, 1),
          firstEventAt: Date.UTC(2024, 0, 1),
          lastEventAt: Date.UTC(2024, 0, 5),
          sessions: 2,
          listings: 0,
          updates: 1,
          statuses: 1,
          verificationRecords: 1,
          verifications: {
            id_document: { outcome: 'passed', at: Date.UTC(2024, 0, 5), passedAt: Date.UTC(2024, 0, 5) },
          },
          // 555-0100 is in the range the US keeps for fiction.
          problems: ['phone:fictitious_range'],
          invalidKinds: ['phone'],
        },
        {
          id: 'ghost',
          registered: false,
          marketplace: null,
          kind: null,
          channelType: null,
          channelRef: null,
          status: 'active',
          registeredAt: null,
          firstEventAt: Date.UTC(2024, 1, 1),
          lastEventAt: Date.UTC(2024, 1, 1),
          sessions: 1,
          listings: 0,
          updates: 0,
          statuses: 0,
          verificationRecords: 0,
          verifications: {},
          problems: [],
          invalidKinds: [],
        },
      ])
    })

    it('reads in columns the same summaries, in the same order, as a scan, for every kind of account', async () => {
      const b2 = { account: 'b2' }
      await store.append(
        [
          toEventInput(anAccountRecord({ channel: { type: 'partner', ref: 'p-9' } })),
          toEventInput(anUpdateRecord({ phone: '+1 415 555 0100' })),
          toEventInput(aStatusRecord('suspended')),
          toEventInput(aVerificationRecord('id_document', { outcome: 'passed' })),
          toEventInput(anAccountRecord({ ...b2, channel: { type: 'invite', ref: 'inv-1' } })),
          toEventInput(aSessionRecord(b2)),
          toEventInput(aVerificationRecord('postcard', { ...b2, outcome: 'passed', at: '2024-01-05T00:00:00Z' })),
          toEventInput(aVerificationRecord('postcard', { ...b2, outcome: 'failed', at: '2024-01-06T00:00:00Z' })),
          toEventInput(aVerificationRecord('video', { ...b2, outcome: 'failed' })),
          toEventInput(aVerificationRecord('utility_bill', b2)),
          toEventInput(anAccountRecord({ account: 'c3' })),
          toEventInput(aStatusRecord('deactivated', { account: 'c3' })),
          toEventInput(anAccountRecord({ account: 'zé-4' })),
          toEventInput(aSessionRecord({ account: 'ghost', at: '2024-02-01T00:00:00Z' })),
        ],
        NOW,
      )
      const scanned: AccountSummary[] = []
      await store.scanSummaries((s) => scanned.push(s))
      const columns = await store.readSummaryColumns()
      assert.equal(columns.size, 5)
      assert.deepEqual(
        scanned.map((_, i) => summaryAt(columns, i)),
        scanned,
      )
      const b = scanned.find((s) => s.id === 'b2')
      assert.deepEqual(b?.verifications.postcard, {
        outcome: 'failed',
        at: Date.UTC(2024, 0, 6),
        passedAt: Date.UTC(2024, 0, 5),
      })
      assert.equal(b?.verifications.utility_bill?.outcome, 'pending')
    })

    it('keeps the log append-only: events come back exactly as stored, in time order', async () => {
      await store.append(
        [toEventInput(aSessionRecord({ at: '2024-03-01T00:00:00Z' })), toEventInput(anAccountRecord())],
        NOW,
      )
      const events = await store.listEvents(A1)
      assert.deepEqual(
        events.map((e) => e.record.type),
        ['account', 'session'],
      )
      assert.equal(events[0]?.storedAt, NOW)
    })

    it('reads one registered account as the scan visits it: the same state, the same events in the same order', async () => {
      const records = (account: string) => [
        toEventInput(aSessionRecord({ account, at: '2024-03-01T00:00:00Z', ip: ' 203.0.113.9 ', device: 'd-2' })),
        toEventInput(aSessionRecord({ account, at: '2024-03-01T00:00:00Z', device: 'd-3', cookie: 'c-1' })),
        toEventInput(anAccountRecord({ account })),
        toEventInput(anUpdateRecord({ email: 'new@example.com' }, { account })),
        toEventInput(aVerificationRecord('id_document', { account, outcome: 'passed', documentNumber: 'X1234567' })),
        toEventInput(aStatusRecord('suspended', { account })),
      ]
      await store.append([...records('a1'), ...records('b2')], NOW)
      await store.append([toEventInput(aSessionRecord({ account: 'c3' }))], NOW)
      const scanned = new Map<string, unknown>()
      await store.scanAccounts((state, events) => scanned.set(state.id, { state, events }))
      assert.deepEqual([...scanned.keys()].sort(), ['a1', 'b2'])
      for (const id of ['a1', 'b2']) assert.deepEqual(await store.scanAccount(id as AccountId), scanned.get(id), id)
      assert.equal(await store.scanAccount('c3' as AccountId), undefined, 'known but not registered')
      assert.equal(await store.scanAccount('nobody' as AccountId), undefined)
    })

    it('keeps a profile per account and derives again only the accounts with records stored since', async () => {
      const derivedFor: string[] = []
      const codec = (version: number): ProfileCodec<{ id: string; records: number; status: string }> => ({
        derive: (state, events) => {
          derivedFor.push(state.id)
          return { id: state.id, records: events.length, status: state.status }
        },
        encode: (p) => JSON.stringify([version, p]),
        decode: (text) => {
          const [v, p] = JSON.parse(text)
          return v === version ? p : undefined
        },
      })
      const scan = async (version = 1) => {
        derivedFor.length = 0
        const visited: unknown[] = []
        const counts = await store.scanProfiles(codec(version), (p) => visited.push(p))
        return { visited, counts, derived: [...derivedFor] }
      }
      await store.append(
        ['b2', 'a1'].flatMap((account) => [
          toEventInput(anAccountRecord({ account })),
          toEventInput(aSessionRecord({ account, at: '2024-03-01T00:00:00Z' })),
        ]),
        NOW,
      )
      await store.append([toEventInput(aSessionRecord({ account: 'c3' }))], NOW)
      const order: string[] = []
      await store.scanAccounts((state) => order.push(state.id))
      const first = await scan()
      assert.deepEqual(first.derived, order, 'every registered account derived once, in the scan order')
      assert.deepEqual(first.counts, { visited: 2, derived: 2 })
      assert.deepEqual(first.visited, [
        { id: 'a1', records: 2, status: 'active' },
        { id: 'b2', records: 2, status: 'active' },
      ])
      const second = await scan()
      assert.deepEqual(second.derived, [], 'nothing stored since: every profile read back')
      assert.deepEqual(second.visited, first.visited)
      assert.deepEqual(second.counts, { visited: 2, derived: 0 })
      await store.append([toEventInput(aStatusRecord('suspended', { account: 'b2' }))], NOW)
      await store.append([toEventInput(aSessionRecord({ account: 'b2' }))], NOW)
      const third = await scan()
      assert.deepEqual(third.derived, ['b2'])
      assert.deepEqual(third.visited, [
        { id: 'a1', records: 2, status: 'active' },
        { id: 'b2', records: 4, status: 'suspended' },
      ])
      assert.deepEqual((await scan(2)).derived, ['a1', 'b2'], 'profiles another version wrote are derived again')
      assert.deepEqual((await scan(2)).derived, [])
      await store.rebuildState()
      assert.deepEqual((await scan(2)).derived, ['a1', 'b2'], 'a rebuild of the state drops every profile')
    })

    it('scans profiles past a page of accounts, each once, in the scan order', async () => {
      const ids = Array.from({ length: 2_345 }, (_, i) => `p${String(i).padStart(5, '0')}`)
      await store.append(
        ids.map((account) => toEventInput(anAccountRecord({ account }))),
        NOW,
      )
      const codec: ProfileCodec<string> = {
        derive: (state) => state.id,
        encode: (id) => id,
        decode: (text) => text,
      }
      const first: string[] = []
      // Other work runs while a long scan goes on (a server's requests while its live linkage loads).
      let turns = 0
      let scanning = true
      const tick = () => {
        turns++
        if (scanning) setImmediate(tick)
      }
      setImmediate(tick)
      let turnsSeen = 0
      const counts = await store.scanProfiles(codec, (id) => {
        first.push(id)
        turnsSeen = turns
      })
      scanning = false
      assert.deepEqual(counts, { visited: 2_345, derived: 2_345 })
      assert.ok(turnsSeen > 0, 'the event loop turned while the scan ran')
      const again: string[] = []
      assert.deepEqual(await store.scanProfiles(codec, (id) => again.push(id)), { visited: 2_345, derived: 0 })
      assert.deepEqual(first, ids)
      assert.deepEqual(again, ids)
    })

    it('lists only the events of the types asked for, in the same order', async () => {
      await store.append(
        [
          toEventInput(aSessionRecord({ at: '2024-03-01T00:00:00Z' })),
          toEventInput(aStatusRecord('suspended')),
          toEventInput(anAccountRecord()),
          toEventInput(anUpdateRecord({ email: 'new@example.com' })),
          toEventInput(aSessionRecord({ at: '2024-03-02T00:00:00Z' })),
        ],
        NOW,
      )
      const all = await store.listEvents(A1)
      assert.equal(all.length, 5)
      const changes = await store.listEvents(A1, ['account', 'update', 'status'])
      assert.deepEqual(
        changes,
        all.filter((e) => e.record.type !== 'session'),
      )
      assert.deepEqual(
        (await store.listEvents(A1, ['session'])).map((e) => e.seq),
        all.filter((e) => e.record.type === 'session').map((e) => e.seq),
      )
      assert.deepEqual(await store.listEvents(A1, []), [])
    })
  })
}

async function summaryOf(store: EventStore, id: string): Promise<AccountSummary | undefined> {
  let found: AccountSummary | undefined
  await store.scanSummaries((s) => {
    if (s.id === id) found = s
  })
  return found
}
