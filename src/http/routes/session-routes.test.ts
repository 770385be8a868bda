import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import type { TestContext } from 'node:test'
import { describe, it } from 'node:test'
import { anAccountRecord } from '../../../test/builders/records.ts'
import { type ApiServer, postJson, startApiServer } from '../../../test/http/api-server.ts'
import type { SqliteEventStore } from '../../adapters/storage/sqlite/sqlite-event-store.ts'

const PASSWORD = 'correct horse battery'
const PORTAL_SECRET = 'the-portal-secret-of-these-tests-0123456789'

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error

/** A server holding accounts a1 and b1, with reviewers ana (reviewer), lea (lead) and adam (admin). */
async function startWithReviewers(t: TestContext): Promise<ApiServer> {
  const api = await startApiServer(t, { portalSecret: PORTAL_SECRET })
  const stored = await api.fetch(
    '/v1/records',
    postJson([anAccountRecord({ account: 'a1' }), anAccountRecord({ account: 'b1', email: 'b1@example.com' })]),
  )
  assert.equal(stored.status, 200)
  for (const [name, role] of [
    ['ana', 'reviewer'],
    ['lea', 'lead'],
    ['adam', 'admin'],
  ] as const) {
    await api.app.createReviewer({ name, role, password: PASSWORD }, 'test')
  }
  return api
}

async function signIn(api: ApiServer, name: string, password = PASSWORD): Promise<Response> {
  return api.fetch('/v1/session', postJson({ name, password }), null)
}

async function tokenOf(api: ApiServer, name: string): Promise<string> {
  const res = await signIn(api, name)
  assert.equal(res.status, 200, name)
  return ((await res.json()) as { token: string }).token
}

async function portalTokenFor(api: ApiServer, account: string, ttlSeconds?: number): Promise<string> {
  const { secret } = await api.app.createApiKey({ name: 'portal issuer', scopes: 'portal:issue' })
  const res = await api.fetch('/v1/portal-tokens', postJson({ account, ttlSeconds }), secret)
  assert.equal(res.status, 200)
  return ((await res.json()) as { token: string }).token
}

/** The audit trail of the server's store (a real SQLite store). */
function auditOf(api: ApiServer) {
  return (api.app.events as SqliteEventStore).policyStore().listAudit()
}

