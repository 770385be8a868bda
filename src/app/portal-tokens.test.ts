import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { anAccountRecord } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import type { LineSource } from '../ports/index.ts'
import { ingestRecords } from './ingest-records.ts'
import { issuePortalToken, type PortalTokenDeps, verifyPortalToken } from './portal-tokens.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1, 9, 0, 0, 250))
const SECRET = 'a-portal-secret-of-at-least-32-characters'

describe('seller portal tokens', () => {
  let events: SqliteEventStore
  let clock: FixedClock
  let deps: PortalTokenDeps

  before(async () => {
    events = SqliteEventStore.open(':memory:')
    clock = new FixedClock(T0)
    deps = { events, secrets: new NodeSecrets(), clock }
    const line = JSON.stringify(anAccountRecord({ account: 'shop-1' }))
    const source: LineSource = {
      name: 'test',
      size: undefined,
      lines: (async function* () {
        yield { lineNo: 1, text: line, endOffset: line.length }
      })(),
    }
    const report = await ingestRecords({ events, clock, parser: new InProcessRecordParser() }, source)
    assert.equal(report.stored, 1)
  })
  after(() => events.close())

  const issue = (over: { account?: string; ttlSeconds?: number; secret?: string } = {}) =>
    issuePortalToken(deps, { account: 'shop-1', secret: SECRET, ...over })

  it('issues a token for a known account that verifies to that account until it expires (1 hour by default)', async () => {
    const issued = await issue()
    assert.match(issued.token, /^osp_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    assert.equal(issued.expiresAt, Date.UTC(2026, 0, 1, 10))
    assert.deepEqual(verifyPortalToken(deps, issued.token, SECRET), {
      ok: true,
      value: { account: 'shop-1', expiresAt: issued.expiresAt },
    })
    clock.advance(issued.expiresAt - T0 - 1)
    assert.ok(verifyPortalToken(deps, issued.token, SECRET).ok)
    clock.advance(1)
    assert.deepEqual(verifyPortalToken(deps, issued.token, SECRET), { ok: false, error: 'expired' })
    clock.advance(T0 - clock.now())
  })

  it('refuses a token altered anywhere, or signed under another secret', async () => {
    const { token } = await issue()
    const other = await issue({ secret: 'another-secret-of-at-least-32-characters' })
    assert.deepEqual(verifyPortalToken(deps, other.token, SECRET), { ok: false, error: 'forged' })
    // A longer-lived token's payload under this token's signature: the expiry cannot be moved.
    const longer = await issue({ ttlSeconds: 7200 })
    const payloadOf = (t: string) => t.slice(0, t.lastIndexOf('.'))
    const signatureOf = (t: string) => t.slice(t.lastIndexOf('.') + 1)
    assert.ok(verifyPortalToken(deps, longer.token, SECRET).ok)
    const mixed = `${payloadOf(longer.token)}.${signatureOf(token)}`
    assert.deepEqual(verifyPortalToken(deps, mixed, SECRET), { ok: false, error: 'forged' })
    const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`
    assert.deepEqual(verifyPortalToken(deps, flipped, SECRET), { ok: false, error: 'forged' })
    assert.deepEqual(verifyPortalToken(deps, 'osp_garbage', SECRET), { ok: false, error: 'malformed' })
  })

  it('takes lifetimes up to 24 hours and refuses longer ones, and unknown accounts', async () => {
    const day = await issue({ ttlSeconds: 86_400 })
    assert.equal(day.expiresAt, Date.UTC(2026, 0, 2, 9))
    const codeOf = async (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: unknown) => (isOnesellerError(e) ? e.code : String(e)),
      )
    assert.equal(await codeOf(issue({ ttlSeconds: 86_401 })), 'invalid_input')
    assert.equal(await codeOf(issue({ ttlSeconds: 0 })), 'invalid_input')
    assert.equal(await codeOf(issue({ account: 'shop-2' })), 'not_found')
  })
})
