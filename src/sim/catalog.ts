import { CATEGORIES, KNOWN_BRANDS, MODIFIERS } from './product-lists.ts'
import { type Random, toHex32 } from './random.ts'

/** A product a seller offers: the listing's title is written from it in the storefront's language. */
export interface Product {
  readonly category: number
  readonly noun: number
  readonly brand?: string
  readonly modifiers: readonly number[]
  readonly priceUsd: number
  /** 64-bit perceptual hashes as 16 hex digits. */
  readonly images: readonly string[]
}

/** What a listing record carries beside its id. */
export interface ListingDraft {
  readonly title: string
  readonly brand?: string
  readonly category: string
  readonly price: number
  readonly currency: string
  readonly imageHashes: readonly string[]
}

const CONSONANTS = 'BCDFGHJKLMNPRSTVXZ'
const VOWELS = 'AEIOU'

/** An invented brand of the kind private-label sellers register ("XUNMEI", "VOKRAN"). */
export function makeBrand(rng: Random): string {
  let out = ''
  const length = rng.between(5, 7)
  for (let i = 0; i < length; i++) out += i % 2 === 0 ? rng.char(CONSONANTS) : rng.char(VOWELS)
  return out
}

/** A product; `brand` undefined lets the product be unbranded. */
export function makeProduct(rng: Random, brand?: string): Product {
  const category = rng.int(CATEGORIES.length)
  const c = CATEGORIES[category] ?? CATEGORIES[0]
  if (!c) throw new Error('the catalogue has no categories')
  const modifiers: number[] = []
  for (let i = rng.int(3); i > 0; i--) modifiers.push(rng.int(MODIFIERS.en.length))
  const images: string[] = []
  for (let i = rng.between(1, 5); i > 0; i--) images.push(rng.hex(16))
  return {
    category,
    noun: rng.int(c.en.length),
    ...(brand ? { brand } : {}),
    modifiers,
    priceUsd: c.price[0] + rng.float() * (c.price[1] - c.price[0]),
    images,
  }
}

/** A stock product of a known brand: resellers use the manufacturer's photos, so hashes repeat across sellers. */
export function makeStockProduct(rng: Random): Product {
  return makeProduct(rng, rng.pick(KNOWN_BRANDS))
}

/** The same product with small edits: a modifier changed, a few image-hash bits flipped, the price moved. */
export function editProduct(rng: Random, p: Product, maxBits: number): Product {
  const modifiers = rng.chance(0.5) ? [...p.modifiers, rng.int(MODIFIERS.en.length)].slice(-3) : p.modifiers
  return {
    ...p,
    modifiers,
    priceUsd: p.priceUsd * (0.9 + rng.float() * 0.2),
    images:
      maxBits > 0 ? p.images.map((h) => toHash64(flipBits(rng, fromHash64(h), rng.between(1, maxBits)))) : p.images,
  }
}

/** A 64-bit hash with `count` random bits flipped. */
export function flipBits(rng: Random, h: readonly [number, number], count: number): readonly [number, number] {
  let [hi, lo] = h
  for (let i = 0; i < count; i++) {
    const bit = rng.int(64)
    if (bit < 32) hi = (hi ^ (1 << bit)) >>> 0
    else lo = (lo ^ (1 << (bit - 32))) >>> 0
  }
  return [hi, lo]
}

/** The two 32-bit halves of a hash written as 16 hex digits. */
export function fromHash64(hex: string): readonly [number, number] {
  return [Number.parseInt(hex.slice(0, 8), 16), Number.parseInt(hex.slice(8), 16)]
}

/** 16 hex digits of a 64-bit hash. */
export function toHash64(h: readonly [number, number]): string {
  return toHex32(h[0]) + toHex32(h[1])
}

type Language = 'en' | 'de' | 'ja' | 'zh'
const MARKET_LANGUAGE: Readonly<Record<string, Language>> = { US: 'en', UK: 'en', DE: 'de', JP: 'ja', CN: 'zh' }
const MARKET_CURRENCY: Readonly<Record<string, readonly [string, number]>> = {
  US: ['USD', 1],
  UK: ['GBP', 0.8],
  DE: ['EUR', 0.92],
  JP: ['JPY', 150],
  CN: ['CNY', 7.2],
}

/** The product as listed on `marketplace`: title in the storefront's language, price in its currency. */
export function toListingDraft(p: Product, marketplace: string): ListingDraft {
  const lang = MARKET_LANGUAGE[marketplace] ?? 'en'
  const c = CATEGORIES[p.category] ?? CATEGORIES[0]
  const nouns = c?.[lang] ?? []
  const noun = nouns[p.noun % Math.max(1, nouns.length)] ?? 'Item'
  const modifiers = MODIFIERS[lang]
  const sep = lang === 'ja' || lang === 'zh' ? ' ' : ', '
  let title = p.brand ? `${p.brand} ${noun}` : noun
  for (const m of p.modifiers) title += sep + modifiers[m % modifiers.length]
  const [currency, rate] = MARKET_CURRENCY[marketplace] ?? ['USD', 1]
  const raw = p.priceUsd * rate
  const price = currency === 'JPY' ? Math.max(100, Math.round(raw / 10) * 10 - 20) : Math.floor(raw) + 0.99
  return {
    title,
    ...(p.brand ? { brand: p.brand } : {}),
    category: c?.name ?? 'Other',
    price,
    currency,
    imageHashes: p.images,
  }
}

/** Where an account's listings come from. */
export interface CatalogOptions {
  /** Products of the operator that several of its accounts list. */
  readonly shared?: readonly Product[]
  /** Probability that a listing is taken from `shared`. */
  readonly reuse?: number
  /** Largest number of image-hash bits changed when a shared product is re-listed. */
  readonly editBits?: number
  /** The seller's own private-label brand, if any. */
  readonly brand?: string
  /** Stock products of known brands anyone may resell. */
  readonly stock: readonly Product[]
}

/** The next product an account lists. */
export function pickProduct(rng: Random, opts: CatalogOptions): Product {
  const shared = opts.shared
  if (shared && shared.length > 0 && rng.chance(opts.reuse ?? 0)) {
    return editProduct(rng, rng.pick(shared), opts.editBits ?? 0)
  }
  if (rng.chance(0.25)) return rng.pick(opts.stock)
  return makeProduct(rng, opts.brand && rng.chance(0.8) ? opts.brand : undefined)
}
