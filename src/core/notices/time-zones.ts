/**
 * Where a seller's clock most likely is, from the country and region they declare. A country that spans zones has
 * the zone of most of its people (the US: New York) unless its region says otherwise; the zone is always named in
 * the notice, so a guess is never silent.
 */

/** `CC Zone` pairs: each country's zone, the most populous one when it has several. */
const COUNTRY_ZONES = `
AD Europe/Andorra AE Asia/Dubai AF Asia/Kabul AG America/Antigua AL Europe/Tirane AM Asia/Yerevan AO Africa/Luanda
AR America/Argentina/Buenos_Aires AT Europe/Vienna AU Australia/Sydney AZ Asia/Baku BA Europe/Sarajevo
BB America/Barbados BD Asia/Dhaka BE Europe/Brussels BG Europe/Sofia BH Asia/Bahrain BN Asia/Brunei BO America/La_Paz
BR America/Sao_Paulo BS America/Nassau BT Asia/Thimphu BW Africa/Gaborone BY Europe/Minsk BZ America/Belize
CA America/Toronto CH Europe/Zurich CI Africa/Abidjan CL America/Santiago CM Africa/Douala CN Asia/Shanghai
CO America/Bogota CR America/Costa_Rica CU America/Havana CY Asia/Nicosia CZ Europe/Prague DE Europe/Berlin
DK Europe/Copenhagen DO America/Santo_Domingo DZ Africa/Algiers EC America/Guayaquil EE Europe/Tallinn EG Africa/Cairo
ES Europe/Madrid ET Africa/Addis_Ababa FI Europe/Helsinki FJ Pacific/Fiji FR Europe/Paris GB Europe/London
GE Asia/Tbilisi GH Africa/Accra GI Europe/Gibraltar GR Europe/Athens GT America/Guatemala HK Asia/Hong_Kong
HN America/Tegucigalpa HR Europe/Zagreb HU Europe/Budapest ID Asia/Jakarta IE Europe/Dublin IL Asia/Jerusalem
IN Asia/Kolkata IQ Asia/Baghdad IR Asia/Tehran IS Atlantic/Reykjavik IT Europe/Rome JM America/Jamaica JO Asia/Amman
JP Asia/Tokyo KE Africa/Nairobi KG Asia/Bishkek KH Asia/Phnom_Penh KR Asia/Seoul KW Asia/Kuwait KZ Asia/Almaty
LA Asia/Vientiane LB Asia/Beirut LI Europe/Vaduz LK Asia/Colombo LT Europe/Vilnius LU Europe/Luxembourg LV Europe/Riga
MA Africa/Casablanca MC Europe/Monaco MD Europe/Chisinau ME Europe/Podgorica MK Europe/Skopje MM Asia/Yangon
MN Asia/Ulaanbaatar MO Asia/Macau MT Europe/Malta MU Indian/Mauritius MV Indian/Maldives MX America/Mexico_City
MY Asia/Kuala_Lumpur NG Africa/Lagos NI America/Managua NL Europe/Amsterdam NO Europe/Oslo NP Asia/Kathmandu
NZ Pacific/Auckland OM Asia/Muscat PA America/Panama PE America/Lima PH Asia/Manila PK Asia/Karachi PL Europe/Warsaw
PR America/Puerto_Rico PT Europe/Lisbon PY America/Asuncion QA Asia/Qatar RO Europe/Bucharest RS Europe/Belgrade
RU Europe/Moscow SA Asia/Riyadh SE Europe/Stockholm SG Asia/Singapore SI Europe/Ljubljana SK Europe/Bratislava
SM Europe/San_Marino SN Africa/Dakar SV America/El_Salvador TH Asia/Bangkok TN Africa/Tunis TR Europe/Istanbul
TT America/Port_of_Spain TW Asia/Taipei TZ Africa/Dar_es_Salaam UA Europe/Kyiv UG Africa/Kampala US America/New_York
UY America/Montevideo UZ Asia/Tashkent VE America/Caracas VN Asia/Ho_Chi_Minh ZA Africa/Johannesburg ZM Africa/Lusaka
ZW Africa/Harare
`

