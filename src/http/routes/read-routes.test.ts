import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, anUpdateRecord } from '../../../test/builders/records.ts'
import { linkedMarketplace, postJson, startApiServer } from '../../../test/http/api-server.ts'

interface Page {
  limit: number
  nextCursor: string | null
}

describe('GET /v1/accounts/{id}', () => {
  it('answers what `oneseller account --json` prints: declarations, identifiers with problems, history', async (t) => {
    const api = await startApiServer(t)
    await api.fetch(
      '/v1/records',
      postJson([
        anAccountRecord({
          marketplace: 'CN',
          email: ' Jo.Smith+shop@GMail.com ',
          // a resident id with a wrong check digit
          representative: {
            givenName: 'Xiaoming',
            familyName: 'Wang',
            birthDate: '1990-03-07',
            document: { type: 'national_id', country: 'CN', number: '110105199003071230' },
          },
        }),
        anUpdateRecord({ phone: '+1 415 555 0100' }),
      ]),
    )
    const res = await api.fetch('/v1/accounts/a1')
    assert.equal(res.status, 200)
    const body = (await res.json()) as {
      id: string
      declarations: { email?: string }
      identifiers: { kind: string; key: string; valid: boolean; problems: { code: string }[] }[]
      history: { type: string }[]
      page: Page
    }
    assert.equal(body.id, 'a1')
    assert.equal(body.declarations.email, ' Jo.Smith+shop@GMail.com ')
    assert.ok(body.identifiers.some((i) => i.kind === 'email' && i.key === 'josmith@gmail.com' && i.valid))
    const document = body.identifiers.find((i) => i.kind === 'national_id')
    assert.equal(document?.valid, false)
    assert.ok(document?.problems.some((p) => p.code === 'bad_check_digit'))
    assert.deepEqual(
      body.history.map((h) => h.type),
      ['account', 'update'],
    )
    assert.equal(body.page.nextCursor, null)
  })

  it('pages the history with limit and cursor', async (t) => {
    const api = await startApiServer(t)
    await api.fetch(
      '/v1/records',
      postJson([
        anAccountRecord(),
        anUpdateRecord({ phone: '+1 415 555 0101' }, { at: '2024-01-02T00:00:00Z' }),
        anUpdateRecord({ phone: '+1 415 555 0102' }, { at: '2024-01-03T00:00:00Z' }),
      ]),
    )
    const first = (await (await api.fetch('/v1/accounts/a1?limit=2')).json()) as {
      history: { at: string }[]
      page: Page
    }
    assert.equal(first.history.length, 2)
    assert.ok(first.page.nextCursor)
    const second = (await (await api.fetch(`/v1/accounts/a1?limit=2&cursor=${first.page.nextCursor}`)).json()) as {
      history: { at: string }[]
      page: Page
    }
    assert.deepEqual(
      second.history.map((h) => h.at),
      ['2024-01-03T00:00:00Z'],
    )
    assert.equal(second.page.nextCursor, null)
  })

  it('refuses a limit above 1000 and a cursor it did not give out, naming the parameter', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson(anAccountRecord()))
    const tooMany = await api.fetch('/v1/accounts/a1?limit=1001')
    assert.equal(tooMany.status, 400)
    assert.equal(
      ((await tooMany.json()) as { error: { issues: { field: string }[] } }).error.issues[0]?.field,
      'query.limit',
    )
    const forged = await api.fetch('/v1/accounts/a1?cursor=bm90LWEtY3Vyc29y')
    assert.equal(forged.status, 400)
  })

  it('answers 404 naming the id when the account is unknown', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/accounts/nobody-42')
    assert.equal(res.status, 404)
    const body = (await res.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'not_found')
    assert.match(body.error.message, /nobody-42/)
  })
})

describe('clusters and explanations', () => {
  it('answers the cluster of a linked account with its members and strongest evidence, and explains the link', async (t) => {
    const api = await startApiServer(t)
    const ingest = await api.fetch('/v1/records', postJson(linkedMarketplace()))
    assert.equal(ingest.status, 200)
    await api.app.runLinkage()

    const res = await api.fetch('/v1/accounts/op2/cluster')
    assert.equal(res.status, 200)
    const cluster = (await res.json()) as {
      cluster: string
      size: number
      members: string[]
      strongestLinks: { a: string; b: string; evidence: { kind: string; sharedBy: number; daysApart?: number }[] }[]
    }
    assert.deepEqual(cluster.members, ['op1', 'op2'])
    assert.equal(cluster.size, 2)
    const kinds = cluster.strongestLinks[0]?.evidence.map((e) => e.kind)
    assert.ok(kinds?.includes('bank_account') && kinds.includes('device'), String(kinds))
    // A device is compared in time: the evidence says how far apart the two used it.
    const device = cluster.strongestLinks[0]?.evidence.find((e) => e.kind === 'device')
    assert.equal(typeof device?.daysApart, 'number')

    const links = (await (await api.fetch('/v1/accounts/op1/cluster/links?limit=1')).json()) as {
      links: unknown[]
      page: Page
    }
    assert.equal(links.links.length, 1)
    assert.equal(links.page.nextCursor, null)

    const explained = (await (await api.fetch('/v1/links/op1/op2/explain')).json()) as {
      linked: boolean
      path: { a: string; b: string }[]
    }
    assert.equal(explained.linked, true)
    assert.equal(explained.path.length, 1)
    const apart = (await (await api.fetch('/v1/links/op1/bg7/explain')).json()) as { linked: boolean; path: unknown[] }
    assert.deepEqual([apart.linked, apart.path.length], [false, 0])
  })

  it('pages the members of a cluster', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson(linkedMarketplace()))
    await api.app.runLinkage()
    const first = (await (await api.fetch('/v1/accounts/op1/cluster?limit=1')).json()) as {
      members: string[]
      page: Page
    }
    assert.deepEqual(first.members, ['op1'])
    const second = (await (
      await api.fetch(`/v1/accounts/op1/cluster?limit=1&cursor=${first.page.nextCursor}`)
    ).json()) as { members: string[]; page: Page }
    assert.deepEqual(second.members, ['op2'])
    assert.equal(second.page.nextCursor, null)
  })

  it('answers 404 naming the account when no linkage run holds it', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson(anAccountRecord({ account: 'late-1' })))
    const res = await api.fetch('/v1/accounts/late-1/cluster')
    assert.equal(res.status, 404)
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /late-1/)
    assert.equal((await api.fetch('/v1/links/late-1/late-2/explain')).status, 404)
  })
})

describe('GET /v1/stats', () => {
  it('counts accounts and records, with the date range in RFC 3339', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson([anAccountRecord(), anAccountRecord({ account: 'a2', marketplace: 'DE' })]))
    const body = (await (await api.fetch('/v1/stats')).json()) as {
      accounts: number
      byMarketplace: Record<string, number>
      firstEventAt: string
    }
    assert.equal(body.accounts, 2)
    assert.deepEqual(body.byMarketplace, { DE: 1, US: 1 })
    assert.equal(body.firstEventAt, '2024-01-01T00:00:00Z')
  })
})
