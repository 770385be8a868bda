import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { anAccountRecord, toEventInput } from '../../../../test/builders/records.ts'
import { isOnesellerError } from '../../../core/errors.ts'
import type { AccountId } from '../../../core/ids.ts'
import { toInstant } from '../../../core/time.ts'
import { describeEventStoreContract } from '../../../ports/event-store.contract.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

describeEventStoreContract('SqliteEventStore', async () => SqliteEventStore.open(':memory:'))

describe('SqliteEventStore on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-sqlite-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps what it stored across a close and a reopen', async () => {
    const file = join(dir, 'sub', 'store.db')
    const store = SqliteEventStore.open(file)
    await store.append([toEventInput(anAccountRecord())], toInstant(0))
    await store.close()
    const reopened = SqliteEventStore.open(file)
    assert.equal((await reopened.getAccount('a1' as AccountId))?.registered, true)
    await reopened.close()
  })

  it('refuses a file that is not a database, names it, and leaves it untouched', () => {
    const file = join(dir, 'notes.db')
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(100))
    const before = readFileSync(file)
    assert.throws(
      () => SqliteEventStore.open(file),
      (e) => isOnesellerError(e) && e.code === 'invalid_input' && e.message.includes(file),
    )
    assert.deepEqual(readFileSync(file), before)
  })
})
