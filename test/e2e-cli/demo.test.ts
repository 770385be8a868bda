// End-to-end: `oneseller demo` (what `npm start` runs), the real binary on a small marketplace.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type Server } from 'node:net'
import { describe, it } from 'node:test'
import { runCli, scratch, show, startCli } from './run-cli.ts'

/** Small enough to generate, import and link in seconds; large enough to have clusters. */
const ACCOUNTS = '300'
const DEMO_TIMEOUT_MS = 120_000
const DEFAULT_PORT = 8080

/** Holds the demo's default port (unless something else already does), so that the demo must take another. */
async function holdPort(port: number): Promise<Server | undefined> {
  const holder = createServer()
  try {
    holder.listen({ port, host: '127.0.0.1', exclusive: true })
    await once(holder, 'listening')
    return holder
  } catch {
    return undefined
  }
}

describe('oneseller demo', () => {
  it('after its report serves the API on the demo database with a printed key, on the next free port, until Ctrl-C', async (t) => {
    const s = scratch(t)
    const held = await holdPort(DEFAULT_PORT)
    t.after(() => held?.close())
    const demo = startCli(['demo', '--accounts', ACCOUNTS, '--dir', s.path('demo')], { timeoutMs: DEMO_TIMEOUT_MS })
    t.after(() => demo.child.kill('SIGKILL'))
    let stdout = ''
    demo.child.stdout?.on('data', (b: Buffer) => {
      stdout += b.toString('utf8')
    })
    const CURL = /curl -H "Authorization: Bearer (\S+)" (http:\/\/[^/\s]+)(\/v1\/accounts\/\S+)\n/
    let exited = false
    demo.child.once('exit', () => {
      exited = true
    })
    while (!CURL.test(stdout)) {
      if (exited) assert.fail(show(await demo.done))
      await new Promise((r) => setTimeout(r, 50))
    }
    const [, key, base, path] = CURL.exec(stdout) as RegExpExecArray
    assert.match(stdout, /Done in [\d.]+ s/, 'the report comes first')
    assert.ok(stdout.includes(`documentation:  ${base}/docs`), stdout)
    assert.notEqual(new URL(base as string).port, String(DEFAULT_PORT), 'a taken default port is not reused')

    const health = await fetch(`${base}/healthz`)
    assert.equal(health.status, 200)
    const account = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } })
    assert.equal(account.status, 200, await account.clone().text())
    const view = (await account.json()) as { id: string }
    assert.equal(`/v1/accounts/${encodeURIComponent(view.id)}`, path)
    const cluster = await fetch(`${base}${path}/cluster`, { headers: { authorization: `Bearer ${key}` } })
    assert.equal(cluster.status, 200, 'the example account is in a cluster of the demo run')
    assert.equal((await fetch(`${base}${path}`)).status, 401, 'the API still asks for a key')

    // The console, with the printed reviewer, and the printed seller's portal link.
    assert.ok(stdout.includes(`console:        ${base}/console`), stdout)
    const [, name, password] = /sign in as: +(\S+) \/ (\S+)/.exec(stdout) ?? []
    const session = await fetch(`${base}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    })
    assert.equal(session.status, 200, 'the printed credentials sign in')
    const page = await fetch(`${base}/console`)
    assert.equal(page.status, 200, await page.clone().text())
    assert.match(await page.text(), /<div id="root">/)
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!
    const policies = (await (await fetch(`${base}/v1/policies`, { headers: { cookie } })).json()) as {
      policies: { name: string }[]
    }
    assert.deepEqual(policies.policies.map((p) => p.name).sort(), ['second-review', 'video-sweep'])
    const [, token] = /seller portal: +http:\/\/\S+\/portal\?token=(\S+)/.exec(stdout) ?? []
    const me = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    assert.equal(((await me.json()) as { account: string }).account, decodeURIComponent(path!.split('/').at(-1)!))

    demo.child.kill('SIGINT')
    const done = await demo.done
    assert.equal(done.code, 0, show(done))
    assert.match(done.stderr, /stopping: finishing the requests in flight/)
    await assert.rejects(fetch(`${base}/healthz`), 'the port is closed')
  })

  it('with --no-serve exits after the report, serving nothing', async (t) => {
    const s = scratch(t)
    const r = await runCli(['demo', '--accounts', ACCOUNTS, '--dir', s.path('demo'), '--no-serve'], {
      timeoutMs: DEMO_TIMEOUT_MS,
    })
    assert.equal(r.code, 0, show(r))
    assert.match(r.stdout, /Done in [\d.]+ s/)
    assert.doesNotMatch(r.stdout, /HTTP API|Bearer/)
  })

  it('refuses a bad --port before generating anything', async (t) => {
    const s = scratch(t)
    const r = await runCli(['demo', '--accounts', ACCOUNTS, '--dir', s.path('demo'), '--port', 'eighty'])
    assert.equal(r.code, 78, show(r))
    assert.match(r.stderr, /--port \/ ONESELLER_PORT: expected a whole number/)
    assert.doesNotMatch(r.stdout, /Generating/)
  })
})
