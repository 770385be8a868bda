import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { generateMarketplace } from '../../sim/index.ts'
import { FAST_PATHS } from './fast-records.ts'
import type { RecordType } from './records.ts'
import { RECORD_SCHEMAS } from './schema.ts'

/** Mostly what the schema wants, sometimes something close to a limit or of the wrong kind. */
const mostly = (valid: fc.Arbitrary<unknown>, ...edges: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ weight: 30, arbitrary: valid }, ...edges.map((arbitrary) => ({ weight: 1, arbitrary })))
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

/** The keys each record (or object in it) may have; `required` ones are left out only now and then. */
function recordOf(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: readonly string[],
): fc.Arbitrary<Record<string, unknown>> {
  const all: Record<string, fc.Arbitrary<unknown>> = { ...fields, extra: fc.string() }
  if (required.length === 0) return fc.record(all, { requiredKeys: [] })
  return fc
    .tuple(fc.record(all, { requiredKeys: [...required] }), fc.constantFrom(...required), fc.nat(19))
    .map(([r, dropped, dice]) => {
      if (dice !== 0) return r
      const { [dropped]: _dropped, ...rest } = r as Record<string, unknown>
      return rest
    })
}

const head = { account: text(256, 1), at: timestamp }

const country = mostly(fc.constantFrom('US', 'GB', 'CN'), fc.constantFrom('us', 'USA', 'G1', ''), wrongKind)
/** One of `values`, now and then something close or of the wrong kind. */
const oneOf = (values: readonly string[], ...near: string[]) =>
  mostly(fc.constantFrom(...values), fc.constantFrom(...near), wrongKind)
const postalFields = {
  lines: mostly(
    fc.array(text(512), { maxLength: 3 }),
    fc.array(fc.constant('x'), { minLength: 10, maxLength: 11 }),
    wrongKind,
  ),
  city: text(512),
  region: text(512),
  postalCode: text(32),
  country,
}
const postalAddress = mostly(recordOf(postalFields, ['lines', 'country']), wrongKind)
const roleAddress = recordOf(
  { ...postalFields, role: oneOf(['business', 'return', 'warehouse', 'billing'], 'home', 'Business') },
  ['lines', 'country', 'role'],
)
const representative = recordOf(
  {
    givenName: text(512),
    familyName: text(512),
    birthDate: oneOf(['1970-01-31', '2000-02-29'], '1900-02-29', '1970-1-1', '19700101', '1970-01-32'),
    nationality: country,
    document: mostly(
      recordOf({ type: oneOf(['national_id', 'passport', 'driving_licence'], 'visa'), country, number: text(64, 1) }, [
        'type',
        'country',
        'number',
      ]),
      wrongKind,
    ),
    address: postalAddress,
  },
  [],
)
/** Every profile field, as an account declares it and an update sets it. */
const PROFILE = {
  locale: oneOf(['en', 'zh-CN', 'de-DE'], 'en_US', 'x', '!!', 'a'.repeat(36)),
  timeZone: oneOf(['Asia/Shanghai', 'UTC', 'Europe/Paris'], 'Mars/Base', 'Nowhere', 'x'.repeat(65)),
  email: text(320),
  phone: text(64),
  addresses: mostly(
    fc.array(roleAddress, { maxLength: 3 }),
    fc.array(fc.constant({ role: 'business', lines: [], country: 'US' }), { minLength: 100, maxLength: 101 }),
    wrongKind,
  ),
  bank: mostly(
    recordOf({ country, holderName: text(512), iban: text(64), accountNumber: text(64), routingNumber: text(64) }, [
      'country',
    ]),
    wrongKind,
  ),
  card: mostly(
    recordOf(
      {
        fingerprint: text(256),
        bin: text(16),
        last4: text(8),
        expiry: oneOf(['2027-04', '2029-12'], '2027-13', '2027-4', '27-04', '2027-00'),
      },
      [],
    ),
    wrongKind,
  ),
  representative: mostly(representative, wrongKind),
  business: mostly(
    recordOf({ name: text(512), country, registrationNumber: text(64), taxId: text(64), address: postalAddress }, [
      'name',
      'country',
    ]),
    wrongKind,
  ),
}
const clearable = Object.fromEntries(
  Object.entries(PROFILE).map(([key, arbitrary]) => [key, fc.oneof({ weight: 4, arbitrary }, fc.constant(null))]),
)

const ARBITRARY: Record<RecordType, fc.Arbitrary<Record<string, unknown>>> = {
  account: recordOf(
    {
      ...head,
      marketplace: text(16, 1),
      kind: oneOf(['individual', 'business'], 'company'),
      channel: mostly(
        recordOf({ type: oneOf(['organic', 'invite', 'partner'], 'paid'), ref: text(256, 1) }, ['type']),
        wrongKind,
      ),
      ...PROFILE,
    },
    ['account', 'at', 'marketplace', 'kind'],
  ),
  update: recordOf({ ...head, set: mostly(recordOf(clearable, []), fc.constantFrom({}, { unknown: 1 }), wrongKind) }, [
    'account',
    'at',
    'set',
  ]),
  status: recordOf(
    { ...head, status: oneOf(['active', 'suspended', 'deactivated', 'reinstated'], 'banned'), reason: text(512) },
    ['account', 'at', 'status'],
  ),
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
    const fast = FAST_PATHS[type]
    const schema = RECORD_SCHEMAS[type]

    it(`accept a ${type} only when its schema does, and give exactly what the schema gives`, () => {
      let accepted = 0
      fc.assert(
        fc.property(arbitrary, (fields) => {
          const record = { type, ...fields }
          const mine = fast(record)
          const theirs = schema.safeParse(record)
          if (mine === undefined) return
          accepted += 1
          assert.ok(theirs.success, `accepted what the schema rejects: ${JSON.stringify(record)}`)
          assert.deepStrictEqual(mine, theirs.data)
          // The same fields in the same order, nested ones too: state is stored as JSON of what parsing gives.
          assert.equal(JSON.stringify(mine), JSON.stringify(theirs.data))
        }),
        // Accounts hold the most fields that may each be wrong: more of them, for enough that are right.
        { numRuns: type === 'account' ? 10_000 : 3000 },
      )
      // Not a check that accepts nothing: most records drawn are valid.
      assert.ok(accepted > 300, `accepted only ${accepted} records`)
    })
  }

  it('take every record of a generated marketplace, giving what the schemas give', () => {
    let n = 0
    for (const cohort of generateMarketplace({ accounts: 300, seed: 3 })) {
      for (const line of cohort.lines) {
        const record = JSON.parse(line) as Record<string, unknown>
        const type = record.type as RecordType
        const mine = FAST_PATHS[type](record)
        assert.ok(mine !== undefined, `fell back to the schema: ${line}`)
        assert.equal(JSON.stringify(mine), JSON.stringify(RECORD_SCHEMAS[type].parse(record)))
        n += 1
      }
    }
    assert.ok(n > 1000)
  })

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
