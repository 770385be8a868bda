import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PostalAddress } from '../interchange/index.ts'
import { compileSharedAddresses, deriveAddressIdentifiers, deriveLocalityIdentifier, parseAddress } from './address.ts'

const us = (lines: string[], postalCode = '62701'): PostalAddress => ({
  lines,
  city: 'Springfield',
  postalCode,
  country: 'US',
})
const keys = (a: PostalAddress) => {
  const p = parseAddress(a)
  return { building: p.buildingKey, delivery: p.deliveryKey }
}

describe('parseAddress', () => {
  it('gives "Ste 400, 123 Main Street" and "123 Main St #400" one delivery key', () => {
    const a = keys(us(['Ste 400, 123 Main Street']))
    assert.deepEqual(a, keys(us(['123 Main St #400'])))
    assert.deepEqual(a, keys(us(['123 MAIN ST.', 'Suite 400'], '62701-4321')))
    assert.deepEqual(a, { building: 'US|62701|mainst|123', delivery: 'US|62701|mainst|123|r=400' })
  })

  it('lets two suites of one tower share the building key but not the delivery key', () => {
    const a = keys(us(['123 Main Street, Suite 400']))
    const b = keys(us(['123 Main Street, Suite 401']))
    assert.equal(a.building, b.building)
    assert.notEqual(a.delivery, b.delivery)
  })

  it('reads floors, rooms, towers and apartments in English', () => {
    assert.deepEqual(parseAddress(us(['Flat 3, 10 Downing Street'])).unit, { room: '3' })
    assert.deepEqual(parseAddress(us(['12/F, Tower B, 1 Harbour Road'])).unit, { floor: '12', tower: 'b' })
    assert.deepEqual(parseAddress(us(['4th Floor, 20 Oak Ave'])).unit, { floor: '4' })
    assert.deepEqual(parseAddress(us(['20 Oak Ave Apt 5B'])).unit, { room: '5b' })
  })

  it('reads the German street-then-number order and spellings of Straße', () => {
    const de = (line: string) =>
      parseAddress({ lines: [line], postalCode: '10115', city: 'Berlin', country: 'DE' }).buildingKey
    assert.equal(de('Hauptstraße 5'), 'DE|10115|hauptstr|5')
    for (const line of ['Hauptstrasse 5', 'Hauptstr. 5', 'Haupt Straße 5', 'HAUPTSTRASSE 5'])
      assert.equal(de(line), de('Hauptstraße 5'), line)
    assert.equal(de('Hauptstraße 5 a'), 'DE|10115|hauptstr|5a')
    assert.equal(
      parseAddress({ lines: ['Müllerstraße 12, 3. OG'], postalCode: '13353', country: 'DE' }).unit.floor,
      '3',
    )
  })

  it('normalises UK postcodes to outward and inward code', () => {
    const p = parseAddress({ lines: ['10 Downing Street'], city: 'London', postalCode: 'sw1a2aa', country: 'GB' })
    assert.equal(p.postcode, 'SW1A 2AA')
    assert.equal(p.buildingKey, 'GB|SW1A 2AA|downingst|10')
    const bad = parseAddress({ lines: ['10 Downing Street'], postalCode: '12345', country: 'GB' })
    assert.deepEqual(
      bad.problems.map((x) => x.code),
      ['bad_postcode'],
    )
  })

  it('reads Japanese chome-ban-go in kanji and in romaji as one building', () => {
    const kanji = parseAddress({
      lines: ['東京都千代田区丸の内1丁目2番3号 丸の内ビル5階'],
      postalCode: '100-0005',
      country: 'JP',
    })
    const romaji = parseAddress({
      lines: ['1-2-3 Marunouchi, Chiyoda-ku', '5F'],
      postalCode: '〒100-0005',
      country: 'JP',
    })
    assert.equal(kanji.houseNumber, '1-2-3')
    assert.equal(kanji.buildingKey, romaji.buildingKey)
    assert.equal(kanji.deliveryKey, 'JP|1000005||1-2-3|f=5')
    assert.equal(romaji.deliveryKey, kanji.deliveryKey)
  })

  it('reads Chinese 室/座/层 and their English and pinyin forms', () => {
    const chinese = parseAddress({
      lines: ['北京市朝阳区建国路88号SOHO现代城A座12层1201室'],
      postalCode: '100022',
      country: 'CN',
    })
    assert.equal(chinese.street, '建国路')
    assert.equal(chinese.deliveryKey, 'CN|100022|建国路|88|t=a;r=1201')
    const english = parseAddress({
      lines: ['Room 1201, Tower A, No. 88 Jianguo Road'],
      postalCode: '100022',
      country: 'CN',
    })
    const pinyin = parseAddress({
      lines: ['Jianguo Lu 88 Hao, A Zuo 12 Ceng 1201 Shi'],
      postalCode: '100022',
      country: 'CN',
    })
    assert.equal(english.deliveryKey, 'CN|100022|jianguord|88|t=a;r=1201')
    assert.equal(pinyin.deliveryKey, english.deliveryKey)
  })

  it('flags PO boxes in English, German and Japanese as shared by design', () => {
    for (const [line, country] of [
      ['P.O. Box 1234', 'US'],
      ['Postfach 12 34 56', 'DE'],
      ['私書箱 第12号', 'JP'],
    ] as const) {
      const p = parseAddress({
        lines: [line],
        postalCode: country === 'JP' ? '1000005' : country === 'DE' ? '10115' : '19808',
        country,
      })
      assert.deepEqual(p.flags, ['po_box', 'shared_by_design'], line)
    }
    assert.equal(parseAddress(us(['PO Box 1234'])).buildingKey, 'US|62701|pobox|1234')
  })

  it('flags the well-known registered-agent addresses, in any suite and spelling', () => {
    const csc = parseAddress({
      lines: ['251 Little Falls Dr., Suite 100'],
      city: 'Wilmington',
      region: 'DE',
      postalCode: '19808-1674',
      country: 'US',
    })
    assert.deepEqual(csc.flags, ['registered_agent', 'shared_by_design'])
    assert.deepEqual(parseAddress({ lines: ['1209 Orange Street'], postalCode: '19801', country: 'US' }).flags, [
      'registered_agent',
      'shared_by_design',
    ])
    const wy = parseAddress({
      lines: ['30 North Gould Street, Ste 7'],
      city: 'Sheridan',
      postalCode: '82801',
      country: 'US',
    })
    assert.ok(wy.flags.includes('shared_by_design'))
  })

  it('accepts an operator’s extra shared addresses', () => {
    const sharedAddresses = compileSharedAddresses([
      { lines: ['1 Coworking Plaza'], postalCode: '94105', country: 'US' },
    ])
    const p = parseAddress(
      { lines: ['1 Coworking Plaza, Suite 9'], postalCode: '94105', country: 'US' },
      { sharedAddresses },
    )
    assert.ok(p.flags.includes('shared_by_design'))
  })

  it('flags virtual offices and private mailboxes', () => {
    const p = parseAddress(us(['Regus Business Centre, 100 Pine St Suite 1250']))
    assert.deepEqual(p.flags, ['virtual_office', 'shared_by_design'])
    assert.equal(parseAddress(us(['2140 S Dupont Hwy PMB 123'])).unit.room, '123')
  })

  it('keeps an address without a house number as folded text, flagged unstructured', () => {
    const p = parseAddress({ lines: ['Rose Cottage, Mill Lane'], city: 'Ambridge', country: 'GB' })
    assert.deepEqual(p.flags, ['unstructured'])
    assert.equal(p.buildingKey, 'GB|ambridge|~rosecottagemilllane|')
  })
})

