// End-to-end: `oneseller apikey` and `oneseller serve`, the real binary on a loopback port.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { AUTHENTICATED_KEY_TTL_MS } from '../../src/app/api-keys.ts'
import { runCli, scratch, show, startCli } from './run-cli.ts'

describe('oneseller serve', () => {
  it('serves the API with a key made by `apikey create`, refuses a revoked key, and stops cleanly on SIGTERM', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const created = await runCli([
      'apikey',
      'create',
      '--name',
      'shop-eu',
      '--scope',
      'ingest,read',
      '--db',
      db,
      '--json',
    ])
    assert.equal(created.code, 0, show(created))
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string }
    assert.match(created.stderr, /cannot be shown again/)

    const server = startCli(['serve', '--db', db, '--port', '0'])
    t.after(() => server.child.kill('SIGKILL'))
    let stderr = ''
    server.child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString('utf8')
    })
    while (!/oneseller API on (http:\/\/\S+) /.test(stderr)) await once(server.child.stderr!, 'data')
    const base = /oneseller API on (http:\/\/\S+) /.exec(stderr)![1]
    const auth = { authorization: `Bearer ${key}` }

    const ingest = await fetch(`${base}/v1/records`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ type: 'account', account: 'e2e-1', at: '2024-01-01T00:00:00Z', marketplace: 'US', kind: 'individual' })}\n`,
    })
    assert.equal(ingest.status, 200)
    const account = await fetch(`${base}/v1/accounts/e2e-1`, { headers: auth })
    assert.equal(((await account.json()) as { marketplace: string }).marketplace, 'US')

    const listed = await runCli(['apikey', 'list', '--db', db])
    assert.match(listed.stdout, new RegExp(`${id}\\s+shop-eu\\s+ingest,read`))
    assert.equal((await runCli(['apikey', 'revoke', id, '--db', db])).code, 0)
    // A server trusts a key it checked for AUTHENTICATED_KEY_TTL_MS: the revocation takes effect within that.
    const revokedAt = Date.now()
    let status = 0
    while (Date.now() - revokedAt < AUTHENTICATED_KEY_TTL_MS + 3_000) {
      status = (await fetch(`${base}/v1/accounts/e2e-1`, { headers: auth })).status
      if (status === 401) break
      await new Promise((r) => setTimeout(r, 200))
    }
    assert.equal(status, 401, 'the revoked key is refused once the cache has lapsed')

    server.child.kill('SIGTERM')
    const done = await server.done
    assert.equal(done.code, 0, show(done))
    assert.ok(!done.stderr.includes(key), 'the key never reaches the logs')
  })

  it('refuses to start in production without the settings it needs, naming each one', async () => {
    const r = await runCli(['serve', '--port', '0'], { env: { NODE_ENV: 'production' } })
    assert.equal(r.code, 78, show(r))
    assert.match(r.stderr, /DATABASE_URL: required in production/)
    assert.match(r.stderr, /ONESELLER_HOST: required in production/)
  })
})
