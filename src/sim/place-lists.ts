import { fakerDE, fakerEN_GB, fakerEN_US } from '@faker-js/faker'

/** A city with what its addresses need: region and the leading digits or letters of its postal codes. */
export interface City {
  readonly city: string
  readonly region: string
  readonly postal: readonly string[]
  /** CN and JP: the district or ward and a few of its streets or towns. */
  readonly district?: string
  readonly streets?: readonly string[]
}

function cities(text: string): City[] {
  return text
    .trim()
    .split('\n')
    .map((row) => {
      const [city = '', region = '', postal = '', district, streets] = row.trim().split('|')
      return {
        city,
        region,
        postal: postal.split(','),
        ...(district ? { district } : {}),
        ...(streets ? { streets: streets.split(',') } : {}),
      }
    })
}

/** Cities per country (sellers cluster in big cities; a few logistics towns are there on purpose). */
export const CITIES = {
  US: cities(`New York|NY|100,101,102
    Brooklyn|NY|112
    Los Angeles|CA|900
    San Francisco|CA|941
    San Jose|CA|951
    City of Industry|CA|917
    Seattle|WA|981
    Chicago|IL|606
    Houston|TX|770
    Dallas|TX|752
    Austin|TX|787
    Miami|FL|331
    Orlando|FL|328
    Atlanta|GA|303
    Boston|MA|021
    Philadelphia|PA|191
    Phoenix|AZ|850
    Denver|CO|802
    Portland|OR|972
    Las Vegas|NV|891
    Minneapolis|MN|554
    Charlotte|NC|282
    Nashville|TN|372
    Columbus|OH|432
    Salt Lake City|UT|841
    Edison|NJ|088
    Reno|NV|895`),
  DE: cities(`Berlin|BE|10,12,13
    Hamburg|HH|20,22
    München|BY|80,81
    Köln|NW|50,51
    Frankfurt am Main|HE|60
    Stuttgart|BW|70
    Düsseldorf|NW|40
    Leipzig|SN|04
    Dortmund|NW|44
    Essen|NW|45
    Bremen|HB|28
    Dresden|SN|01
    Hannover|NI|30
    Nürnberg|BY|90
    Mönchengladbach|NW|41
    Würzburg|BY|97
    Freiburg im Breisgau|BW|79
    Münster|NW|48
    Augsburg|BY|86`),
  GB: cities(`London|England|EC1A,WC2H,N1,E1,SE1,SW1A,W1D,NW1,E14
    Manchester|England|M1,M4,M15
    Birmingham|England|B1,B5,B12
    Leeds|England|LS1,LS6
    Glasgow|Scotland|G1,G2,G12
    Edinburgh|Scotland|EH1,EH3
    Bristol|England|BS1,BS8
    Liverpool|England|L1,L3
    Sheffield|England|S1,S10
    Cardiff|Wales|CF10,CF24
    Leicester|England|LE1
    Nottingham|England|NG1,NG7
    Belfast|Northern Ireland|BT1,BT7
    Milton Keynes|England|MK9
    Reading|England|RG1`),
  CN: cities(`北京市|北京市|100|朝阳区|建国路,朝阳路,东三环中路,光华路
    北京市|北京市|100|海淀区|中关村大街,知春路,学院路
    上海市|上海市|200|浦东新区|世纪大道,张杨路,陆家嘴环路
    上海市|上海市|200|闵行区|虹梅路,七莘路
    深圳市|广东省|518|南山区|科技园南路,深南大道,南海大道
    深圳市|广东省|518|福田区|华强北路,深南中路,福华路
    深圳市|广东省|518|龙华区|民治大道,梅龙大道
    广州市|广东省|510|天河区|天河路,体育西路,珠江新城华夏路
    东莞市|广东省|523|南城区|鸿福路,宏图路
    杭州市|浙江省|310|余杭区|文一西路,五常大道
    义乌市|浙江省|322|稠城街道|稠州北路,工人北路
    厦门市|福建省|361|思明区|鹭江道,湖滨南路
    苏州市|江苏省|215|工业园区|星湖街,苏州大道东
    成都市|四川省|610|高新区|天府大道,交子大道`),
  JP: cities(`渋谷区|東京都|150|渋谷区|神南,道玄坂,恵比寿,渋谷
    新宿区|東京都|160|新宿区|西新宿,歌舞伎町,高田馬場
    港区|東京都|105,106,107|港区|六本木,赤坂,芝浦,南青山
    千代田区|東京都|100,101|千代田区|丸の内,大手町,神田
    大阪市北区|大阪府|530|北区|梅田,曽根崎,天満
    大阪市中央区|大阪府|540,541|中央区|心斎橋筋,難波,本町
    横浜市西区|神奈川県|220|西区|みなとみらい,高島
    名古屋市中村区|愛知県|450|中村区|名駅,椿町
    福岡市博多区|福岡県|812|博多区|博多駅前,中洲
    札幌市中央区|北海道|060|中央区|北一条西,南三条西`),
} as const

