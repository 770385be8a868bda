import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { anAccountRecord, anUpdateRecord, aSessionRecord } from '../../../test/builders/records.ts'
import { postJson, startApiServer } from '../../../test/http/api-server.ts'

const ONBOARDING = readFileSync(new URL('../../../policies/onboarding.yaml', import.meta.url), 'utf8')

interface Registration {
  account: string
  action: { type: string; reason: string; methods?: string[]; deadlineDays?: number }
  policies: { policy: string; version: number; mode: string; rule: string | null }[]
  decisions: { id: number; rule: string; evidence: { features: Record<string, unknown> } }[]
  requirements: { methods: string[]; deadline: string; state: string }[]
  record: { status: string; seq: number }
}

describe('POST /v1/registrations', () => {
  it('approves when no policy is loaded', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/registrations', postJson(anAccountRecord({ account: 'shop-1' })))
    assert.equal(res.status, 200)
    const body = (await res.json()) as Registration
    assert.equal(body.action.type, 'approve')
    assert.equal(body.record.status, 'stored')
  })

  it('answers the onboarding requirements with their deadline at once, and the same again on a retry', async (t) => {
    const api = await startApiServer(t)
    await api.app.loadPolicy({ source: ONBOARDING, file: 'onboarding.yaml', mode: 'live', actor: 'lead' })
    const record = anAccountRecord({ account: 'shop-1' })
    const res = await api.fetch('/v1/registrations', postJson(record))
    assert.equal(res.status, 200)
    const body = (await res.json()) as Registration
    assert.equal(body.action.type, 'require_verification')
    assert.deepEqual(body.action.methods, ['id_document', 'postcard', 'video'])
    assert.equal(body.decisions[0]?.rule, 'verify-new-individual')
    assert.deepEqual(body.requirements[0]?.methods, ['id_document', 'postcard', 'video'])
    assert.equal(body.requirements[0]?.state, 'requested')
    const now = Date.now()
    const deadline = Date.parse(body.requirements[0]?.deadline ?? '')
    assert.ok(Math.abs(deadline - (now + 7 * 86_400_000)) < 60_000, 'seven days from now')

    const retry = (await (await api.fetch('/v1/registrations', postJson(record))).json()) as Registration
    assert.equal(retry.record.status, 'duplicate')
    assert.equal(retry.action.type, 'require_verification')
    assert.deepEqual(retry.decisions, [], 'nothing new recorded')
    assert.equal(retry.requirements.length, 1)

    const decisions = (await (await api.fetch('/v1/accounts/shop-1/decisions')).json()) as { decisions: unknown[] }
    assert.equal(decisions.decisions.length, 1)
    const requirements = (await (await api.fetch('/v1/accounts/shop-1/requirements')).json()) as {
      requirements: unknown[]
    }
    assert.equal(requirements.requirements.length, 1)
  })

  it('refuses a record that is not a registration, and names the field of an invalid one', async (t) => {
    const api = await startApiServer(t)
    const update = await api.fetch('/v1/registrations', postJson(anUpdateRecord({ email: 'x@example.com' })))
    assert.equal(update.status, 400)
    const bad = await api.fetch('/v1/registrations', postJson(anAccountRecord({ kind: 'robot' })))
    assert.equal(bad.status, 422)
    const body = (await bad.json()) as { records: { errors: { field: string }[] }[] }
    assert.equal(body.records[0]?.errors[0]?.field, 'kind')
  })

  it('answers 404 for the decisions of an unknown account', async (t) => {
    const api = await startApiServer(t)
    assert.equal((await api.fetch('/v1/accounts/nobody/decisions')).status, 404)
  })
})

describe('POST /v1/records with policies loaded', () => {
  it('answers what the policies decided on the registrations the batch carried', async (t) => {
    const api = await startApiServer(t)
    await api.app.loadPolicy({ source: ONBOARDING, file: 'onboarding.yaml', mode: 'live', actor: 'lead' })
    const res = await api.fetch(
      '/v1/records',
      postJson([anAccountRecord({ account: 'a' }), anAccountRecord({ account: 'b', kind: 'business' })]),
    )
    const body = (await res.json()) as { decisions: Registration[] }
    assert.deepEqual(
      body.decisions.map((d) => [d.account, d.policies[0]?.rule]),
      [
        ['a', 'verify-new-individual'],
        ['b', 'verify-new-business'],
      ],
    )
  })
})

describe('POST /v1/registrations with the live linkage', () => {
  /** Shops of unrelated sellers, each with its own bank account, phone and device. */
  const background = Array.from({ length: 80 }, (_, i) => [
    anAccountRecord({
      account: `bg-${i}`,
      email: `bg${i}@example.com`,
      phone: `+1202555${String(1000 + i)}`,
      bank: { country: 'US', accountNumber: `9900${1000 + i}`, routingNumber: '021000021' },
    }),
    aSessionRecord({ account: `bg-${i}`, device: `device-bg-${i}`, ip: `198.51.100.${i + 1}` }),
  ]).flat()
  const operatorShop = (account: string, i: number) => [
    anAccountRecord({
      account,
      email: `shop${i}@example.net`,
      phone: '+12025550999',
      bank: { country: 'US', accountNumber: '55501234', routingNumber: '021000021' },
    }),
    aSessionRecord({ account, device: 'device-operator', ip: `203.0.113.${i}` }),
  ]

  it('answers a new shop with the shops it is linked to, each link with its evidence, before any bulk run', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson([...background, ...operatorShop('op-1', 1), ...operatorShop('op-2', 2)]))
    await api.app.startLiveLinkage()
    assert.equal(api.app.liveLinkageState().state, 'ready')
    // Its device shows in a session record: stored first, then the registration decides.
    await api.fetch('/v1/records', postJson([aSessionRecord({ account: 'op-3', device: 'device-operator' })]))
    const res = await api.fetch('/v1/registrations', postJson(operatorShop('op-3', 3)[0]))
    const body = (await res.json()) as Registration & { links: { other: string; shared: string[] }[] }
    assert.deepEqual(body.links.map((l) => l.other).sort(), ['op-1', 'op-2'])
    assert.ok(body.links[0]?.shared.includes('bank_account'), JSON.stringify(body.links[0]))

    const cluster = (await (await api.fetch('/v1/accounts/op-3/cluster')).json()) as {
      size: number
      strongestLinks: { a: string; b: string; live?: boolean; evidence: { kind: string; sharedBy: number }[] }[]
    }
    assert.equal(cluster.size, 3)
    assert.ok(cluster.strongestLinks.every((l) => l.live === true))
    const explained = (await (await api.fetch('/v1/links/op-3/op-1/explain')).json()) as {
      linked: boolean
      path: { evidence: { kind: string; sharedBy: number }[] }[]
    }
    assert.equal(explained.linked, true)
    assert.ok(explained.path[0]?.evidence.some((e) => e.kind === 'bank_account' && e.sharedBy === 3))

    // A seller of the background is alone: a shop of its own, nothing shared.
    const alone = (await (await api.fetch('/v1/accounts/bg-7/cluster')).json()) as { size: number }
    assert.equal(alone.size, 1)
  })
})
