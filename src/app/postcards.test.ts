import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { anAccountRecord, toEventInput } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { PdfPostcardPrinter } from '../adapters/pdf/pdf-postcard-printer.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import type { Action } from '../core/policy/policy.ts'
import { MS_PER_DAY, toInstant } from '../core/time.ts'
import type { NewDecision, PostcardPrinter, PrintedPostcard } from '../ports/index.ts'
import { ingestRecords } from './ingest-records.ts'
import { enterPostcardCode, markPrinted, type PostcardDeps, printPostcards } from './postcards.ts'
import { runWorkflows } from './run-workflows.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1, 9))
const REQUIRE_POSTCARD: Action = {
  type: 'require_verification',
  reason: 'address_unconfirmed',
  scope: 'account',
  methods: ['postcard'],
  deadlineDays: 21,
  onExpiry: 'hold_payouts',
  reinstateOnLatePass: true,
}

/** The real PDF printer, keeping the cards it printed: the test reads the codes off them as the seller would. */
class KeepingPrinter implements PostcardPrinter {
  readonly printed: PrintedPostcard[] = []
  private readonly pdf = new PdfPostcardPrinter()
  async render(cards: readonly PrintedPostcard[], opts: { title: string; createdAt: number }) {
    this.printed.push(...cards)
    return this.pdf.render(cards, opts)
  }
}

const US_ADDRESS = {
  lines: ['1600 Amphitheatre Pkwy'],
  city: 'Mountain View',
  region: 'CA',
  postalCode: '94043',
  country: 'US',
}

describe('postcards', () => {
  let events: SqliteEventStore
  let clock: FixedClock
  let printer: KeepingPrinter
  let deps: PostcardDeps

  beforeEach(async () => {
    events = SqliteEventStore.open(':memory:')
    clock = new FixedClock(T0)
    printer = new KeepingPrinter()
    deps = {
      events,
      workflows: events.workflowStore(),
      secrets: new NodeSecrets(),
      clock,
      printer,
      secret: 'postcard-secret-for-tests',
      ingest: (source) => ingestRecords({ events, clock, parser: new InProcessRecordParser() }, source),
    }
    await events.append(
      [
        toEventInput(anAccountRecord({ account: 'p1', addresses: [{ role: 'business', ...US_ADDRESS }] }), 1),
        toEventInput(anAccountRecord({ account: 'p2', addresses: [] }), 2),
      ],
      T0,
    )
    const decision = (account: string): NewDecision => ({
      key: `k-${account}`,
      account,
      policy: 'onboarding',
      policyVersion: 1,
      rule: 'postcard',
      trigger: 'registration',
      action: REQUIRE_POSTCARD,
      evidence: { features: {}, links: [] },
      mode: 'live',
      sweep: null,
      actor: 'policy',
      at: T0,
    })
    await events.policyStore().recordDecisions([decision('p1'), decision('p2')])
  })
  afterEach(() => events.close())

  const enter = (code: string) => enterPostcardCode(deps, { account: 'p1', code, actor: 'seller:p1' })

  it('prints a card per requirement with an address, and the code passes the requirement once', async () => {
    const batch = await printPostcards(deps)
    assert.equal(batch.cards, 1)
    assert.deepEqual(
      batch.skipped.map((s) => [s.account, s.reason]),
      [['p2', 'no postal address declared']],
    )
    assert.equal(Buffer.from(batch.pdf!).subarray(0, 5).toString(), '%PDF-')
    const [card] = printer.printed
    assert.deepEqual(card?.address, [
      'Ada Lovelace',
      '1600 Amphitheatre Pkwy',
      'MOUNTAIN VIEW CA 94043',
      'UNITED STATES',
    ])
    assert.match(card!.code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    assert.equal((await enter(card!.code)).outcome, 'no_postcard', 'not enterable before the batch is kept')
    assert.equal(await markPrinted(deps, batch.batch), 1)
    assert.equal((await printPostcards(deps)).cards, 0, 'one card per requirement')

    const wrong = await enter(card!.code.replace(/^./, (c) => (c === '2' ? '3' : '2')))
    assert.deepEqual([wrong.outcome, wrong.attemptsLeft], ['wrong_code', 4])
    const typo = await enter('OOOO-OOOO')
    assert.deepEqual([typo.outcome, typo.attemptsLeft], ['malformed', 4], 'a typing slip costs no attempt')
    const right = await enter(` ${card!.code.toLowerCase().replace('-', ' ')} `)
    assert.equal(right.outcome, 'accepted')
    assert.equal((await enter(card!.code)).outcome, 'already_used')

    const tick = await runWorkflows(
      { events, policies: events.policyStore(), workflows: deps.workflows, notices: { appealWithinDays: 14 } },
      clock.now(),
    )
    assert.equal(tick.passed, 1)
    const audit = (await events.policyStore().listAudit()).map((a) => a.action)
    assert.deepEqual(
      audit.filter((a) => a.startsWith('postcard.')),
      ['postcard.issue', 'postcard.enter', 'postcard.enter'],
    )
  })

  it('locks a card after five wrong codes, and refuses an expired one', async () => {
    const batch = await printPostcards(deps)
    await markPrinted(deps, batch.batch)
    for (let i = 0; i < 5; i++) assert.equal((await enter('2222-2222')).outcome, 'wrong_code')
    const code = printer.printed[0]!.code
    assert.equal((await enter(code)).outcome, 'locked')
    clock.advance(31 * MS_PER_DAY)
    assert.equal((await enter(code)).outcome, 'expired')
  })

  it('voids a batch that was never kept and issues the requirement a new card', async () => {
    const lost = await printPostcards(deps)
    assert.equal((await printPostcards(deps)).cards, 0)
    clock.advance(2 * 60 * 60 * 1000)
    const again = await printPostcards(deps)
    assert.equal(again.voided, 1)
    assert.equal(again.cards, 1)
    assert.notEqual(again.batch, lost.batch)
    await markPrinted(deps, lost.batch)
    assert.equal((await deps.workflows.postcardsOf('p1')).filter((p) => p.state === 'printed').length, 0)
  })

  it('issues and checks nothing without the secret, and says which setting is missing', async () => {
    const without = { ...deps, secret: undefined }
    await assert.rejects(
      printPostcards(without),
      (e) => isOnesellerError(e) && /ONESELLER_POSTCARD_SECRET/.test(e.message),
    )
    await assert.rejects(
      enterPostcardCode(without, { account: 'p1', code: 'ABCD-EFGH', actor: 'x' }),
      /ONESELLER_POSTCARD_SECRET/,
    )
  })
})
