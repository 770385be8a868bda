// Check-digit algorithms, each named after its standard. Inputs are the characters the standard covers,
// already upper-cased and stripped of separators; a character outside the alphabet makes the check fail.

const ZERO = 48
const UPPER_A = 65

function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - ZERO
  return d >= 0 && d <= 9 ? d : -1
}

/** True when `digits` (ASCII digits only) passes the Luhn check of ISO/IEC 7812-1 (cards, IMEI). */
export function isLuhnValid(digits: string): boolean {
  if (digits.length < 2) return false
  let sum = 0
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digitAt(digits, i)
    if (d < 0) return false
    if (double) d = d > 4 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

/** The Luhn check digit to append to `payload` (ASCII digits). */
export function luhnCheckDigit(payload: string): number {
  for (let d = 0; d <= 9; d++) if (isLuhnValid(payload + d)) return d
  return -1
}

/**
 * ISO 7064 MOD 11-2 check character over ASCII digits ('0'–'9' or 'X' for 10), as used by the Chinese resident
 * identity number (GB 11643-1999); '' when `digits` has a non-digit.
 */
export function mod11_2CheckChar(digits: string): string {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    const d = digitAt(digits, i)
    if (d < 0) return ''
    sum = ((sum + d) * 2) % 11
  }
  const check = (12 - sum) % 11
  return check === 10 ? 'X' : String(check)
}

/**
 * ISO 7064 MOD 11,10 (hybrid) check digit over ASCII digits, as used by the German tax identification number
 * (Steuer-ID) and VAT number; -1 when `digits` has a non-digit.
 */
export function mod11_10CheckDigit(digits: string): number {
  let product = 10
  for (let i = 0; i < digits.length; i++) {
    const d = digitAt(digits, i)
    if (d < 0) return -1
    let sum = (d + product) % 10
    if (sum === 0) sum = 10
    product = (sum * 2) % 11
  }
  const check = 11 - product
  return check === 10 ? 0 : check
}

/**
 * ISO 7064 MOD 97-10 remainder of an alphanumeric string, letters counting A=10 … Z=35 (IBAN, ISO 13616);
 * -1 when it has another character. An IBAN is valid when the remainder of its rearranged form is 1.
 */
export function mod97(text: string): number {
  let rest = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= ZERO && c <= ZERO + 9) rest = (rest * 10 + (c - ZERO)) % 97
    else if (c >= UPPER_A && c <= UPPER_A + 25) rest = (rest * 100 + (c - UPPER_A + 10)) % 97
    else return -1
  }
  return rest
}

const ICAO_WEIGHTS = [7, 3, 1] as const

/**
 * ICAO Doc 9303 part 3 check digit: weights 7-3-1 repeating, digits as themselves, A=10 … Z=35, filler '<'=0;
 * -1 when `text` has another character.
 */
export function icaoCheckDigit(text: string): number {
  let sum = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    let v: number
    if (c >= ZERO && c <= ZERO + 9) v = c - ZERO
    else if (c >= UPPER_A && c <= UPPER_A + 25) v = c - UPPER_A + 10
    else if (c === 60 /* < */) v = 0
    else return -1
    sum += v * (ICAO_WEIGHTS[i % 3] as number)
  }
  return sum % 10
}

const ABA_WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1] as const

/** True when a 9-digit ABA routing transit number passes its 3-7-1 weighted checksum (ABA / Federal Reserve). */
export function isAbaRoutingValid(digits: string): boolean {
  if (digits.length !== 9) return false
  let sum = 0
  for (let i = 0; i < 9; i++) {
    const d = digitAt(digits, i)
    if (d < 0) return false
    sum += d * (ABA_WEIGHTS[i] as number)
  }
  return sum % 10 === 0 && sum > 0
}

/** The 31 characters of the Chinese unified social credit code (GB 32100-2015): no I, O, Z, S, V. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const USCC_VALUE: ReadonlyMap<string, number> = new Map([...USCC_ALPHABET].map((c, i) => [c, i]))

/** GB 32100-2015 check character over the first 17 characters of a unified social credit code; '' on a bad character. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) return ''
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_VALUE.get(first17[i] as string)
    if (v === undefined) return ''
    sum += v * (USCC_WEIGHTS[i] as number)
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] as string
}

/**
 * Check digit of the Japanese corporate number (法人番号, National Tax Agency): for the 12 base digits,
 * 9 − (Σ digit × (1 or 2 alternating from the right)) mod 9; -1 on a non-digit.
 */
export function jpCorporateCheckDigit(base12: string): number {
  if (base12.length !== 12) return -1
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const d = digitAt(base12, 11 - i)
    if (d < 0) return -1
    sum += d * (i % 2 === 0 ? 1 : 2)
  }
  return 9 - (sum % 9)
}