describe('deriveAddressIdentifiers', () => {
  it('yields the delivery point as `address` and the building as `address_building`', () => {
    const ids = deriveAddressIdentifiers(us(['123 Main St #400']))
    assert.deepEqual(
      ids.map((i) => [i.kind, i.key]),
      [
        ['address', 'US|62701|mainst|123|r=400'],
        ['address_building', 'US|62701|mainst|123'],
      ],
    )
  })
})

describe('deriveLocalityIdentifier', () => {
  it('keys an address without street lines by its postcode, or else its town', () => {
    const byPostcode = deriveLocalityIdentifier({ lines: [], postalCode: 'tq13 8df', city: 'Devon', country: 'UK' })
    assert.equal(byPostcode?.kind, 'locality')
    assert.equal(byPostcode?.key, 'GB|TQ13 8DF')
    assert.equal(deriveLocalityIdentifier({ lines: [' '], city: 'Bad Tölz', country: 'DE' })?.key, 'DE|~badtolz')
  })

  it('gives nothing when the address has street lines or neither postcode nor town', () => {
    assert.equal(deriveLocalityIdentifier({ lines: ['1 High St'], postalCode: 'TQ13 8DF', country: 'GB' }), undefined)
    assert.equal(deriveLocalityIdentifier({ lines: [], country: 'GB' }), undefined)
  })
})
