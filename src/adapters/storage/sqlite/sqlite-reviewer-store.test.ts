import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { toInstant } from '../../../core/time.ts'
import { describeReviewerStoreContract } from '../../../ports/reviewer-store.contract.ts'
import { SqliteAccessStores } from './sqlite-access-stores.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

describeReviewerStoreContract('SqliteReviewerStore (in memory)', async () => {
  const stores = SqliteAccessStores.open(':memory:')
  return { reviewers: stores.reviewers, close: async () => stores.close() }
})

describe('SqliteReviewerStore on a store file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-reviewers-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps reviewers and sessions in the event store file, across reopening', async () => {
    const file = join(dir, 'store.db')
    const events = SqliteEventStore.open(file)
    const first = SqliteAccessStores.open(file)
    const reviewer = {
      id: 'rev_1',
      name: 'ana',
      role: 'admin' as const,
      passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA',
      createdAt: toInstant(0),
      disabledAt: null,
    }
    await first.reviewers.insert(reviewer)
    await first.reviewers.insertSession({
      idHash: 'd'.repeat(64),
      reviewer: 'rev_1',
      createdAt: toInstant(0),
      expiresAt: toInstant(1000),
      revokedAt: null,
    })
    first.close()
    const second = SqliteAccessStores.open(file)
    assert.deepEqual(await second.reviewers.list(), [reviewer])
    assert.equal((await second.reviewers.findSession('d'.repeat(64)))?.reviewer.name, 'ana')
    second.close()
    await events.close()
  })
})
