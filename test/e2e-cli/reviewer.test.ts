// End-to-end: `oneseller reviewer`, `oneseller portal-token` and the server that accepts what they make.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { anAccountRecord } from '../builders/records.ts'
import { runCli, scratch, show, startCli } from './run-cli.ts'

const ONESELLER_PORTAL_SECRET = 'an-e2e-portal-secret-of-40-characters-xx'

describe('oneseller reviewer and portal-token', () => {
  it('adds a reviewer with a password shown once, who signs in to the server; disabling ends the session', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const account = JSON.stringify(anAccountRecord({ account: 'shop-1' }))
    const imported = await runCli(['import', '--db', db], { stdin: `${account}\n` })
    assert.equal(imported.code, 0, show(imported))

    const added = await runCli(['reviewer', 'add', 'Ana', '--role', 'admin', '--db', db, '--json'])
    assert.equal(added.code, 0, show(added))
    const { name, role, password } = JSON.parse(added.stdout) as { name: string; role: string; password: string }
    assert.deepEqual([name, role], ['ana', 'admin'])
    assert.match(password, /^[A-Za-z0-9_-]{24}$/)
    assert.match(added.stderr, /cannot be shown again/)
    const again = await runCli(['reviewer', 'add', 'ana', '--role', 'lead', '--db', db])
    assert.equal(again.code, 65, show(again))
    assert.match(again.stderr, /name exists/)
    assert.equal((await runCli(['reviewer', 'add', 'bo', '--role', 'owner', '--db', db])).code, 65)
    const listed = await runCli(['reviewer', 'list', '--db', db])
    assert.match(listed.stdout, /ana\s+admin\s+\S+\s+-/)
    assert.ok(!listed.stdout.includes(password))

    const noSecret = await runCli(['portal-token', 'shop-1', '--db', db])
    assert.equal(noSecret.code, 78, show(noSecret))
    assert.match(noSecret.stderr, /ONESELLER_PORTAL_SECRET: not set/)
    const issued = await runCli(['portal-token', 'shop-1', '--ttl', '600', '--db', db, '--json'], {
      env: { ONESELLER_PORTAL_SECRET },
    })
    assert.equal(issued.code, 0, show(issued))
    const { token: portal } = JSON.parse(issued.stdout) as { token: string }

    const server = startCli(['serve', '--db', db, '--port', '0'], { env: { ONESELLER_PORTAL_SECRET } })
    t.after(() => server.child.kill('SIGKILL'))
    let stderr = ''
    server.child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString('utf8')
    })
    while (!/oneseller API on (http:\/\/\S+) /.test(stderr)) await once(server.child.stderr!, 'data')
    const base = /oneseller API on (http:\/\/\S+) /.exec(stderr)![1]
    assert.ok(!stderr.includes('random secret'), 'the configured secret is used')

    const seller = await fetch(`${base}/v1/accounts/shop-1`, { headers: { authorization: `Bearer ${portal}` } })
    assert.equal(seller.status, 200)
    const signed = await fetch(`${base}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ana', password }),
    })
    assert.equal(signed.status, 200)
    const { token } = (await signed.json()) as { token: string }
    const me = async () => (await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status
    assert.equal(await me(), 200)
    const disabled = await runCli(['reviewer', 'disable', 'ana', '--db', db])
    assert.equal(disabled.code, 0, show(disabled))
    assert.equal(await me(), 401)

    server.child.kill('SIGTERM')
    const done = await server.done
    assert.equal(done.code, 0, show(done))
    assert.ok(!done.stderr.includes(token) && !done.stderr.includes(password), 'no secret reaches the logs')
  })

  it('says when the server signs portal tokens with a secret of its own process', async (t) => {
    const s = scratch(t)
    const server = startCli(['serve', '--db', s.path('store.db'), '--port', '0'])
    t.after(() => server.child.kill('SIGKILL'))
    let stderr = ''
    server.child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString('utf8')
    })
    while (!/ONESELLER_PORTAL_SECRET is not set/.test(stderr)) await once(server.child.stderr!, 'data')
    assert.match(stderr, /random secret of this process/)
    server.child.kill('SIGTERM')
    assert.equal((await server.done).code, 0)
  })

  it('refuses to serve in production without ONESELLER_PORTAL_SECRET, naming it', async (t) => {
    const s = scratch(t)
    const r = await runCli(['serve', '--db', s.path('store.db'), '--host', '127.0.0.1', '--port', '0'], {
      env: { NODE_ENV: 'production' },
    })
    assert.equal(r.code, 78, show(r))
    assert.match(r.stderr, /ONESELLER_PORTAL_SECRET: required in production/)
    assert.doesNotMatch(r.stderr, /DATABASE_URL|ONESELLER_HOST/)
  })
})
