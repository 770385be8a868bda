import type { PostalAddress } from '../interchange/index.ts'

/**
 * Well-known US registered-agent and incorporation-service addresses: thousands of unrelated companies declare
 * them, so they never link accounts by themselves. Operators extend the list with
 * `normaliseAddress(address, { sharedAddresses: compileSharedAddresses([...]) })`.
 */
export const REGISTERED_AGENT_ADDRESSES: readonly PostalAddress[] = [
  { lines: ['251 Little Falls Drive'], city: 'Wilmington', region: 'DE', postalCode: '19808', country: 'US' }, // CSC
  { lines: ['1209 Orange Street'], city: 'Wilmington', region: 'DE', postalCode: '19801', country: 'US' }, // CT Corporation
  { lines: ['2711 Centerville Road Suite 400'], city: 'Wilmington', region: 'DE', postalCode: '19808', country: 'US' }, // CSC (former)
  { lines: ['1013 Centre Road'], city: 'Wilmington', region: 'DE', postalCode: '19805', country: 'US' }, // Corporation Service Co. (former)
  { lines: ['8 The Green'], city: 'Dover', region: 'DE', postalCode: '19901', country: 'US' }, // many agents
  { lines: ['3411 Silverside Road'], city: 'Wilmington', region: 'DE', postalCode: '19810', country: 'US' }, // Delaware Business Incorporators
  { lines: ['16192 Coastal Highway'], city: 'Lewes', region: 'DE', postalCode: '19958', country: 'US' }, // Harvard Business Services
  { lines: ['30 N Gould St'], city: 'Sheridan', region: 'WY', postalCode: '82801', country: 'US' }, // many Wyoming agents
  { lines: ['1712 Pioneer Ave'], city: 'Cheyenne', region: 'WY', postalCode: '82001', country: 'US' }, // Wyoming Registered Agent
  { lines: ['1621 Central Ave'], city: 'Cheyenne', region: 'WY', postalCode: '82001', country: 'US' }, // Northwest Registered Agent
  { lines: ['5900 Balcones Dr'], city: 'Austin', region: 'TX', postalCode: '78731', country: 'US' }, // many Texas agents
  { lines: ['401 Ryland St'], city: 'Reno', region: 'NV', postalCode: '89502', country: 'US' }, // many Nevada agents
  { lines: ['20 Wenlock Road'], city: 'London', postalCode: 'N1 7GU', country: 'GB' }, // UK formation agent
  { lines: ['71-75 Shelton Street'], city: 'London', postalCode: 'WC2H 9JQ', country: 'GB' }, // UK formation agent
  { lines: ['128 City Road'], city: 'London', postalCode: 'EC1V 2NX', country: 'GB' }, // UK formation agent
]

/** Mail-receiving services and virtual-office brands named in an address line. */
export const VIRTUAL_OFFICE_PATTERN =
  /\b(?:regus|wework|servcorp|virtual office|ipostal1?|anytime mailbox|earth class mail|davinci virtual|mail boxes etc|the ups store|pmb|private mailbox)\b/

/** PO boxes in English, German, French, Spanish, Japanese and Chinese; the box number is the first group. */
export const PO_BOX_PATTERNS: readonly RegExp[] = [
  /\b(?:p\.?\s?o\.?\s?box|post\s?office\s?box|pobox|gpo\s?box|locked\s?bag|postfach|boite postale|apartado(?: de correos)?)\s*(?:no\.?\s*)?#?\s*(\d[\d ]*)/,
  /私書箱\s*(?:第)?(\d+)号?/,
  /(?:邮政信箱|郵政信箱)\s*(\d+)/,
  /^\s*(?:bp|cp)\s+(\d+)\b/,
]