/** A portal token signed as the server signs them, for any expiry (epoch seconds). */
function signedPortalToken(account: string, expiresAtSeconds: number, secret = PORTAL_SECRET): string {
  const signed = `osp_${Buffer.from(`1.${expiresAtSeconds}.${account}`).toString('base64url')}`
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`
}

describe('reviewer sign-in over HTTP', () => {
  it('signs in: a token and a strict, HttpOnly cookie, and either one says who is calling', async (t) => {
    const api = await startWithReviewers(t)
    const res = await signIn(api, 'Ana')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    const body = (await res.json()) as { token: string; expiresAt: string; reviewer: unknown }
    assert.match(body.token, /^oss_/)
    assert.deepEqual(body.reviewer, { name: 'ana', role: 'reviewer' })
    assert.ok(Date.parse(body.expiresAt) - Date.now() > 11.9 * 3600_000)
    const cookie = res.headers.get('set-cookie') ?? ''
    assert.match(
      cookie,
      new RegExp(`^oneseller_session=${body.token}; Path=/; Max-Age=43[12]\\d\\d; HttpOnly; SameSite=Strict$`),
    )
    const byBearer = await api.fetch('/v1/me', {}, body.token)
    assert.deepEqual(await byBearer.json(), {
      kind: 'reviewer',
      reviewer: { name: 'ana', role: 'reviewer' },
      expiresAt: body.expiresAt,
    })
    const byCookie = await api.fetch(
      '/v1/me',
      { headers: { cookie: `other=1; oneseller_session=${body.token}` } },
      null,
    )
    assert.equal(byCookie.status, 200)
    assert.ok(!api.logs().includes(body.token), 'the token never reaches the logs')
  })

  it('marks the cookie Secure in production', async (t) => {
    const api = await startApiServer(t, { production: true, portalSecret: PORTAL_SECRET })
    await api.app.createReviewer({ name: 'ana', role: 'reviewer', password: PASSWORD }, 'test')
    const res = await signIn(api, 'ana')
    assert.match(res.headers.get('set-cookie') ?? '', /; HttpOnly; SameSite=Strict; Secure$/)
  })

  it('refuses an unknown name and a wrong password with the same answer', async (t) => {
    const api = await startWithReviewers(t)
    const wrong = await signIn(api, 'ana', 'wrong password!')
    const unknown = await signIn(api, 'nobody', 'wrong password!')
    assert.equal(wrong.status, 401)
    assert.equal(unknown.status, 401)
    assert.deepEqual(await errorOf(wrong), await errorOf(unknown))
    assert.equal(wrong.headers.get('set-cookie'), null)
  })

  it('signs out: the token stops working at once and the cookie is cleared; both are in the audit trail', async (t) => {
    const api = await startWithReviewers(t)
    const token = await tokenOf(api, 'ana')
    const out = await api.fetch('/v1/session', { method: 'DELETE' }, token)
    assert.equal(out.status, 204)
    assert.match(out.headers.get('set-cookie') ?? '', /^oneseller_session=; Path=\/; Max-Age=0;/)
    const after = await api.fetch('/v1/me', {}, token)
    assert.equal(after.status, 401)
    assert.match((await errorOf(after)).message, /sign in again/)
    assert.ok((await api.app.verifyAudit()).ok)
    const actions = (await auditOf(api)).map((r) => `${r.actor} ${r.action}`)
    assert.ok(actions.includes('reviewer:ana reviewer.sign_in'))
    assert.ok(actions.includes('reviewer:ana reviewer.sign_out'))
  })

  it('limits sign-in requests per client address to 30 a minute, before reading the body', async (t) => {
    const api = await startApiServer(t)
    for (let i = 0; i < 30; i++) {
      assert.equal((await api.fetch('/v1/session', postJson({ name: 'x' }), null)).status, 400, `request ${i + 1}`)
    }
    const limited = await api.fetch('/v1/session', postJson({ name: 'x' }), null)
    assert.equal(limited.status, 429)
    assert.equal((await errorOf(limited)).code, 'rate_limited')
    assert.equal((await api.fetch('/v1/stats')).status, 200, 'API keys are counted apart')
  })

  it('refuses a name after 10 failed sign-ins with 429 and Retry-After, even with the right password', async (t) => {
    const api = await startWithReviewers(t)
    for (let i = 0; i < 10; i++) assert.equal((await signIn(api, 'lea', `guess number ${i}`)).status, 401)
    const blocked = await signIn(api, 'lea')
    assert.equal(blocked.status, 429)
    assert.ok(Number(blocked.headers.get('retry-after')) > 800)
    assert.equal((await signIn(api, 'ana')).status, 200, 'other names are not blocked')
  })
})

describe('what each principal may do', () => {
  it('lets a reviewer read accounts, clusters and statistics, but not ingest', async (t) => {
    const api = await startWithReviewers(t)
    const token = await tokenOf(api, 'ana')
    for (const path of ['/v1/accounts/a1', '/v1/accounts/b1/decisions', '/v1/accounts/a1/requirements', '/v1/stats']) {
      assert.equal((await api.fetch(path, {}, token)).status, 200, path)
    }
    const ingest = await api.fetch('/v1/records', postJson(anAccountRecord({ account: 'c1' })), token)
    assert.equal(ingest.status, 403)
    assert.equal((await api.fetch('/v1/accounts/c1', {}, token)).status, 404)
  })

  it('keeps API keys working exactly as before on the read routes', async (t) => {
    const api = await startWithReviewers(t)
    const reader = await api.app.createApiKey({ name: 'reader', scopes: 'read' })
    const writer = await api.app.createApiKey({ name: 'writer', scopes: 'ingest' })
    assert.equal((await api.fetch('/v1/accounts/a1', {}, reader.secret)).status, 200)
    assert.equal((await api.fetch('/v1/accounts/a1/decisions', {}, reader.secret)).status, 200)
    assert.equal((await api.fetch('/v1/accounts/a1', {}, writer.secret)).status, 403)
    assert.equal((await api.fetch('/v1/accounts/a1', {}, null)).status, 401)
    const me = await api.fetch('/v1/me', {}, reader.secret)
    assert.deepEqual(await me.json(), {
      kind: 'apiKey',
      apiKey: { id: reader.key.id, name: 'reader', scopes: ['read'] },
    })
  })

  it('lets only a lead list reviewers and only an admin create or disable them; each act is audited', async (t) => {
    const api = await startWithReviewers(t)
    const [ana, lea, adam] = [await tokenOf(api, 'ana'), await tokenOf(api, 'lea'), await tokenOf(api, 'adam')]
    const create = postJson({ name: 'zoe', role: 'reviewer' })
    const refused = await api.fetch('/v1/reviewers', {}, ana)
    assert.equal(refused.status, 403)
    assert.match((await errorOf(refused)).message, /needs the lead role or above/)
    assert.equal((await api.fetch('/v1/reviewers', create, ana)).status, 403)
    assert.equal((await api.fetch('/v1/reviewers', create, lea)).status, 403)
    assert.equal((await api.fetch('/v1/reviewers', create, api.key)).status, 403, 'API keys manage no reviewers')
    assert.equal((await api.fetch('/v1/reviewers', {}, lea)).status, 200)
    assert.equal((await api.app.listReviewers()).length, 3, 'nothing was created by the refused calls')

    const created = await api.fetch('/v1/reviewers', create, adam)
    assert.equal(created.status, 201)
    const { password } = (await created.json()) as { password: string }
    assert.match(password, /^[A-Za-z0-9_-]{24}$/)
    assert.equal((await signIn(api, 'zoe', password)).status, 200)

    assert.equal((await api.fetch('/v1/reviewers/zoe/disable', { method: 'POST' }, lea)).status, 403)
    const disabled = await api.fetch('/v1/reviewers/zoe/disable', { method: 'POST' }, adam)
    assert.equal(disabled.status, 200)
    assert.ok(((await disabled.json()) as { disabledAt: string | null }).disabledAt)
    assert.equal((await signIn(api, 'zoe', password)).status, 403)

    const listed = (await (await api.fetch('/v1/reviewers', {}, lea)).json()) as { reviewers: { name: string }[] }
    assert.deepEqual(
      listed.reviewers.map((r) => r.name),
      ['ana', 'lea', 'adam', 'zoe'],
    )
    const acts = (await auditOf(api))
      .filter((r) => r.subject === 'reviewer:zoe' && r.action !== 'reviewer.sign_in')
      .map((r) => `${r.actor} ${r.action}`)
    assert.deepEqual(acts, ['reviewer:adam reviewer.create', 'reviewer:adam reviewer.disable'])
  })
})

describe('seller portal tokens over HTTP', () => {
  it('are issued only to API keys with the portal:issue scope, for known accounts, for at most 24 hours', async (t) => {
    const api = await startWithReviewers(t)
    assert.equal((await api.fetch('/v1/portal-tokens', postJson({ account: 'a1' }))).status, 403)
    const reviewer = await tokenOf(api, 'adam')
    assert.equal((await api.fetch('/v1/portal-tokens', postJson({ account: 'a1' }), reviewer)).status, 403)
    const { secret } = await api.app.createApiKey({ name: 'portal', scopes: 'portal:issue' })
    const issued = await api.fetch('/v1/portal-tokens', postJson({ account: 'a1' }), secret)
    assert.equal(issued.status, 200)
    const body = (await issued.json()) as { token: string; account: string; expiresAt: string }
    assert.equal(body.account, 'a1')
    assert.ok(Math.abs(Date.parse(body.expiresAt) - Date.now() - 3600_000) < 5_000)
    assert.equal(
      (await api.fetch('/v1/portal-tokens', postJson({ account: 'a1', ttlSeconds: 86_401 }), secret)).status,
      400,
    )
    assert.equal((await api.fetch('/v1/portal-tokens', postJson({ account: 'zz' }), secret)).status, 404)
    assert.equal((await api.fetch('/v1/stats', {}, secret)).status, 403, 'the scope reads nothing')
  })

  it("let the seller read their own account's routes and nothing else: another account is 403", async (t) => {
    const api = await startWithReviewers(t)
    const token = await portalTokenFor(api, 'a1')
    for (const path of ['/v1/accounts/a1', '/v1/accounts/a1/decisions', '/v1/accounts/a1/requirements']) {
      assert.equal((await api.fetch(path, {}, token)).status, 200, path)
    }
    for (const path of [
      '/v1/accounts/b1',
      '/v1/accounts/b1/decisions',
      '/v1/accounts/b1/requirements',
      '/v1/accounts/a1/cluster',
      '/v1/links/a1/b1/explain',
      '/v1/stats',
      '/v1/reviewers',
    ]) {
      const res = await api.fetch(path, {}, token)
      assert.equal(res.status, 403, path)
      assert.equal((await errorOf(res)).code, 'forbidden')
    }
    const act = await api.fetch(
      '/v1/records',
      postJson(anAccountRecord({ account: 'a1', email: 'x@example.com' })),
      token,
    )
    assert.equal(act.status, 403)
    assert.equal((await api.fetch('/v1/session', { method: 'DELETE' }, token)).status, 403)
    const me = (await (await api.fetch('/v1/me', {}, token)).json()) as { kind: string; account: string }
    assert.deepEqual([me.kind, me.account], ['seller', 'a1'])
  })

  it('refuses a tampered, expired, foreign or malformed token with 401', async (t) => {
    const api = await startWithReviewers(t)
    const token = await portalTokenFor(api, 'a1')
    const [signed, signature] = token.split('.') as [string, string]
    const now = Math.floor(Date.now() / 1000)
    const cases: [string, string, RegExp][] = [
      [
        'another account under the same signature',
        `${signedPortalToken('b1', now + 3600).split('.')[0]}.${signature}`,
        /not signed by this service/,
      ],
      [
        'a longer life under the same signature',
        `${signedPortalToken('a1', now + 7200).split('.')[0]}.${signature}`,
        /not signed/,
      ],
      [
        'a changed signature',
        `${signed}.${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`,
        /not signed/,
      ],
      [
        'signed with another secret',
        signedPortalToken('a1', now + 3600, 'another-secret-of-at-least-32-chars!!'),
        /not signed/,
      ],
      ['expired', signedPortalToken('a1', now - 1), /expired/],
      ['malformed', 'osp_!!!.x', /malformed/],
    ]
    assert.equal((await api.fetch('/v1/accounts/a1', {}, signedPortalToken('a1', now + 3600))).status, 200)
    for (const [what, bad, message] of cases) {
      const res = await api.fetch('/v1/accounts/a1', {}, bad)
      assert.equal(res.status, 401, what)
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/, what)
      assert.match((await errorOf(res)).message, message, what)
    }
  })
})
