import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { toInstant } from '../../../core/time.ts'
import { describePolicyStoreContract } from '../../../ports/policy-store.contract.ts'
import { verifyAuditChain } from '../audit-chain.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const entry = (i: number) => ({
  at: toInstant(T0 + i),
  actor: 'alice',
  action: 'sweep.start',
  subject: 's',
  detail: { i },
})

const dir = mkdtempSync(join(tmpdir(), 'oneseller-policy-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const aFile = () => join(dir, `store-${++files}.db`)

// A file rather than ':memory:' so that a second connection can edit a row behind the store's back.
describePolicyStoreContract(
  'SqlitePolicyStore',
  async () => {
    const file = aFile()
    const events = SqliteEventStore.open(file)
    return {
      store: events.policyStore(),
      async editAuditDetail(seq, detail) {
        const db = new Database(file)
        db.exec('DROP TRIGGER audit_no_update')
        db.prepare('UPDATE audit SET detail = ? WHERE seq = ?').run(detail, seq)
        db.close()
      },
      close: () => events.close(),
    }
  },
  verifyAuditChain,
)

describe('SqlitePolicyStore on a store file', () => {
  it('works on an in-memory store too', async () => {
    const events = SqliteEventStore.open(':memory:')
    const store = events.policyStore()
    await store.appendAudit([entry(1)])
    assert.equal((await store.listAudit()).length, 1)
    await events.close()
  })

  it('continues the chain of the file after a reopen, and through a second connection to the same file', async () => {
    const file = aFile()
    const first = SqliteEventStore.open(file)
    await first.policyStore().appendAudit([entry(1), entry(2)])
    await first.close()
    const one = SqliteEventStore.open(file)
    const two = SqliteEventStore.open(file)
    for (let i = 3; i < 23; i += 2) {
      await one.policyStore().appendAudit([entry(i)])
      await two.policyStore().savePolicy({ name: 'p', source: 's', mode: 'live', loadedBy: 'bob', at: T0 })
    }
    const audit = await two.policyStore().listAudit()
    assert.equal(audit.length, 22)
    assert.deepEqual(verifyAuditChain(audit), { ok: true, checked: 22 })
    assert.equal((await one.policyStore().getPolicy('p'))?.version, 10)
    await Promise.all([one.close(), two.close()])
  })

  it('refuses to change or delete an audit record, whoever connects', async () => {
    const file = aFile()
    const events = SqliteEventStore.open(file)
    await events.policyStore().appendAudit([entry(1)])
    const db = new Database(file)
    assert.throws(() => db.prepare(`UPDATE audit SET actor = 'mallory'`).run(), /append-only/)
    assert.throws(() => db.prepare('DELETE FROM audit').run(), /append-only/)
    db.close()
    assert.equal((await events.policyStore().listAudit())[0]?.actor, 'alice')
    await events.close()
  })
})
