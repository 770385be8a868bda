import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type CompiledPolicy, parsePolicy } from './parse-policy.ts'
import type { PolicyError } from './policy-error.ts'

const NOW = Date.UTC(2025, 5, 1)

function load(source: string): CompiledPolicy {
  const parsed = parsePolicy(source, 'p.yaml', { now: NOW })
  if (!parsed.ok) assert.fail(`expected the policy to load, got:\n${JSON.stringify(parsed.error, null, 2)}`)
  return parsed.value
}

function errorsOf(source: string, opts: { now?: number } = { now: NOW }): PolicyError[] {
  const parsed = parsePolicy(source, 'p.yaml', opts)
  if (parsed.ok) assert.fail('expected the policy to be rejected')
  return parsed.error
}

/** The only error, checked for its line, path and a fragment of its message. */
function assertOneError(source: string, expected: { line: number; path: string; message: RegExp }): void {
  const errors = errorsOf(source)
  assert.equal(errors.length, 1, JSON.stringify(errors, null, 2))
  const [e] = errors
  assert.equal(e?.file, 'p.yaml')
  assert.equal(e?.line, expected.line, e?.message)
  assert.equal(e?.path, expected.path)
  assert.match(e?.message ?? '', expected.message)
}

/** A valid one-rule policy whose action block (indented 6) is `action`. */
const withAction = (action: string) => `policy: p
rules:
  - id: r
    on: sweep
    when: account.status == "active"
    action:
${action}
`

