// End-to-end: `oneseller tick` killed with SIGKILL while it delivers webhooks, with requests in flight. The next run
// (once the dead run's leases have lapsed) must deliver every event the store had not recorded as delivered: nothing
// lost. An event is received twice only when its first delivery was in flight at the kill — sent by the killed run and
// not yet recorded as delivered, whether or not the receiver had answered — and then with the same event id, so the
// receiver drops the repeat: nothing done twice.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { verifyWebhookSignature } from '../../src/adapters/webhooks/webhook-signature.ts'
import { runCli, scratch, show, startCli, waitFor, withStore } from './run-cli.ts'

const SECRET = 'webhook-secret-of-this-test'
const ACCOUNTS = 120
/** The receiver stops answering once it has this many requests: the run is killed with them in flight. */
const HANG_AFTER = 30
/** Where the first run delivers; the second run delivers to another path of the same receiver. */
const FIRST_RUN_PATH = '/hooks/first-run'

const POLICY = `policy: look-at-everyone
rules:
  - id: review-all
    on: sweep
    when: account.status == "active"
    action:
      type: review
      reason: periodic_review
      priority: low
caps:
  per_rule_per_day: 1000000
`

/**
 * A marketplace endpoint that verifies each delivery and keeps what it received, in order, with whether the first
 * (killed) run sent it: each run is given its own path, so a request that run sent just before the kill counts as its
 * own even when it is read after the kill (judged by the connection, one accepted before the kill could still be
 * announced after it).
 */
function receiver() {
  const received: { id: string; valid: boolean; firstRun: boolean; answered: boolean }[] = []
  const hung: ServerResponse[] = []
  let answering = true
  let hungOnce = false
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const header = req.headers['oneseller-signature'] as string | undefined
      const t = Number(/t=(\d+)/.exec(header ?? '')?.[1])
      const valid = verifyWebhookSignature({ secret: SECRET, header, body, nowSeconds: t }).ok
      const id = (JSON.parse(body) as { id: string }).id
      if (!hungOnce && received.length + 1 >= HANG_AFTER) {
        hungOnce = true
        answering = false
      }
      received.push({ id, valid, firstRun: req.url === FIRST_RUN_PATH, answered: answering })
      if (answering) res.writeHead(204).end()
      else hung.push(res)
    })
  })
  return {
    server,
    received,
    resume() {
      answering = true
    },
    close() {
      for (const r of hung) r.destroy()
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

describe('webhook delivery killed mid-way', () => {
  it('delivers every event after a restart, each at least once, a repeat only for what was in flight', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const lines = Array.from({ length: ACCOUNTS }, (_, n) => ({
      type: 'account',
      account: `seller-${n}`,
      at: '2024-03-01T00:00:00Z',
      marketplace: 'US',
      kind: 'individual',
      email: `seller-${n}@example.com`,
    }))
    assert.equal((await runCli(['import', s.writeLines('m.ndjson', lines), '--db', db])).code, 0)
    s.writeLines('policy.yaml', [POLICY])
    const swept = await runCli(['sweep', '--policy', s.path('policy.yaml'), '--apply', '--db', db])
    assert.equal(swept.code, 0, show(swept))

    const hook = receiver()
    hook.server.listen(0, '127.0.0.1')
    await once(hook.server, 'listening')
    t.after(() => hook.close())
    const base = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}`
    const env = (path: string) => ({
      ONESELLER_WEBHOOK_URL: `${base}${path}`,
      ONESELLER_WEBHOOK_SECRET: SECRET,
      ONESELLER_OUTBOX: s.path('outbox'),
    })
    const now = Date.now()
    const first = startCli(['tick', '--db', db, '--now', new Date(now).toISOString()], { env: env(FIRST_RUN_PATH) })
    await waitFor('deliveries in flight', () => hook.received.length >= HANG_AFTER + 2, 25_000)
    first.child.kill('SIGKILL')
    const killed = await first.done
    assert.equal(killed.signal, 'SIGKILL')
    // What the killed run had recorded as delivered: the receiver answered it, and the run wrote that down before the
    // kill. An answer it read but had not written down yet is in flight still, and may be delivered again.
    const doneAtKill = new Set(
      withStore(db, (d) =>
        d
          .prepare(`SELECT json_extract(payload, '$.id') FROM jobs WHERE kind = 'webhook' AND state = 'done'`)
          .pluck()
          .all(),
      ) as string[],
    )
    const answered = new Set(hook.received.filter((r) => r.answered).map((r) => r.id))
    for (const id of doneAtKill) assert.ok(answered.has(id), `${id} was recorded as delivered, yet never answered`)
    assert.ok(doneAtKill.size > 0, 'the killed run had recorded deliveries')

    hook.resume()
    // Ten minutes later: the dead run's leases (60 s) have lapsed, so its deliveries are taken up again.
    const later = new Date(now + 10 * 60_000).toISOString()
    const second = await runCli(['tick', '--db', db, '--now', later, '--json'], { env: env('/hooks/second-run') })
    assert.equal(second.code, 0, show(second))

    // In flight at the kill: sent by the first run and not recorded as delivered (hung, answered but not yet written
    // down, or read by the receiver only after the kill).
    const inFlightAtKill = new Set(hook.received.filter((r) => r.firstRun && !doneAtKill.has(r.id)).map((r) => r.id))
    assert.ok(
      hook.received.slice(0, HANG_AFTER + 2).every((r) => r.firstRun),
      'the first deliveries came over the first run',
    )
    assert.ok(
      hook.received.some((r) => !r.firstRun),
      'the second run delivered to its own path',
    )
    const ids = hook.received.map((r) => r.id)
    const unique = new Set(ids)
    assert.equal(unique.size, ACCOUNTS, 'every decision was delivered: nothing lost')
    assert.ok(
      hook.received.every((r) => r.valid),
      'every delivery is signed',
    )
    const repeats = ids.filter((id, i) => ids.indexOf(id) !== i)
    for (const id of repeats) {
      assert.ok(inFlightAtKill.has(id), `${id} was delivered again though it was not in flight at the kill`)
      assert.ok(!doneAtKill.has(id), `${id} was recorded as delivered, yet delivered again`)
    }
    assert.ok(repeats.length === new Set(repeats).size, 'no event was delivered more than twice')
    const states = withStore(db, (d) =>
      d.prepare(`SELECT state, count(*) AS n FROM jobs WHERE kind = 'webhook' GROUP BY state`).all(),
    )
    assert.deepEqual(states, [{ state: 'done', n: ACCOUNTS }])
  })
})
