// Check-digit algorithms the simulator needs to write valid (or deliberately forged) identifiers.
// They are written here, not taken from core/identifiers, so the generator and the engine stay independent.

/** `value mod 97` of a long decimal string (ISO 7064 MOD 97-10 arithmetic). */
export function mod97(digits: string): number {
  let rest = 0
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97
  return rest
}

function lettersToDigits(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    out += code >= 65 && code <= 90 ? String(code - 55) : ch
  }
  return out
}

/** A complete IBAN (no spaces) for a country and its BBAN, with correct ISO 7064 check digits. */
export function toIban(country: string, bban: string): string {
  const check = 98 - mod97(lettersToDigits(`${bban}${country}00`))
  return `${country}${String(check).padStart(2, '0')}${bban}`
}

/** The ninth digit of an ABA routing number: 3-7-1 weights over the first eight, sum ≡ 0 mod 10. */
export function abaCheckDigit(first8: string): number {
  const w = [3, 7, 1, 3, 7, 1, 3, 7]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * (w[i] ?? 0)
  return (10 - (sum % 10)) % 10
}

/** The 18th character of a CN resident identity number (ISO 7064 MOD 11-2). */
export function cnResidentIdCheckChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (w[i] ?? 0)
  return '10X98765432'[sum % 11] as string
}

/** Characters of the CN unified social credit code (GB 32100), value = index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** The 18th character of a CN unified social credit code (GB 32100, mod 31). */
export function usccCheckChar(first17: string): string {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i] ?? '0') * (w[i] ?? 0)
  return USCC_CHARSET[(31 - (sum % 31)) % 31] as string
}

/** The 9th character of a CN organisation code (GB 11714) over eight digits. */
export function orgCodeCheckChar(first8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * (w[i] ?? 0)
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/** The Luhn check digit appended to `payload` (bank card and UnionPay account numbers). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(payload[i])
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/** The 9th digit of a German VAT id (USt-IdNr, ISO 7064 MOD 11,10) over eight digits. */
export function deVatCheckDigit(first8: string): number {
  let product = 10
  for (const ch of first8) {
    let sum = (Number(ch) + product) % 10
    if (sum === 0) sum = 10
    product = (2 * sum) % 11
  }
  return (11 - product) % 10
}

/** The leading check digit of a 13-digit Japanese corporate number, over the 12-digit base. */
export function jpCorporateCheckDigit(base12: string): number {
  let sum = 0
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2)
  return 9 - (sum % 9)
}

/** The trailing check digit of a 12-digit Japanese individual number (My Number), over 11 digits. */
export function jpMyNumberCheckDigit(body11: string): number {
  let sum = 0
  for (let n = 1; n <= 11; n++) sum += Number(body11[11 - n]) * (n <= 6 ? n + 1 : n - 5)
  const r = sum % 11
  return r <= 1 ? 0 : 11 - r
}
