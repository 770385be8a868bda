import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { FAST_PATHS } from './fast-records.ts'
import type { RecordType } from './records.ts'
import { RECORD_SCHEMAS } from './schema.ts'

/** Mostly what the schema wants, sometimes something close to a limit or of the wrong kind. */
const mostly = (valid: fc.Arbitrary<unknown>, ...edges: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ weight: 12, arbitrary: valid }, ...edges.map((arbitrary) => ({ weight: 1, arbitrary })))
const wrongKind = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(true),
  fc.array(fc.string(), { maxLength: 2 }),
)
/** Text up to `max` characters: short, padded, blank, and just at and over the limit. */
const text = (max: number, minLength = 0) =>
  mostly(
    fc.string({ minLength, maxLength: 12 }),
    fc.constantFrom('', ' ', '\t', ' x ', 'x'.repeat(max), 'x'.repeat(max + 1), ` ${'x'.repeat(max)} `),
    wrongKind,
  )
const timestamp = mostly(
  fc.constantFrom('2024-01-02T03:04:05Z', '2024-01-02T03:04:05.678Z', '2024-01-02 03:04:05+01:00'),
  fc.constantFrom('2024-02-30T00:00:00Z', 'yesterday', ''),
  wrongKind,
)
const hash64 = mostly(
  fc.constantFrom('0123456789abcdef', '0123456789ABCDEF'),
  fc.constantFrom('0123456789abcde', 'g123456789abcdef', ''),
  wrongKind,
)
const number = mostly(
  fc.double({ min: 0, max: 1e12, noNaN: true }),
  fc.constantFrom(-0, 1e12 + 1, -1, Number.POSITIVE_INFINITY, Number.NaN),
  wrongKind,
)
const face = mostly(
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 6 }),
  fc.array(number, { maxLength: 4 }),
  wrongKind,
)

/** The keys each record may have; `required` ones are left out only now and then. */
function recordOf(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: readonly string[],
): fc.Arbitrary<Record<string, unknown>> {
  const all: Record<string, fc.Arbitrary<unknown>> = { ...fields, extra: fc.string() }
  return fc
    .tuple(fc.record(all, { requiredKeys: [...required] }), fc.constantFrom(...required), fc.nat(19))
    .map(([r, dropped, dice]) => {
      if (dice !== 0) return r
      const { [dropped]: _dropped, ...rest } = r as Record<string, unknown>
      return rest
    })
}

const head = { account: text(256, 1), at: timestamp }

const ARBITRARY: Partial<Record<RecordType, fc.Arbitrary<Record<string, unknown>>>> = {
  session: recordOf({ ...head, ip: text(64, 1), device: text(256, 1), userAgent: text(2048), cookie: text(256, 1) }, [
    'account',
    'at',
    'ip',
    'device',
  ]),
  listing: recordOf(
    {
      ...head,
      id: text(256, 1),
      title: text(1000, 1),
      brand: text(512),
      category: text(512),
      price: number,
      currency: mostly(fc.constant('EUR'), fc.constantFrom('eur', 'EURO', 'US')),
      description: text(20_000),
      imageHashes: mostly(fc.array(hash64, { maxLength: 3 }), wrongKind),
    },
    ['account', 'at', 'id', 'title'],
  ),
  verification: recordOf(
    {
      ...head,
      kind: mostly(fc.constantFrom('video', 'postcard', 'id_document'), fc.constant('selfie'), wrongKind),
      documentNumber: text(64),
      imageHash: hash64,
      face,
      outcome: mostly(fc.constantFrom('passed', 'failed'), fc.constant('maybe'), wrongKind),
    },
    ['account', 'at', 'kind'],
  ),
}

describe('the hand-written checks of frequent records', () => {
  for (const [type, arbitrary] of Object.entries(ARBITRARY) as [RecordType, fc.Arbitrary<Record<string, unknown>>][]) {
    const fast = FAST_PATHS[type]!
    const schema = RECORD_SCHEMAS[type]

    it(`accept a ${type} only when its schema does, and give exactly what the schema gives`, () => {
      fc.assert(
        fc.property(arbitrary, (fields) => {
          const record = { type, ...fields }
          const mine = fast(record)
          const theirs = schema.safeParse(record)
          if (mine === undefined) return
          assert.ok(theirs.success, `accepted what the schema rejects: ${JSON.stringify(record)}`)
          assert.deepStrictEqual(mine, theirs.data)
          // The same fields in the same order: a state-changing record is stored as JSON of what parsing gives.
          assert.deepStrictEqual(Object.keys(mine), Object.keys(theirs.data as object))
        }),
        { numRuns: 3000 },
      )
    })
  }

  it('take the records of a generated marketplace without falling back to the schemas', () => {
    const session = { type: 'session', account: ' s1 ', at: '2024-01-02T03:04:05Z', ip: '1.2.3.4', device: 'd' }
    const listing = {
      type: 'listing',
      account: 's1',
      at: '2024-01-02T03:04:05Z',
      id: 'l1',
      title: 'Lamp',
      price: 0,
      currency: 'EUR',
      imageHashes: ['0123456789abcdef'],
      loyalty: 'unknown fields are dropped',
    }
    const verification = {
      type: 'verification',
      account: 's1',
      at: '2024-01-02T03:04:05Z',
      kind: 'video',
      face: [1, -0.5],
    }
    assert.deepEqual(FAST_PATHS.session?.(session), { ...session, account: 's1' })
    assert.equal(FAST_PATHS.listing?.(listing)?.type, 'listing')
    assert.equal(FAST_PATHS.verification?.(verification)?.type, 'verification')
  })
})
