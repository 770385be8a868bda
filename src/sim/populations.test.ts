import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AccountRecord } from '../core/interchange/index.ts'
import { DEFAULT_COHORT_SHARES, generateMarketplace } from './generate-marketplace.ts'
import { loadFixture } from './marketplace-fixture.ts'

const N = 20_000

function shares(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const a of loadFixture(N, 11).accounts) counts.set(a.truth.role, (counts.get(a.truth.role) ?? 0) + 1)
  return new Map([...counts].map(([role, n]) => [role, n / N]))
}

function declaration(records: readonly { type: string }[]): AccountRecord {
  return records[0] as AccountRecord
}

describe('the generated populations', () => {
  it('have every role with plausible shares', () => {
    const s = shares()
    const share = (role: string) => s.get(role) ?? 0
    const innocent = [...s].filter(([r]) => r.startsWith('innocent_')).reduce((t, [, v]) => t + v, 0)
    assert.ok(
      share('independent') + innocent > 0.62 && share('independent') + innocent < 0.78,
      `honest ${share('independent') + innocent}`,
    )
    assert.ok(innocent > 0.08 && innocent < 0.16, `innocently sharing ${innocent}`)
    for (const role of ['innocent_tower', 'innocent_agent', 'innocent_nat', 'innocent_cowork', 'innocent_family']) {
      assert.ok(share(role) > 0.005, `${role} ${share(role)}`)
    }
    assert.ok(share('multi_account') > 0.15 && share('multi_account') < 0.26, `multi_account ${share('multi_account')}`)
    assert.ok(share('farm') > 0.035 && share('farm') < 0.1, `farm ${share('farm')}`)
    assert.ok(share('purchased') > 0.015 && share('purchased') < 0.06, `purchased ${share('purchased')}`)
  })

  it('size operators with a heavy tail: mostly one account, some with fifty or more', () => {
    const sizes = new Map<string, number>()
    for (const a of loadFixture(N, 11).accounts) sizes.set(a.truth.operator, (sizes.get(a.truth.operator) ?? 0) + 1)
    const values = [...sizes.values()]
    assert.ok(values.filter((n) => n === 1).length > values.length * 0.8)
    assert.ok(Math.max(...values) >= 50, `largest operator has ${Math.max(...values)} accounts`)
  })

  it('make each innocently sharing seller its own operator', () => {
    const byOperator = new Map<string, number>()
    for (const a of loadFixture(N, 11).accounts) {
      if (a.truth.role.startsWith('innocent_'))
        byOperator.set(a.truth.operator, (byOperator.get(a.truth.operator) ?? 0) + 1)
    }
    assert.ok([...byOperator.values()].every((n) => n === 1))
  })

  it('put many registered-agent clients at one address with separate banks', () => {
    const atAddress = new Map<string, Set<string>>()
    for (const a of loadFixture(N, 11).accounts) {
      if (a.truth.role !== 'innocent_agent') continue
      const d = declaration(a.records)
      const key = d.business?.address?.lines.join('|') ?? ''
      const banks = atAddress.get(key) ?? new Set<string>()
      banks.add(JSON.stringify(d.bank))
      atAddress.set(key, banks)
    }
    const largest = Math.max(...[...atAddress.values()].map((b) => b.size))
    assert.ok(largest >= 10, `largest registered-agent address has ${largest} distinct banks`)
  })

  it('house family members at one address under one surname, each with their own phone, bank and email', () => {
    const homes = new Map<string, AccountRecord[]>()
    for (const a of loadFixture(N, 11).accounts) {
      if (a.truth.role !== 'innocent_family') continue
      const d = declaration(a.records)
      const home = d.addresses?.[0]
      const key = `${home?.lines.join('|')}|${home?.postalCode}`
      homes.set(key, [...(homes.get(key) ?? []), d])
    }
    const families = [...homes.values()].filter((members) => members.length >= 2)
    assert.ok(families.length > 10, `${families.length} families`)
    for (const members of families) {
      assert.equal(new Set(members.map((m) => m.phone)).size, members.length)
      assert.equal(new Set(members.map((m) => m.email)).size, members.length)
      assert.equal(new Set(members.map((m) => JSON.stringify(m.bank))).size, members.length)
    }
    const sharedSurname = families.filter((m) => new Set(m.map((x) => x.representative?.familyName)).size < m.length)
    assert.ok(sharedSurname.length > families.length * 0.7)
  })

  it('spread sellers over US, CN, DE, UK and JP storefronts, with CN sellers abroad', () => {
    const markets = new Set<string>()
    let cnAbroad = 0
    for (const a of loadFixture(N, 11).accounts) {
      const d = declaration(a.records)
      markets.add(d.marketplace)
      if (d.representative?.nationality === 'CN' && d.marketplace !== 'CN') cnAbroad++
    }
    assert.deepEqual([...markets].sort(), ['CN', 'DE', 'JP', 'UK', 'US'])
    assert.ok(cnAbroad > N * 0.05)
  })

  it('register farm accounts through shared partner channels in bursts', () => {
    const refs = new Map<string, number[]>()
    for (const a of loadFixture(N, 11).accounts) {
      const d = declaration(a.records)
      if (a.truth.role !== 'farm' || !d.channel?.ref) continue
      const times = refs.get(d.channel.ref) ?? []
      times.push(Date.parse(d.at))
      refs.set(d.channel.ref, times)
    }
    const biggest = [...refs.values()].sort((x, y) => y.length - x.length)[0] ?? []
    assert.ok(biggest.length >= 10)
    biggest.sort((x, y) => x - y)
    const firstBurst = biggest.filter((t) => t - (biggest[0] ?? 0) < 6 * 86_400_000)
    assert.ok(firstBurst.length >= 5, `first burst has ${firstBurst.length} registrations within 6 days`)
  })

  it('never give two farms one mailbox, however many farms there are', () => {
    // A marketplace of farms alone: hundreds of farms, each numbering its mailboxes from a stem of its own.
    const owner = new Map<string, string>()
    const shared: string[] = []
    const farmsOnly = Object.fromEntries(Object.keys(DEFAULT_COHORT_SHARES).map((k) => [k, k === 'farm' ? 1 : 0]))
    const shares = farmsOnly as typeof DEFAULT_COHORT_SHARES
    for (const cohort of generateMarketplace({ accounts: 20_000, seed: 5, shares })) {
      let at = 0
      cohort.truth.forEach((truth, k) => {
        const span = cohort.spans[k] ?? 0
        for (const line of cohort.lines.slice(at, at + span)) {
          for (const [, email] of line.matchAll(/"email":"([^"]+)"/g)) {
            const mailbox = (email as string).toLowerCase()
            const held = owner.get(mailbox)
            if (held === undefined) owner.set(mailbox, truth.operator)
            else if (held !== truth.operator) shared.push(mailbox)
          }
        }
        at += span
      })
    }
    assert.ok(owner.size > 10_000, `${owner.size} mailboxes`)
    assert.deepEqual(shared.slice(0, 5), [])
  })

  it('give purchased accounts a new bank and contact after the takeover', () => {
    const purchased = loadFixture(N, 11).accounts.filter((a) => a.truth.role === 'purchased')
    assert.ok(purchased.length > 0)
    for (const a of purchased) {
      const sets = a.records.flatMap((r) => (r.type === 'update' ? [Object.keys(r.set)] : [])).flat()
      assert.ok(sets.includes('bank') && sets.includes('email'), `${a.id} has updates ${sets}`)
    }
  })

  it('give deactivations and suspensions to operators and farms far more often than to independents', () => {
    const rate = (role: string) => {
      const accounts = loadFixture(N, 11).accounts.filter((a) => a.truth.role === role)
      return accounts.filter((a) => a.records.some((r) => r.type === 'status')).length / accounts.length
    }
    assert.ok(rate('farm') > 3 * rate('independent'))
    assert.ok(rate('multi_account') > 2 * rate('independent'))
    assert.ok(rate('independent') > 0)
  })
})