/** Per country, `CODE Zone Name…` lines: a region by its code or its name (`CA`, `California`, `US-CA`). */
const REGION_ZONES: Readonly<Record<string, string>> = {
  US: `
AL America/Chicago Alabama
AK America/Anchorage Alaska
AZ America/Phoenix Arizona
AR America/Chicago Arkansas
CA America/Los_Angeles California
CO America/Denver Colorado
CT America/New_York Connecticut
DE America/New_York Delaware
DC America/New_York District of Columbia
FL America/New_York Florida
GA America/New_York Georgia
HI Pacific/Honolulu Hawaii
ID America/Boise Idaho
IL America/Chicago Illinois
IN America/Indiana/Indianapolis Indiana
IA America/Chicago Iowa
KS America/Chicago Kansas
KY America/New_York Kentucky
LA America/Chicago Louisiana
ME America/New_York Maine
MD America/New_York Maryland
MA America/New_York Massachusetts
MI America/Detroit Michigan
MN America/Chicago Minnesota
MS America/Chicago Mississippi
MO America/Chicago Missouri
MT America/Denver Montana
NE America/Chicago Nebraska
NV America/Los_Angeles Nevada
NH America/New_York New Hampshire
NJ America/New_York New Jersey
NM America/Denver New Mexico
NY America/New_York New York
NC America/New_York North Carolina
ND America/Chicago North Dakota
OH America/New_York Ohio
OK America/Chicago Oklahoma
OR America/Los_Angeles Oregon
PA America/New_York Pennsylvania
RI America/New_York Rhode Island
SC America/New_York South Carolina
SD America/Chicago South Dakota
TN America/Chicago Tennessee
TX America/Chicago Texas
UT America/Denver Utah
VT America/New_York Vermont
VA America/New_York Virginia
WA America/Los_Angeles Washington
WV America/New_York West Virginia
WI America/Chicago Wisconsin
WY America/Denver Wyoming
PR America/Puerto_Rico Puerto Rico
GU Pacific/Guam Guam
VI America/St_Thomas Virgin Islands
AS Pacific/Pago_Pago American Samoa
MP Pacific/Saipan Northern Mariana Islands`,
  CA: `
AB America/Edmonton Alberta
BC America/Vancouver British Columbia
MB America/Winnipeg Manitoba
NB America/Moncton New Brunswick
NL America/St_Johns Newfoundland and Labrador
NS America/Halifax Nova Scotia
NT America/Edmonton Northwest Territories
NU America/Iqaluit Nunavut
ON America/Toronto Ontario
PE America/Halifax Prince Edward Island
QC America/Toronto Quebec
SK America/Regina Saskatchewan
YT America/Whitehorse Yukon`,
  AU: `
ACT Australia/Sydney Australian Capital Territory
NSW Australia/Sydney New South Wales
NT Australia/Darwin Northern Territory
QLD Australia/Brisbane Queensland
SA Australia/Adelaide South Australia
TAS Australia/Hobart Tasmania
VIC Australia/Melbourne Victoria
WA Australia/Perth Western Australia`,
  BR: `
AM America/Manaus Amazonas
MT America/Cuiaba Mato Grosso
MS America/Campo_Grande Mato Grosso do Sul
RO America/Porto_Velho Rondonia
RR America/Boa_Vista Roraima
AC America/Rio_Branco Acre`,
  MX: `
BC America/Tijuana Baja California
BCS America/Mazatlan Baja California Sur
SIN America/Mazatlan Sinaloa
SON America/Hermosillo Sonora
CHH America/Chihuahua Chihuahua
ROO America/Cancun Quintana Roo`,
}

const countryZones = new Map<string, string>()
{
  const tokens = COUNTRY_ZONES.trim().split(/\s+/)
  for (let i = 0; i + 1 < tokens.length; i += 2) countryZones.set(tokens[i]!, tokens[i + 1]!)
}

const foldRegion = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

const regionZones = new Map<string, Map<string, string>>()
for (const [country, table] of Object.entries(REGION_ZONES)) {
  const zones = new Map<string, string>()
  for (const line of table.trim().split('\n')) {
    const [code, zone, ...name] = line.trim().split(' ')
    zones.set(foldRegion(code!), zone!)
    zones.set(foldRegion(name.join(' ')), zone!)
  }
  regionZones.set(country, zones)
}

/** ISO 3166-1 alpha-2 in capitals; `UK` (common, though not ISO) is read as GB. */
export function normaliseCountry(country: string): string {
  const c = country.trim().toUpperCase()
  return c === 'UK' ? 'GB' : c
}

/**
 * The time zone of a place: the region's zone when the country has a table of them and the region is in it (by code,
 * ISO 3166-2 code or name, case and accents ignored), else the country's; undefined for a country not listed.
 */
export function zoneOfPlace(country: string, region?: string | null): string | undefined {
  const c = normaliseCountry(country)
  const regions = regionZones.get(c)
  if (regions !== undefined && region != null) {
    const r = foldRegion(region)
    const zone = regions.get(r) ?? regions.get(r.startsWith(`${c.toLowerCase()} `) ? r.slice(c.length + 1) : '')
    if (zone !== undefined) return zone
  }
  return countryZones.get(c)
}
