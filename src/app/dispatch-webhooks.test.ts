import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { FetchWebhookSender } from '../adapters/webhooks/fetch-webhook-sender.ts'
import { verifyWebhookSignature } from '../adapters/webhooks/webhook-signature.ts'
import type { Action } from '../core/policy/policy.ts'
import { toInstant } from '../core/time.ts'
import type { NewDecision } from '../ports/index.ts'
import { queueWebhooks, WEBHOOK_JOB, WEBHOOK_RETRY, webhookHandler } from './dispatch-webhooks.ts'
import { JobRunner } from './run-jobs.ts'

const SECRET = 'whsec_test_secret'
const T0 = toInstant(Date.UTC(2026, 11, 1, 9))

const SUSPEND: Action = { type: 'suspend', reason: 'farm_documents', scope: 'account', noticeDays: 0 }
const aDecision = (key: string, over: Partial<NewDecision> = {}): NewDecision => ({
  key,
  account: 'a1',
  policy: 'p',
  policyVersion: 1,
  rule: 'r',
  trigger: 'sweep',
  action: SUSPEND,
  evidence: { features: {}, links: [] },
  mode: 'live',
  sweep: null,
  actor: 'lead:alice',
  at: T0,
  ...over,
})

/** A marketplace endpoint that checks every signature, refuses the first `down` deliveries, and keeps the rest. */
class Receiver {
  readonly received: { id: string; type: string; valid: boolean }[] = []
  down = 0
  private server!: Server
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        if (this.down > 0) {
          this.down -= 1
          res.writeHead(503).end()
          return
        }
        const body = Buffer.concat(chunks).toString('utf8')
        const check = verifyWebhookSignature({
          secret: SECRET,
          header: req.headers['oneseller-signature'] as string | undefined,
          body,
          nowSeconds: Math.floor(clock.now() / 1000),
        })
        const event = JSON.parse(body) as { id: string; type: string }
        this.received.push({ id: event.id, type: event.type, valid: check.ok })
        res.writeHead(check.ok ? 204 : 401).end()
      })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

let clock: FixedClock

describe('webhooks', () => {
  let events: SqliteEventStore
  let receiver: Receiver

  beforeEach(async () => {
    clock = new FixedClock(T0)
    events = SqliteEventStore.open(':memory:')
    receiver = new Receiver()
    await receiver.start()
  })
  afterEach(async () => {
    await receiver.stop()
    await events.close()
  })

  const setup = () => {
    const deps = { policies: events.policyStore(), workflows: events.workflowStore(), jobs: events.jobQueue() }
    const runner = new JobRunner({
      queue: deps.jobs,
      clock,
      worker: 'test-worker',
      handlers: {
        [WEBHOOK_JOB]: webhookHandler({
          sender: new FetchWebhookSender(receiver.url, SECRET),
          workflows: deps.workflows,
          now: () => clock.now(),
        }),
      },
      retry: WEBHOOK_RETRY,
      batch: 10,
    })
    return { deps, runner }
  }

  it('queues one delivery per change of standing, once, and delivers each signed', async () => {
    const { deps, runner } = setup()
    await deps.policies.recordDecisions([
      aDecision('k1'),
      aDecision('k2', { mode: 'shadow' }),
      aDecision('k3', { action: { type: 'review', reason: 'x', scope: 'account', priority: 'low' } }),
    ])
    assert.equal(await queueWebhooks(deps, clock.now()), 3, 'live decisions and the restriction, not the shadow one')
    assert.equal(await queueWebhooks(deps, clock.now()), 0)
    await runner.runOnce()
    assert.deepEqual(
      receiver.received.map((r) => [r.type, r.valid]),
      [
        ['decision.recorded', true],
        ['restriction.created', true],
        ['decision.recorded', true],
      ],
    )
    const log = await deps.workflows.webhookAttempts({ limit: 10 })
    assert.deepEqual(
      log.map((a) => a.status),
      [204, 204, 204],
    )
  })

  it('retries with backoff while the receiver is down, and delivers at least once', async () => {
    const { deps, runner } = setup()
    receiver.down = 2
    await deps.policies.recordDecisions([
      aDecision('k1', { action: { type: 'approve', reason: 'ok', scope: 'account' } }),
    ])
    await queueWebhooks(deps, clock.now())
    await runner.runOnce()
    assert.equal(receiver.received.length, 0)
    await runner.runOnce()
    assert.equal(receiver.received.length, 0, 'not before the backoff')
    clock.advance(31_000)
    await runner.runOnce()
    clock.advance(61_000)
    await runner.runOnce()
    assert.deepEqual(
      receiver.received.map((r) => r.id),
      ['evt_1'],
    )
    const log = await deps.workflows.webhookAttempts({ event: 'evt_1', limit: 10 })
    assert.deepEqual(
      log.map((a) => a.status),
      [204, 503, 503],
    )
    assert.equal(log[1]?.error, 'the receiver answered 503')
  })

  it('logs a receiver that cannot be reached, and keeps the delivery queued', async () => {
    const { deps } = setup()
    const runner = new JobRunner({
      queue: deps.jobs,
      clock,
      worker: 'w',
      handlers: {
        [WEBHOOK_JOB]: webhookHandler({
          sender: new FetchWebhookSender('http://127.0.0.1:9/unreachable', SECRET),
          workflows: deps.workflows,
          now: () => clock.now(),
        }),
      },
      retry: WEBHOOK_RETRY,
    })
    await deps.policies.recordDecisions([
      aDecision('k1', { action: { type: 'approve', reason: 'ok', scope: 'account' } }),
    ])
    await queueWebhooks(deps, clock.now())
    await runner.runOnce()
    const [attempt] = await deps.workflows.webhookAttempts({ limit: 1 })
    assert.equal(attempt?.status, null)
    assert.match(attempt?.error ?? '', /ECONNREFUSED|fetch failed/)
    const [job] = await deps.jobs.list({ kind: WEBHOOK_JOB, limit: 1 })
    assert.equal(job?.state, 'queued')
    assert.ok(job!.runAfter > clock.now())
  })
})
