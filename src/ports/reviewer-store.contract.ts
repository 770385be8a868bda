import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import type { ReviewerSession, ReviewerStore, StoredReviewer } from './reviewer-store.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const HOUR = 3_600_000

const aReviewer = (over: Partial<StoredReviewer> = {}): StoredReviewer => ({
  id: 'rev_1',
  name: 'ana',
  role: 'lead',
  passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA',
  createdAt: T0,
  disabledAt: null,
  ...over,
})

const aSession = (over: Partial<ReviewerSession> = {}): ReviewerSession => ({
  idHash: 'a'.repeat(64),
  reviewer: 'rev_1',
  createdAt: T0,
  expiresAt: toInstant(T0 + 12 * HOUR),
  revokedAt: null,
  ...over,
})

export interface ReviewerStores {
  readonly reviewers: ReviewerStore
  close(): Promise<void>
}

/** The behaviour every {@link ReviewerStore} must have; each adapter runs this suite. */
export function describeReviewerStoreContract(name: string, open: () => Promise<ReviewerStores>): void {
  describe(`${name} satisfies ReviewerStore`, () => {
    let stores: ReviewerStores
    let store: ReviewerStore
    beforeEach(async () => {
      stores = await open()
      store = stores.reviewers
    })
    afterEach(async () => {
      await stores.close()
    })

    it('finds a reviewer by name, with its role, password hash and times', async () => {
      await store.insert(aReviewer())
      assert.deepEqual(await store.findByName('ana'), aReviewer())
      assert.equal(await store.findByName('bo'), undefined)
    })

    it('refuses a second reviewer with a taken name as a conflict, and stores nothing of it', async () => {
      await store.insert(aReviewer())
      await assert.rejects(store.insert(aReviewer({ id: 'rev_2', role: 'admin' })), (e) => {
        assert.ok(isOnesellerError(e) && e.code === 'conflict', String(e))
        return true
      })
      assert.deepEqual(
        (await store.list()).map((r) => [r.id, r.role]),
        [['rev_1', 'lead']],
      )
    })

    it('lists reviewers oldest first', async () => {
      await store.insert(aReviewer({ id: 'rev_b', name: 'bo', createdAt: toInstant(T0 + 1) }))
      await store.insert(aReviewer({ id: 'rev_a', name: 'ana' }))
      assert.deepEqual(
        (await store.list()).map((r) => r.name),
        ['ana', 'bo'],
      )
    })

    it('disables a reviewer once, keeping the first time, ending its open sessions and no one else’s', async () => {
      await store.insert(aReviewer())
      await store.insert(aReviewer({ id: 'rev_2', name: 'bo' }))
      await store.insertSession(aSession())
      await store.insertSession(aSession({ idHash: 'b'.repeat(64), revokedAt: toInstant(T0 + 1) }))
      await store.insertSession(aSession({ idHash: 'c'.repeat(64), reviewer: 'rev_2' }))
      assert.equal((await store.disable('ana', toInstant(T0 + 5)))?.disabledAt, T0 + 5)
      assert.equal((await store.disable('ana', toInstant(T0 + 9)))?.disabledAt, T0 + 5)
      assert.equal((await store.findByName('ana'))?.disabledAt, T0 + 5)
      assert.equal((await store.findSession('a'.repeat(64)))?.session.revokedAt, T0 + 5)
      assert.equal((await store.findSession('b'.repeat(64)))?.session.revokedAt, T0 + 1)
      assert.equal((await store.findSession('c'.repeat(64)))?.session.revokedAt, null)
      assert.equal(await store.disable('nobody', T0), undefined)
    })

    it('finds a session by its hash together with its reviewer', async () => {
      await store.insert(aReviewer())
      await store.insertSession(aSession())
      assert.deepEqual(await store.findSession('a'.repeat(64)), { session: aSession(), reviewer: aReviewer() })
      assert.equal(await store.findSession('f'.repeat(64)), undefined)
    })

    it('revokes a session once, keeping the first time, and says when the hash is unknown', async () => {
      await store.insert(aReviewer())
      await store.insertSession(aSession())
      assert.equal(await store.revokeSession('a'.repeat(64), toInstant(T0 + 7)), true)
      assert.equal(await store.revokeSession('a'.repeat(64), toInstant(T0 + 8)), true)
      assert.equal((await store.findSession('a'.repeat(64)))?.session.revokedAt, T0 + 7)
      assert.equal(await store.revokeSession('f'.repeat(64), T0), false)
    })

    it('refuses a second session with the same hash', async () => {
      await store.insert(aReviewer())
      await store.insertSession(aSession())
      await assert.rejects(store.insertSession(aSession({ createdAt: toInstant(T0 + 1) })))
    })

    it('forgets only the sessions that expired before a time', async () => {
      await store.insert(aReviewer())
      await store.insertSession(aSession({ idHash: 'a'.repeat(64), expiresAt: toInstant(T0 + HOUR) }))
      await store.insertSession(aSession({ idHash: 'b'.repeat(64), expiresAt: toInstant(T0 + 3 * HOUR) }))
      assert.equal(await store.forgetSessionsBefore(toInstant(T0 + 2 * HOUR)), 1)
      assert.equal(await store.findSession('a'.repeat(64)), undefined)
      assert.ok(await store.findSession('b'.repeat(64)))
    })
  })
}
