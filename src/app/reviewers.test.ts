import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteAccessStores } from '../adapters/storage/sqlite/sqlite-access-stores.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { FAILED_SIGN_IN_WINDOW_MS, SESSION_TTL_MS } from '../core/access/reviewer-session.ts'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import type { PolicyStore } from '../ports/index.ts'
import {
  authenticateSession,
  createReviewer,
  disableReviewer,
  listReviewers,
  newSignInAttempts,
  type ReviewerDeps,
  type SignInAttempts,
  signIn,
  signOut,
} from './reviewers.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1, 9))
const PASSWORD = 'correct horse battery'

describe('reviewers', () => {
  let events: SqliteEventStore
  let access: SqliteAccessStores
  let clock: FixedClock
  let policies: PolicyStore
  let deps: ReviewerDeps & { attempts: SignInAttempts }

  beforeEach(() => {
    events = SqliteEventStore.open(':memory:')
    access = SqliteAccessStores.open(':memory:')
    clock = new FixedClock(T0)
    policies = events.policyStore()
    deps = {
      reviewers: access.reviewers,
      audit: policies,
      secrets: new NodeSecrets(),
      clock,
      attempts: newSignInAttempts(),
    }
  })
  afterEach(async () => {
    access.close()
    await events.close()
  })

  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p
    } catch (e) {
      if (isOnesellerError(e)) return e.code
      throw e
    }
    return 'no error'
  }

  it('generates a strong password when none is given, returns it once, and records who created whom', async () => {
    const created = await createReviewer(deps, { name: 'Ana', role: 'lead' }, 'cli:ops')
    assert.equal(created.reviewer.name, 'ana')
    assert.equal(created.reviewer.role, 'lead')
    assert.match(created.generatedPassword ?? '', /^[A-Za-z0-9_-]{24}$/)
    assert.ok((await signIn(deps, { name: 'ana', password: created.generatedPassword ?? '' })).ok)
    const [listed] = await listReviewers(deps)
    assert.deepEqual(Object.keys(listed ?? {}).sort(), ['createdAt', 'disabledAt', 'id', 'name', 'role'])
    const [record] = await policies.listAudit()
    assert.deepEqual(
      [record?.actor, record?.action, record?.subject, record?.detail],
      ['cli:ops', 'reviewer.create', 'reviewer:ana', { role: 'lead' }],
    )
  })

  it('takes a chosen password of 12 characters or more and never returns it', async () => {
    const created = await createReviewer(deps, { name: 'bo', role: 'reviewer', password: PASSWORD }, 'cli:ops')
    assert.equal(created.generatedPassword, null)
    assert.equal(
      await codeOf(createReviewer(deps, { name: 'cy', role: 'reviewer', password: 'short' }, 'x')),
      'invalid_input',
    )
  })

  it('refuses a bad role, a bad name and a taken name (names are case-folded)', async () => {
    assert.equal(await codeOf(createReviewer(deps, { name: 'ana', role: 'owner' }, 'x')), 'invalid_input')
    assert.equal(await codeOf(createReviewer(deps, { name: 'ana silva', role: 'lead' }, 'x')), 'invalid_input')
    await createReviewer(deps, { name: 'ana', role: 'lead' }, 'x')
    assert.equal(await codeOf(createReviewer(deps, { name: 'ANA', role: 'admin' }, 'x')), 'conflict')
  })

  it('signs in with the right password: a session of 12 hours, recorded in the audit trail', async () => {
    await createReviewer(deps, { name: 'ana', role: 'admin', password: PASSWORD }, 'cli:ops')
    const signed = await signIn(deps, { name: 'Ana', password: PASSWORD })
    assert.ok(signed.ok)
    assert.match(signed.value.token, /^oss_[A-Za-z0-9_-]{43}$/)
    assert.equal(signed.value.expiresAt, T0 + SESSION_TTL_MS)
    assert.equal((await authenticateSession(deps, signed.value.token))?.reviewer.name, 'ana')
    const actions = (await policies.listAudit()).map((r) => [r.actor, r.action])
    assert.deepEqual(actions.at(-1), ['reviewer:ana', 'reviewer.sign_in'])
  })

  it('refuses a wrong password and an unknown name alike, taking similar time for both', async () => {
    await createReviewer(deps, { name: 'ana', role: 'lead', password: PASSWORD }, 'x')
    await signIn(deps, { name: 'nobody', password: PASSWORD }) // makes the decoy hash once
    const timed = async (name: string) => {
      const start = process.hrtime.bigint()
      const outcome = await signIn(deps, { name, password: 'wrong password!' })
      return { outcome, ms: Number(process.hrtime.bigint() - start) / 1e6 }
    }
    const wrong = await timed('ana')
    const unknown = await timed('nobody')
    const invalid = await timed('not a name at all')
    assert.deepEqual(wrong.outcome, { ok: false, error: { code: 'invalid_credentials' } })
    assert.deepEqual(unknown.outcome, wrong.outcome)
    assert.deepEqual(invalid.outcome, wrong.outcome)
    // Both run one scrypt of the same cost; without the decoy an unknown name would answer in well under 1 ms.
    assert.ok(unknown.ms > wrong.ms / 3, `unknown ${unknown.ms} ms, wrong ${wrong.ms} ms`)
    assert.ok(invalid.ms > wrong.ms / 3, `invalid ${invalid.ms} ms, wrong ${wrong.ms} ms`)
  })

  it('refuses a disabled reviewer, ends its sessions at once, and says "disabled" only for the right password', async () => {
    await createReviewer(deps, { name: 'ana', role: 'lead', password: PASSWORD }, 'x')
    const before = await signIn(deps, { name: 'ana', password: PASSWORD })
    assert.ok(before.ok)
    clock.advance(1000)
    const disabled = await disableReviewer(deps, 'ana', 'reviewer:root')
    assert.equal(disabled.disabledAt, T0 + 1000)
    assert.equal(await authenticateSession(deps, before.value.token), undefined)
    assert.deepEqual(await signIn(deps, { name: 'ana', password: PASSWORD }), {
      ok: false,
      error: { code: 'disabled' },
    })
    assert.deepEqual(await signIn(deps, { name: 'ana', password: 'wrong password!' }), {
      ok: false,
      error: { code: 'invalid_credentials' },
    })
    const last = (await policies.listAudit()).filter((r) => r.action === 'reviewer.disable')
    assert.deepEqual(
      last.map((r) => [r.actor, r.subject]),
      [['reviewer:root', 'reviewer:ana']],
    )
    assert.equal(await codeOf(disableReviewer(deps, 'nobody', 'x')), 'not_found')
  })

  it('ends a session when it expires, by the injected clock', async () => {
    await createReviewer(deps, { name: 'ana', role: 'reviewer', password: PASSWORD }, 'x')
    const signed = await signIn(deps, { name: 'ana', password: PASSWORD })
    assert.ok(signed.ok)
    clock.advance(SESSION_TTL_MS - 1)
    assert.ok(await authenticateSession(deps, signed.value.token))
    clock.advance(1)
    assert.equal(await authenticateSession(deps, signed.value.token), undefined)
  })

  it('ends a session when it signs out: the token no longer works, and signing out again ends nothing', async () => {
    await createReviewer(deps, { name: 'ana', role: 'reviewer', password: PASSWORD }, 'x')
    const signed = await signIn(deps, { name: 'ana', password: PASSWORD })
    const other = await signIn(deps, { name: 'ana', password: PASSWORD })
    assert.ok(signed.ok && other.ok)
    assert.equal(await signOut(deps, signed.value.token), true)
    assert.equal(await authenticateSession(deps, signed.value.token), undefined)
    assert.ok(await authenticateSession(deps, other.value.token), 'other sessions go on')
    assert.equal(await signOut(deps, signed.value.token), false)
    assert.equal(await authenticateSession(deps, `${signed.value.token.slice(0, -1)}x`), undefined)
    const outs = (await policies.listAudit()).filter((r) => r.action === 'reviewer.sign_out')
    assert.equal(outs.length, 1)
  })

  it('refuses a name unchecked after 10 failures in 15 minutes, known or not, and no other name', async () => {
    await createReviewer(deps, { name: 'ana', role: 'lead', password: PASSWORD }, 'x')
    await createReviewer(deps, { name: 'bo', role: 'lead', password: PASSWORD }, 'x')
    for (let i = 0; i < 10; i++) {
      const refused = await signIn(deps, { name: 'ana', password: `guess number ${i}` })
      assert.deepEqual(refused, { ok: false, error: { code: 'invalid_credentials' } })
      await signIn(deps, { name: 'ghost', password: `guess number ${i}` })
    }
    const blocked = await signIn(deps, { name: 'ana', password: PASSWORD })
    assert.deepEqual(blocked, { ok: false, error: { code: 'throttled', retryAt: T0 + FAILED_SIGN_IN_WINDOW_MS } })
    assert.equal((await signIn(deps, { name: 'ghost', password: PASSWORD })).ok, false)
    assert.deepEqual(await signIn(deps, { name: 'ghost', password: 'x' }), blocked, 'an unknown name is limited alike')
    assert.ok((await signIn(deps, { name: 'bo', password: PASSWORD })).ok)
    clock.advance(FAILED_SIGN_IN_WINDOW_MS)
    assert.ok((await signIn(deps, { name: 'ana', password: PASSWORD })).ok)
  })
})
