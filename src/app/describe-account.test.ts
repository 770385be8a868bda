import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseLines } from '../adapters/parse/parse-lines.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { accountHistory, toAccountEvent } from '../core/accounts/index.ts'
import type { AccountId } from '../core/ids.ts'
import { toInstant } from '../core/time.ts'
import { generateMarketplace } from '../sim/index.ts'
import { describeAccount } from './describe-account.ts'

const AT = toInstant(Date.UTC(2026, 0, 1))

describe('describeAccount', () => {
  it('gives the history that folding every record of the account gives, with or without updates', async () => {
    const store = SqliteEventStore.open(':memory:')
    try {
      const lines = [...generateMarketplace({ accounts: 300, seed: 3 })].flatMap((c) => c.lines)
      for (let i = 0; i < lines.length; i += 2_000) {
        const slice = lines.slice(i, i + 2_000).map((text, k) => ({ lineNo: i + k + 1, text, endOffset: 0 }))
        await store.append(parseLines('generated.ndjson', slice).events, AT)
      }
      const ids: string[] = []
      await store.scanSummaries((s) => {
        ids.push(s.id)
      })
      let updated = 0
      let withStatus = 0
      for (const id of ids) {
        const all = await store.listEvents(id as AccountId)
        // Every record, identifiers derived again from each declaration: what the description must equal.
        const expected = accountHistory(
          id as AccountId,
          all.map((e) => toAccountEvent(e.record, e.at)),
        )
        const { state, history } = await describeAccount({ events: store }, id)
        assert.deepEqual(history, expected, id)
        assert.deepEqual(state, await store.getAccount(id as AccountId))
        if (all.some((e) => e.record.type === 'update')) updated += 1
        if (all.some((e) => e.record.type === 'status')) withStatus += 1
      }
      assert.ok(updated > 5 && withStatus > 5, `both kinds of account are checked (${updated} updated, ${withStatus})`)
    } finally {
      await store.close()
    }
  })

  it('names an account the store does not know', async () => {
    const store = SqliteEventStore.open(':memory:')
    try {
      await assert.rejects(describeAccount({ events: store }, 'nobody'), /no account "nobody"/)
    } finally {
      await store.close()
    }
  })
})
