import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type GuardableHit, guardHits } from './guard-hits.ts'
import { type CompiledPolicy, parsePolicy } from './parse-policy.ts'

const NOW = Date.UTC(2025, 5, 1, 12)

function compile(exceptions: string, cap = 1000): CompiledPolicy {
  const parsed = parsePolicy(
    `policy: p
rules:
  - { id: linked, on: sweep, when: "cluster.deactivated > 0", action: { type: require_verification, reason: r, methods: [video], deadline_days: 7 } }
  - { id: control, on: sweep, when: account.change_of_control, action: { type: suspend, reason: r } }
  - { id: clean, on: sweep, when: "cluster.deactivated == 0", action: { type: approve, reason: ok } }
${exceptions}
caps:
  per_rule_per_day: ${cap}
`,
    'p.yaml',
  )
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.error, null, 2))
  return parsed.value
}

function hitsOf(policy: CompiledPolicy, pairs: readonly [account: string, rule: string][]): GuardableHit[] {
  return pairs.map(([account, id]) => {
    const rule = policy.rules.find((r) => r.id === id)
    if (rule === undefined) assert.fail(`no rule ${id}`)
    return { account, rule, action: rule.action }
  })
}

const CLUSTERS: Record<string, readonly string[]> = {
  brandEu: ['brand-fr', 'brand-de', 'brand-it'],
  other: ['x1', 'x2'],
}
const clusterOf = (account: string): readonly string[] =>
  Object.values(CLUSTERS).find((members) => members.includes(account)) ?? []

const keys = (hits: readonly GuardableHit[]) => hits.map((h) => `${h.account}/${h.rule.id}`)

describe('guardHits', () => {
  describe('exceptions', () => {
    it('spare the accounts they list', () => {
      const p = compile('exceptions:\n  - { accounts: [brand-fr], reason: Brand store, expires: 2025-12-31 }')
      const out = guardHits(
        p,
        hitsOf(p, [
          ['brand-fr', 'linked'],
          ['brand-de', 'linked'],
          ['x1', 'linked'],
        ]),
        {
          now: NOW,
          usedToday: new Map(),
          clusterOf,
        },
      )
      assert.deepEqual(keys(out.kept), ['brand-de/linked', 'x1/linked'])
      assert.deepEqual(
        out.excepted.map((x) => [x.hit.account, x.exception.reason]),
        [['brand-fr', 'Brand store']],
      )
      assert.deepEqual(out.capped, [])
    })

    it('spare every account of the cluster of a clusters_of account', () => {
      const p = compile(
        'exceptions:\n  - { clusters_of: [brand-de], reason: Brand with regional stores, expires: 2025-12-31 }',
      )
      const out = guardHits(
        p,
        hitsOf(p, [
          ['brand-fr', 'linked'],
          ['brand-it', 'control'],
          ['brand-de', 'linked'],
          ['x2', 'linked'],
        ]),
        {
          now: NOW,
          usedToday: new Map(),
          clusterOf,
        },
      )
      assert.deepEqual(keys(out.kept), ['x2/linked'])
      assert.deepEqual(
        out.excepted.map((x) => x.hit.account),
        ['brand-fr', 'brand-it', 'brand-de'],
      )
    })

    it('are ignored once they lapse', () => {
      const p = compile(
        'exceptions:\n  - { accounts: [brand-fr], reason: Brand store, expires: "2025-06-01T12:00:00Z" }',
      )
      const hits = hitsOf(p, [['brand-fr', 'linked']])
      const before = guardHits(p, hits, { now: NOW - 1, usedToday: new Map(), clusterOf })
      assert.equal(before.excepted.length, 1)
      const at = guardHits(p, hits, { now: NOW, usedToday: new Map(), clusterOf })
      assert.deepEqual(keys(at.kept), ['brand-fr/linked'])
      assert.equal(at.excepted.length, 0)
    })

    it('exempt only from the rules they name', () => {
      const p = compile(
        'exceptions:\n  - { accounts: [brand-fr], rules: [linked], reason: Brand store, expires: 2025-12-31 }',
      )
      const out = guardHits(
        p,
        hitsOf(p, [
          ['brand-fr', 'linked'],
          ['brand-fr', 'control'],
        ]),
        {
          now: NOW,
          usedToday: new Map(),
          clusterOf,
        },
      )
      assert.deepEqual(keys(out.kept), ['brand-fr/control'])
      assert.deepEqual(keys(out.excepted.map((x) => x.hit)), ['brand-fr/linked'])
    })
  })

  describe('daily caps', () => {
    it('keep at most the cap per rule, in the order given', () => {
      const p = compile('', 2)
      const out = guardHits(
        p,
        hitsOf(p, [
          ['a1', 'linked'],
          ['a2', 'control'],
          ['a3', 'linked'],
          ['a4', 'linked'],
          ['a5', 'linked'],
          ['a6', 'control'],
        ]),
        { now: NOW, usedToday: new Map(), clusterOf },
      )
      assert.deepEqual(keys(out.kept), ['a1/linked', 'a2/control', 'a3/linked', 'a6/control'])
      assert.deepEqual(keys(out.capped), ['a4/linked', 'a5/linked'])
    })

    it('count what the rule already hit today', () => {
      const p = compile('', 3)
      const out = guardHits(
        p,
        hitsOf(p, [
          ['a1', 'linked'],
          ['a2', 'linked'],
          ['a3', 'control'],
        ]),
        {
          now: NOW,
          usedToday: new Map([
            ['linked', 2],
            ['control', 3],
          ]),
          clusterOf,
        },
      )
      assert.deepEqual(keys(out.kept), ['a1/linked'])
      assert.deepEqual(keys(out.capped), ['a2/linked', 'a3/control'])
    })

    it('do not count excepted hits, and never hold back approvals', () => {
      const p = compile('exceptions:\n  - { accounts: [a1], reason: Brand store, expires: 2025-12-31 }', 1)
      const out = guardHits(
        p,
        hitsOf(p, [
          ['a1', 'linked'],
          ['a2', 'linked'],
          ['a3', 'clean'],
          ['a4', 'clean'],
          ['a1', 'clean'],
        ]),
        { now: NOW, usedToday: new Map([['clean', 5]]), clusterOf },
      )
      assert.deepEqual(keys(out.kept), ['a2/linked', 'a3/clean', 'a4/clean', 'a1/clean'])
      assert.deepEqual(keys(out.excepted.map((x) => x.hit)), ['a1/linked'])
      assert.deepEqual(out.capped, [])
    })
  })
})
