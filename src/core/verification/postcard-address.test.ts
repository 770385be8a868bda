import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isOnesellerError } from '../errors.ts'
import { type AddressBlockInput, countryNameForMail, formatAddressBlock } from './postcard-address.ts'

const block = (input: AddressBlockInput, origin?: string) => formatAddressBlock(input, origin)

describe('formatAddressBlock', () => {
  it('writes a US address as USPS wants it: CITY ST ZIP, state names abbreviated, ZIP+4 kept', () => {
    assert.deepEqual(
      block({
        name: 'Jane Doe',
        company: 'Acme LLC',
        lines: ['123 Main St', 'Ste 400'],
        city: 'Springfield',
        region: 'Illinois',
        postalCode: '627011234',
        country: 'US',
      }),
      ['Jane Doe', 'Acme LLC', '123 Main St', 'Ste 400', 'SPRINGFIELD IL 62701-1234', 'UNITED STATES'],
    )
    assert.deepEqual(
      block(
        { name: 'Jo', lines: ['1 Elm St'], city: 'Austin', region: 'tx', postalCode: '78701', country: 'US' },
        'US',
      ),
      ['Jo', '1 Elm St', 'AUSTIN TX 78701'],
    )
  })

  it('writes a GB address with the post town in capitals and the postcode on its own line', () => {
    assert.deepEqual(
      block({
        name: 'Tom Smith',
        lines: ['10 Downing Street'],
        city: 'London',
        region: 'Greater London',
        postalCode: 'sw1a2aa',
        country: 'UK',
      }),
      ['Tom Smith', '10 Downing Street', 'LONDON', 'SW1A 2AA', 'UNITED KINGDOM'],
    )
  })

  it('puts the postal code before the town in DE, with the company above the person', () => {
    assert.deepEqual(
      block(
        {
          name: 'Erika Mustermann',
          company: 'Muster GmbH',
          lines: ['Hauptstraße 5'],
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        'FR',
      ),
      ['Muster GmbH', 'Erika Mustermann', 'Hauptstraße 5', '10115 Berlin', 'GERMANY'],
    )
  })

  it('writes FR, IT, ES and NL localities in their posts’ forms', () => {
    assert.deepEqual(
      block({ name: 'Marie Curie', lines: ['12 rue de la Paix'], city: 'Paris', postalCode: '75002', country: 'FR' }),
      ['Marie Curie', '12 rue de la Paix', '75002 PARIS', 'FRANCE'],
    )
    assert.deepEqual(
      block({
        name: 'Mario Rossi',
        lines: ['Via Roma 1'],
        city: 'Milano',
        region: 'mi',
        postalCode: '20121',
        country: 'IT',
      }),
      ['Mario Rossi', 'Via Roma 1', '20121 MILANO MI', 'ITALY'],
    )
    assert.deepEqual(
      block({
        name: 'Ana García',
        lines: ['Calle Mayor 3'],
        city: 'Alcalá de Henares',
        region: 'Madrid',
        postalCode: '28801',
        country: 'ES',
      }),
      ['Ana García', 'Calle Mayor 3', '28801 Alcalá de Henares', 'Madrid', 'SPAIN'],
    )
    assert.deepEqual(
      block({ name: 'Jan de Vries', lines: ['Damrak 1'], city: 'Amsterdam', postalCode: '1012lg', country: 'NL' }),
      ['Jan de Vries', 'Damrak 1', '1012 LG AMSTERDAM', 'NETHERLANDS'],
    )
  })

  it('writes a Chinese-script CN address largest unit first, 中国 before the province, CHINA last', () => {
    assert.deepEqual(
      block({
        name: '张伟',
        company: '北京星辰贸易有限公司',
        lines: ['建国路88号SOHO现代城A座1001室'],
        city: '朝阳区',
        region: '北京市',
        postalCode: '100022',
        country: 'CN',
      }),
      ['100022', '中国北京市朝阳区', '建国路88号SOHO现代城A座1001室', '北京星辰贸易有限公司', '张伟', 'CHINA'],
    )
  })

  it('leaves 中国 and CHINA out of a domestic CN block, and does not repeat a province the street line names', () => {
    assert.deepEqual(
      block(
        { name: '李娜', lines: ['广东省深圳市南山区科技园路1号'], region: '广东省', city: '深圳市', country: 'CN' },
        'CN',
      ),
      ['广东省深圳市南山区科技园路1号', '李娜'],
    )
  })

  it('writes a Latin-script CN address in western order', () => {
    assert.deepEqual(
      block({
        name: 'Zhang Wei',
        lines: ['88 Jianguo Road', 'Chaoyang District'],
        city: 'Beijing',
        region: 'Beijing',
        postalCode: '100022',
        country: 'CN',
      }),
      ['Zhang Wei', '88 Jianguo Road', 'Chaoyang District', 'Beijing 100022', 'CHINA'],
    )
  })

  it('writes a Japanese-script JP address with the 〒 mark first and the addressee last', () => {
    assert.deepEqual(
      block({
        name: '山田太郎',
        company: '株式会社サンプル',
        lines: ['丸の内1-1-1'],
        city: '千代田区',
        region: '東京都',
        postalCode: '1000005',
        country: 'JP',
      }),
      ['〒100-0005', '東京都千代田区', '丸の内1-1-1', '株式会社サンプル', '山田太郎', 'JAPAN'],
    )
  })

  it('writes a Latin-script JP address in western order with the postal code after the prefecture', () => {
    assert.deepEqual(
      block({
        name: 'Taro Yamada',
        lines: ['1-1-1 Marunouchi'],
        city: 'Chiyoda-ku',
        region: 'Tokyo',
        postalCode: '〒100-0005',
        country: 'JP',
      }),
      ['Taro Yamada', '1-1-1 Marunouchi', 'Chiyoda-ku, Tokyo 100-0005', 'JAPAN'],
    )
  })

  it('writes a Hangul KR address largest first with the postal code last, a Latin one in western order', () => {
    assert.deepEqual(
      block({
        name: '홍길동',
        lines: ['테헤란로 123'],
        city: '강남구',
        region: '서울특별시',
        postalCode: '06236',
        country: 'KR',
      }),
      ['서울특별시 강남구', '테헤란로 123', '홍길동', '06236', 'REPUBLIC OF KOREA'],
    )
    assert.deepEqual(
      block({
        name: 'Hong Gildong',
        lines: ['123 Teheran-ro'],
        city: 'Gangnam-gu',
        region: 'Seoul',
        postalCode: '06236',
        country: 'KR',
      }),
      ['Hong Gildong', '123 Teheran-ro', 'Gangnam-gu, Seoul 06236', 'REPUBLIC OF KOREA'],
    )
  })

  it('writes IN with the PIN after the city and the state below', () => {
    assert.deepEqual(
      block({
        name: 'Priya Sharma',
        lines: ['12 MG Road'],
        city: 'Bengaluru',
        region: 'Karnataka',
        postalCode: '560001',
        country: 'IN',
      }),
      ['Priya Sharma', '12 MG Road', 'Bengaluru 560001', 'Karnataka', 'INDIA'],
    )
  })

  it('writes BR with TOWN-UF and the CEP on its own line', () => {
    assert.deepEqual(
      block({
        name: 'João Silva',
        company: 'Loja Ltda',
        lines: ['Av. Paulista, 1000'],
        city: 'São Paulo',
        region: 'São Paulo',
        postalCode: '01310100',
        country: 'BR',
      }),
      ['Loja Ltda', 'João Silva', 'Av. Paulista, 1000', 'SÃO PAULO-SP', '01310-100', 'BRAZIL'],
    )
  })

  it('writes CA with two spaces before the postal code, and AU with the state code', () => {
    assert.deepEqual(
      block({
        name: 'Luc Tremblay',
        lines: ['100 rue Sainte-Catherine'],
        city: 'Montréal',
        region: 'Québec',
        postalCode: 'h2x1l4',
        country: 'CA',
      }),
      ['Luc Tremblay', '100 rue Sainte-Catherine', 'MONTRÉAL QC  H2X 1L4', 'CANADA'],
    )
    assert.deepEqual(
      block(
        {
          name: 'Ann Lee',
          company: 'Lee Pty Ltd',
          lines: ['1 George St'],
          city: 'Sydney',
          region: 'New South Wales',
          postalCode: '2000',
          country: 'AU',
        },
        'AU',
      ),
      ['Lee Pty Ltd', 'Ann Lee', '1 George St', 'SYDNEY NSW 2000'],
    )
  })

  it('falls back to town, region and postal code on one line for other countries', () => {
    assert.deepEqual(
      block({
        name: 'Carlos Pérez',
        lines: ['Av. Reforma 222'],
        city: 'Ciudad de México',
        region: 'CDMX',
        postalCode: '06600',
        country: 'MX',
      }),
      ['Carlos Pérez', 'Av. Reforma 222', 'Ciudad de México CDMX 06600', 'MEXICO'],
    )
  })

  it('cleans the declared text: empty and null fields, stray spaces and control characters, lines with newlines', () => {
    assert.deepEqual(
      block({
        name: '  Jane \t Doe ',
        company: null,
        lines: ['', '123  Main St\nApt 4', '   '],
        city: ' Austin ',
        region: '',
        postalCode: null,
        country: ' us ',
      }),
      ['Jane Doe', '123 Main St', 'Apt 4', 'AUSTIN', 'UNITED STATES'],
    )
  })

  it('keeps a postal code that does not fit the country’s shape as typed', () => {
    const lines = block({ name: 'A', lines: ['1 High St'], city: 'Leeds', postalCode: 'ls1 zzz', country: 'GB' })
    assert.equal(lines[3], 'LS1 ZZZ')
  })

  it('refuses an unknown country, an addressee without name or company, and an address without street lines', () => {
    const refused = (input: AddressBlockInput, origin?: string) => {
      try {
        formatAddressBlock(input, origin)
        return 'accepted'
      } catch (e) {
        assert.ok(isOnesellerError(e))
        assert.equal(e.code, 'invalid_input')
        return e.message
      }
    }
    assert.match(refused({ name: 'A', lines: ['1 St'], country: 'XX' }), /^country: "XX" is not an ISO 3166-1/)
    assert.match(refused({ name: 'A', lines: ['1 St'], country: 'ZZ' }), /^country:/)
    assert.match(refused({ name: 'A', lines: ['1 St'], country: 'Germany' }), /^country:/)
    assert.match(refused({ name: 'A', lines: ['1 St'], country: 'DE' }, 'Mars'), /^origin:/)
    assert.match(refused({ name: ' ', lines: ['1 St'], country: 'DE' }), /^name:/)
    assert.match(refused({ name: 'A', lines: [' ', ''], country: 'DE' }), /^lines:/)
    assert.deepEqual(block({ name: '', company: 'Acme', lines: ['1 St'], country: 'DE' }, 'DE'), ['Acme', '1 St'])
  })
})

describe('countryNameForMail', () => {
  it('names the country in English capitals, with the names posts route by', () => {
    assert.equal(countryNameForMail('de'), 'GERMANY')
    assert.equal(countryNameForMail('HK'), 'HONG KONG')
    assert.equal(countryNameForMail('UK'), 'UNITED KINGDOM')
  })
})