describe('parsePolicy', () => {
  it('reads a policy with every key, mapped to the Policy shape', () => {
    const p = load(`policy: second-review
description: Second review.
rules:
  - id: linked
    description: Linked to deactivated accounts.
    on: [event, sweep]
    events: [link_to_deactivated]
    when: cluster.deactivated > 0 && cluster.strong_evidence
    action:
      type: require_verification
      reason: linked_to_deactivated
      scope: cluster
      methods: [id_document, video]
      deadline_days: 7
      on_expiry: hold_payouts
      reinstate_on_late_pass: false
exceptions:
  - accounts: [a1]
    clusters_of: [a2]
    rules: [linked]
    reason: Brand with regional stores
    expires: 2025-12-31
caps:
  per_rule_per_day: 50
`)
    assert.equal(p.name, 'second-review')
    assert.equal(p.description, 'Second review.')
    assert.equal(p.file, 'p.yaml')
    const [rule] = p.rules
    assert.deepEqual(
      { id: rule?.id, on: rule?.on, events: rule?.events, line: rule?.line, when: rule?.when },
      {
        id: 'linked',
        on: ['event', 'sweep'],
        events: ['link_to_deactivated'],
        line: 4,
        when: 'cluster.deactivated > 0 && cluster.strong_evidence',
      },
    )
    assert.deepEqual(rule?.action, {
      type: 'require_verification',
      reason: 'linked_to_deactivated',
      scope: 'cluster',
      methods: ['id_document', 'video'],
      deadlineDays: 7,
      onExpiry: 'hold_payouts',
      reinstateOnLatePass: false,
    })
    assert.deepEqual(rule?.condition.reads, ['cluster.deactivated', 'cluster.strong_evidence'])
    assert.deepEqual(p.reads, ['cluster.deactivated', 'cluster.strong_evidence'])
    assert.deepEqual(p.exceptions, [
      {
        accounts: ['a1'],
        clustersOf: ['a2'],
        rules: ['linked'],
        reason: 'Brand with regional stores',
        expires: Date.UTC(2026, 0, 1),
        line: 18,
      },
    ])
    assert.deepEqual(p.caps, { perRulePerDay: 50 })
  })

  it('fills the documented defaults', () => {
    const p = load(`policy: p
rules:
  - id: v
    on: sweep
    when: "true"
    action: { type: require_verification, reason: r, methods: [video], deadline_days: 7 }
  - id: s
    on: sweep
    when: true
    action: { type: suspend, reason: r }
  - id: w
    on: sweep
    when: "false"
    action: { type: review, reason: r }
`)
    assert.equal(p.description, '')
    assert.deepEqual(p.caps, { perRulePerDay: 1000 })
    assert.deepEqual(p.exceptions, [])
    assert.deepEqual(p.rules[0]?.events, [])
    assert.deepEqual(p.rules[0]?.action, {
      type: 'require_verification',
      reason: 'r',
      scope: 'account',
      methods: ['video'],
      deadlineDays: 7,
      onExpiry: 'suspend',
      reinstateOnLatePass: true,
    })
    assert.equal(p.rules[1]?.when, 'true', 'a bare YAML true reads as the condition "true"')
    assert.deepEqual(p.rules[1]?.action, { type: 'suspend', reason: 'r', scope: 'account', noticeDays: 0 })
    assert.deepEqual(p.rules[2]?.action, { type: 'review', reason: 'r', scope: 'account', priority: 'normal' })
  })

  it('caps every rule at 1000 a day when caps names no number', () => {
    const p = load(`${withAction('      type: approve\n      reason: ok')}caps: {}\n`)
    assert.deepEqual(p.caps, { perRulePerDay: 1000 })
  })

  it('lists each feature a condition reads once, in the order it first appears', () => {
    const p = load(
      withAction('      type: approve\n      reason: ok').replace(
        'account.status == "active"',
        'cluster.size > 1 && account.status == "active" && cluster.size < 10',
      ),
    )
    assert.deepEqual(p.rules[0]?.condition.reads, ['cluster.size', 'account.status'])
  })

  it('accepts conditions with macros over lists and their bound variables', () => {
    const p = load(`policy: p
rules:
  - id: r
    on: sweep
    when: >-
      account.verified.exists(v, v.startsWith("id")) && account.problems.all(x, x != "national_id:check_digit") &&
      size(account.failed_verifications) < cluster.size && cel.bind(n, cluster.deactivated, n + 1 > 1)
    action: { type: approve, reason: ok }
`)
    assert.deepEqual(p.rules[0]?.condition.reads, [
      'account.verified',
      'account.problems',
      'account.failed_verifications',
      'cluster.size',
      'cluster.deactivated',
    ])
  })

  describe('rejects, with file, line and path', () => {
    it('malformed YAML, at the line it breaks', () => {
      const errors = errorsOf('policy: p\nrules:\n  - id: r\n    when: "open\n    on: sweep\n')
      assert.ok(errors.length >= 1)
      assert.ok(errors.every((e) => e.message.startsWith('malformed YAML')))
      assert.ok(
        errors.some((e) => e.line >= 4),
        JSON.stringify(errors),
      )
    })

    it('a key given twice', () => {
      assertOneError('policy: p\npolicy: q\nrules: []\n', { line: 2, path: '', message: /malformed YAML.*unique/ })
    })

    it('an empty file', () => {
      assertOneError('', { line: 1, path: '', message: /starts with `policy: NAME`/ })
    })

    it('unknown keys, suggesting the intended one', () => {
      const errors = errorsOf(`policy: p
rules:
  - id: r
    on: sweep
    wehn: account.status == "active"
    action: { type: approve, reason: ok }
colour: red
`)
      assert.deepEqual(
        errors.map((e) => [e.line, e.path, e.message]),
        [
          [3, 'rules[0].when', 'when is required: a condition over features, e.g. when: cluster.deactivated > 0'],
          [5, 'rules[0].wehn', 'unknown key "wehn" (did you mean "when"?)'],
          [7, 'colour', 'unknown key "colour"'],
        ],
      )
    })

    it('an unknown feature, naming it and the closest catalogue name', () => {
      assertOneError(
        `policy: p
rules:
  - id: r
    on: sweep
    when: cluster.deactivatd > 0
    action: { type: approve, reason: ok }
`,
        {
          line: 5,
          path: 'rules[0].when',
          message: /unknown feature "cluster.deactivatd" \(did you mean "cluster.deactivated"\?\)/,
        },
      )
    })

    it('an unknown feature on the line of a literal block where it is written', () => {
      assertOneError(
        `policy: p
rules:
  - id: r
    on: sweep
    when: |
      account.status == "active" &&
        acount.age_days > 30
    action: { type: approve, reason: ok }
`,
        {
          line: 7,
          path: 'rules[0].when',
          message: /unknown feature "acount.age_days" \(did you mean "account.age_days"\?\)/,
        },
      )
    })

    it('a group named without a feature', () => {
      assertOneError(
        withAction('      type: approve\n      reason: ok').replace('account.status == "active"', 'account == account'),
        {
          line: 5,
          path: 'rules[0].when',
          message: /"account" alone is not a feature/,
        },
      )
    })

    it('a type error', () => {
      assertOneError(
        withAction('      type: approve\n      reason: ok').replace('account.status == "active"', 'account.status > 3'),
        {
          line: 5,
          path: 'rules[0].when',
          message: /type error: no such overload: string > int/,
        },
      )
    })

    it('a condition that is not a bool', () => {
      assertOneError(
        withAction('      type: approve\n      reason: ok').replace('account.status == "active"', 'cluster.size + 1'),
        {
          line: 5,
          path: 'rules[0].when',
          message: /must be a bool, this one is int/,
        },
      )
    })

    it('a condition that does not parse', () => {
      assertOneError(
        withAction('      type: approve\n      reason: ok').replace('account.status == "active"', 'account.status =='),
        {
          line: 5,
          path: 'rules[0].when',
          message: /syntax error/,
        },
      )
    })

    it('duplicate rule ids, pointing back at the first', () => {
      assertOneError(
        `policy: p
rules:
  - id: r
    on: sweep
    when: "true"
    action: { type: approve, reason: ok }
  - id: r
    on: sweep
    when: "true"
    action: { type: approve, reason: ok }
`,
        { line: 7, path: 'rules[1].id', message: /duplicate rule id "r" \(first used on line 3\)/ },
      )
    })

    it('require_verification without deadline_days', () => {
      assertOneError(withAction('      type: require_verification\n      reason: r\n      methods: [video]'), {
        line: 7,
        path: 'rules[0].action.deadline_days',
        message: /deadline_days is required/,
      })
    })

    it('require_verification without methods', () => {
      assertOneError(withAction('      type: require_verification\n      reason: r\n      deadline_days: 7'), {
        line: 7,
        path: 'rules[0].action.methods',
        message: /methods is required/,
      })
    })

    it('an unknown verification method', () => {
      assertOneError(
        withAction(
          '      type: require_verification\n      reason: r\n      methods: [video, selfie]\n      deadline_days: 7',
        ),
        {
          line: 9,
          path: 'rules[0].action.methods[1]',
          message: /unknown verification method "selfie": one of id_document/,
        },
      )
    })

    it('an unknown action type', () => {
      assertOneError(withAction('      type: ban\n      reason: r'), {
        line: 7,
        path: 'rules[0].action.type',
        message: /unknown action type "ban": one of approve, review/,
      })
    })

    it('a rule without an action', () => {
      assertOneError('policy: p\nrules:\n  - id: r\n    on: sweep\n    when: "true"\n', {
        line: 3,
        path: 'rules[0].action',
        message: /action is required/,
      })
    })

    it('a key that belongs to another action type', () => {
      assertOneError(withAction('      type: suspend\n      reason: r\n      deadline_days: 7'), {
        line: 9,
        path: 'rules[0].action.deadline_days',
        message: /deadline_days does not apply to a suspend action/,
      })
    })

    it('an unknown trigger', () => {
      assertOneError(withAction('      type: approve\n      reason: ok').replace('on: sweep', 'on: [sweep, nightly]'), {
        line: 4,
        path: 'rules[0].on[1]',
        message: /unknown trigger "nightly": one of registration, activation, event, schedule, sweep/,
      })
    })

    it('an unknown event', () => {
      assertOneError(
        withAction('      type: approve\n      reason: ok').replace(
          'on: sweep',
          'on: event\n    events: [new_link, sold_out]',
        ),
        { line: 5, path: 'rules[0].events[1]', message: /unknown event "sold_out"/ },
      )
    })

    it('events without the event trigger', () => {
      assertOneError(
        withAction('      type: approve\n      reason: ok').replace('on: sweep', 'on: sweep\n    events: [new_link]'),
        {
          line: 5,
          path: 'rules[0].events',
          message: /events apply only to the event trigger/,
        },
      )
    })

    for (const [days, message] of [
      ['0', /at least 1/],
      ['366', /at most 365/],
      ['2.5', /whole days/],
      ['"7"', /whole days, 1..365/],
    ] as const) {
      it(`deadline_days: ${days}`, () => {
        assertOneError(
          withAction(
            `      type: require_verification\n      reason: r\n      methods: [video]\n      deadline_days: ${days}`,
          ),
          {
            line: 10,
            path: 'rules[0].action.deadline_days',
            message,
          },
        )
      })
    }

    for (const [days, message] of [
      ['-1', /at least 0/],
      ['400', /at most 365/],
    ] as const) {
      it(`notice_days: ${days}`, () => {
        assertOneError(withAction(`      type: deactivate\n      reason: r\n      notice_days: ${days}`), {
          line: 9,
          path: 'rules[0].action.notice_days',
          message,
        })
      })
    }

    it('a reason that is not a code', () => {
      assertOneError(withAction('      type: approve\n      reason: Looks fine'), {
        line: 8,
        path: 'rules[0].action.reason',
        message: /snake_case/,
      })
    })

    it('caps.per_rule_per_day below 1', () => {
      assertOneError(`${withAction('      type: approve\n      reason: ok')}caps:\n  per_rule_per_day: 0\n`, {
        line: 10,
        path: 'caps.per_rule_per_day',
        message: /at least 1/,
      })
    })

    const withException = (exception: string) =>
      `${withAction('      type: suspend\n      reason: r')}exceptions:\n${exception}\n`

    it('an undated exception', () => {
      assertOneError(withException('  - accounts: [a1]\n    reason: brand'), {
        line: 10,
        path: 'exceptions[0].expires',
        message: /expires is required/,
      })
    })

    it('an exception that has already lapsed when loaded', () => {
      assertOneError(withException('  - accounts: [a1]\n    reason: brand\n    expires: 2025-05-31'), {
        line: 12,
        path: 'exceptions[0].expires',
        message: /lapsed on 2025-05-31/,
      })
    })

    it('an expiry that is not a date, or a timestamp without its offset', () => {
      for (const expires of ['2025-02-30', '2026-01-01T10:00:00', 'next year']) {
        assertOneError(withException(`  - accounts: [a1]\n    reason: brand\n    expires: ${expires}`), {
          line: 12,
          path: 'exceptions[0].expires',
          message: /not a date/,
        })
      }
    })

    it('an exception naming nobody, or a rule the policy lacks', () => {
      const errors = errorsOf(withException('  - rules: [x]\n    reason: brand\n    expires: 2030-01-01'))
      assert.deepEqual(
        errors.map((e) => [e.line, e.path, e.message]),
        [
          [10, 'exceptions[0]', 'an exception names accounts, clusters_of, or both'],
          [10, 'exceptions[0].rules[0]', 'no rule "x" in this policy'],
        ],
      )
    })

    it('every error of a file at once, in line order', () => {
      const errors = errorsOf(`policy: P
rules:
  - id: a
    on: sweep
    when: cluster.nope
    action: { type: hold_payouts, reason: r, colour: red }
  - id: b
    on: event
    events: [new_link]
    when: account.age_days > "x"
    action: { type: require_verification, reason: r, methods: [video] }
`)
      assert.deepEqual(
        errors.map((e) => `${e.line} ${e.path}`),
        [
          '1 policy',
          '5 rules[0].when',
          '6 rules[0].action.colour',
          '10 rules[1].when',
          '11 rules[1].action.deadline_days',
        ],
      )
    })
  })

  it('does not judge expiry when no load time is given (re-reading a stored version)', () => {
    const source = `${withAction('      type: suspend\n      reason: r')}exceptions:\n  - accounts: [a1]\n    reason: brand\n    expires: 2020-01-01\n`
    const parsed = parsePolicy(source, 'p.yaml')
    assert.ok(parsed.ok)
    assert.equal(parsed.value.exceptions[0]?.expires, Date.UTC(2020, 0, 2))
    assert.equal(errorsOf(source, { now: NOW }).length, 1)
  })

  it('reads a timestamp expiry with its offset', () => {
    const p = load(
      `${withAction('      type: suspend\n      reason: r')}exceptions:\n  - clusters_of: [a1]\n    reason: brand\n    expires: 2030-01-01T12:00:00+02:00\n`,
    )
    assert.equal(p.exceptions[0]?.expires, Date.UTC(2030, 0, 1, 10))
  })
})