/** Street names per Western country (German abbreviations expanded: people and lists write both). */
export const STREETS = {
  US: [
    ...new Set([
      'Main',
      'Oak',
      'Maple',
      'Pine',
      'Cedar',
      'Elm',
      'Washington',
      'Lake',
      'Hill',
      'Park',
      'Sunset',
      'Market',
      'Lincoln',
      ...((fakerEN_US.rawDefinitions.person?.last_name as { generic?: string[] })?.generic ?? []).slice(0, 120),
    ]),
  ],
  DE: [
    'Hauptstraße',
    'Bahnhofstraße',
    'Schloßallee',
    'Königstraße',
    'Gartenstraße',
    'Müllerstraße',
    'Friedrichstraße',
    ...(fakerDE.rawDefinitions.location?.street_name ?? []).map((s) => s.replace(/str\.$/, 'straße')),
  ],
  GB: ['High Street', 'Station Road', 'Church Lane', ...(fakerEN_GB.rawDefinitions.location?.street_name ?? [])],
}

/** US street types: canonical and the abbreviations people write. */
export const US_STREET_TYPES: readonly (readonly [string, string])[] = [
  ['Street', 'St'],
  ['Avenue', 'Ave'],
  ['Road', 'Rd'],
  ['Drive', 'Dr'],
  ['Boulevard', 'Blvd'],
  ['Lane', 'Ln'],
  ['Court', 'Ct'],
  ['Place', 'Pl'],
]

/** Name stems for office towers, coworking spaces and business names. */
export const STEMS = [
  'Harbor',
  'Summit',
  'Pioneer',
  'Liberty',
  'Crown',
  'Meridian',
  'Atlas',
  'Beacon',
  'Cornerstone',
  'Horizon',
  'Keystone',
  'Lakeside',
  'Northgate',
  'Parkview',
  'Riverside',
  'Sterling',
  'Union',
  'Westfield',
  'Granite',
  'Silverline',
]
/** Chinese name stems for towers and companies. */
export const CN_STEMS = [
  '华强',
  '赛格',
  '国贸',
  '环球',
  '万达',
  '星河',
  '卓越',
  '金地',
  '天安',
  '中航',
  '恒大',
  '科兴',
  '海岸',
  '创维',
]
/** Japanese name stems for buildings and companies. */
export const JP_STEMS = [
  'サンシャイン',
  'グランド',
  'パーク',
  'セントラル',
  'アーバン',
  'ヒルズ',
  '第一',
  '第二',
  'メゾン',
  'ハイツ',
]

/** Registered-agent addresses that host tens of thousands of unrelated companies. */
export const REGISTERED_AGENTS: readonly {
  readonly country: 'US' | 'GB'
  readonly lines: readonly string[]
  readonly city: string
  readonly region?: string
  readonly postalCode: string
}[] = [
  { country: 'US', lines: ['251 Little Falls Drive'], city: 'Wilmington', region: 'DE', postalCode: '19808' },
  { country: 'US', lines: ['1209 Orange St'], city: 'Wilmington', region: 'DE', postalCode: '19801' },
  { country: 'US', lines: ['30 N Gould St', 'Ste R'], city: 'Sheridan', region: 'WY', postalCode: '82801' },
  { country: 'US', lines: ['8 The Green', 'Ste A'], city: 'Dover', region: 'DE', postalCode: '19901' },
  { country: 'US', lines: ['16192 Coastal Hwy'], city: 'Lewes', region: 'DE', postalCode: '19958' },
  { country: 'US', lines: ['1621 Central Ave'], city: 'Cheyenne', region: 'WY', postalCode: '82001' },
  { country: 'US', lines: ['2108 N St', 'Ste N'], city: 'Sacramento', region: 'CA', postalCode: '95816' },
  { country: 'GB', lines: ['71-75 Shelton Street', 'Covent Garden'], city: 'London', postalCode: 'WC2H 9JQ' },
  { country: 'GB', lines: ['20-22 Wenlock Road'], city: 'London', postalCode: 'N1 7GU' },
  { country: 'GB', lines: ['128 City Road'], city: 'London', postalCode: 'EC1V 2NX' },
]
