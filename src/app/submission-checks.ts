// The checks the engine runs on submitted evidence, as pure functions of what was submitted and what the account
// declares: each gives check items for the reviewer. Searches across accounts happen in submissions.ts.

import type { Identifier } from '../core/identifiers/index.ts'
import {
  compareNames,
  jaroWinkler,
  normaliseBusinessRegistration,
  normaliseDrivingLicence,
  normaliseNationalId,
  normalisePassport,
  parseAddress,
} from '../core/identifiers/index.ts'
import type { PostalAddress, Profile } from '../core/interchange/index.ts'
import type { Instant } from '../core/time.ts'
import type { ImageFacts, SubmissionFileRole } from '../ports/index.ts'

export type CheckOutcome = 'passed' | 'failed' | 'not_available'

/** One check of a submission, for the reviewer. `accounts`: the other accounts it found (farm evidence). */
export interface SubmissionCheck {
  readonly kind: string
  readonly outcome: CheckOutcome
  readonly detail: string
  readonly accounts?: readonly string[]
}

/** A bill's name at least this close (compareNames) to a declared one is taken to be it: an initial scores 0.9. */
export const BILL_NAME_MIN_SIMILARITY = 0.85
/** Street names at least this close (Jaro-Winkler, folded) at one postcode and house number are one street. */
export const STREET_MIN_SIMILARITY = 0.9
/** A bill older than this many months does not show where the seller lives now (overridable per deployment). */
export const DEFAULT_BILL_MAX_AGE_MONTHS = 3
/** Saved again this long after it was taken: a program rewrote the file. */
const RESAVED_AFTER_MS = 60_000

/**
 * Programs that edit pictures, as they write themselves into EXIF `Software`. A phone's firmware (`iOS 17.1`,
 * `G998BXXU5`) or a camera's is not among them.
 */
const IMAGE_EDITORS =
  /photoshop|lightroom|gimp|snapseed|pixelmator|affinity|paint\.net|canva|picsart|meitu|facetune|photoscape|acdsee|corel|krita|luminar|fotor|pixlr|photopea|inpaint|photo ?director/i

const ROLE_NAMES: Readonly<Record<SubmissionFileRole, string>> = {
  front: 'front',
  back: 'back',
  photo: 'ID photo',
  frame: 'frame',
  bill: 'bill',
  video: 'video',
}

const check = (kind: string, outcome: CheckOutcome, detail: string, accounts?: readonly string[]): SubmissionCheck =>
  accounts === undefined ? { kind, outcome, detail } : { kind, outcome, detail, accounts }

/** The format and size of an image that passed the header checks. */
export function formatCheck(role: SubmissionFileRole, facts: ImageFacts, label = ROLE_NAMES[role]): SubmissionCheck {
  return check('image_format', 'passed', `${label}: ${facts.format.toUpperCase()}, ${facts.width} × ${facts.height}`)
}

/**
 * What the image's metadata says: saved by an image editor, or saved again after it was taken, fails; no EXIF at all
 * (a screenshot, a scan, stripped metadata) is not available; otherwise the capture date and camera.
 */
export function metadataCheck(role: SubmissionFileRole, facts: ImageFacts): SubmissionCheck {
  const label = ROLE_NAMES[role]
  const exif = facts.exif
  if (exif === null) {
    return check('image_metadata', 'not_available', `${label}: no camera metadata (a screenshot, a scan, or stripped)`)
  }
  if (exif.software !== null && IMAGE_EDITORS.test(exif.software)) {
    return check('image_metadata', 'failed', `${label}: saved by ${exif.software}, an image editor`)
  }
  const taken = exifTime(exif.capturedAt)
  const saved = exifTime(exif.modifiedAt)
  if (taken !== undefined && saved !== undefined && saved - taken > RESAVED_AFTER_MS) {
    return check(
      'image_metadata',
      'failed',
      `${label}: taken ${exif.capturedAt} but saved again ${exif.modifiedAt}${exif.software === null ? '' : ` by ${exif.software}`}`,
    )
  }
  const camera = [exif.make, exif.model].filter((v) => v !== null).join(' ')
  return check(
    'image_metadata',
    'passed',
    `${label}: ${exif.capturedAt === null ? 'no capture date' : `taken ${exif.capturedAt}`}${camera === '' ? '' : ` with ${camera}`}`,
  )
}

/** EXIF's `YYYY:MM:DD HH:MM:SS` (no zone: only differences are meaningful) as milliseconds. */
function exifTime(text: string | null): number | undefined {
  const m = text === null ? null : /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
  const t = Date.UTC(y, mo - 1, d, h, mi, s)
  return Number.isNaN(t) ? undefined : t
}

/** The checks of a typed document number, and the number in its canonical spelling when it could be read. */
export interface DocumentChecks {
  readonly checks: SubmissionCheck[]
  readonly number: string | undefined
}

export type IdDocumentType = 'national_id' | 'passport' | 'driving_licence'

const NORMALISE: Readonly<
  Record<IdDocumentType, (raw: string, context: { country: string; birthDate?: string }) => Identifier>
> = {
  national_id: normaliseNationalId,
  passport: normalisePassport,
  driving_licence: normaliseDrivingLicence,
}

const WORDS: Readonly<Record<IdDocumentType | 'business_registration', string>> = {
  national_id: 'national identity number',
  passport: 'passport number',
  driving_licence: 'driving licence number',
  business_registration: 'business registration number',
}

/**
 * The typed number of an identity document: its check digits and format for the document's type and country (named
 * by the seller, else the declared document's), and whether it is the document the representative declared.
 */
export function identityDocumentChecks(
  typed: string,
  named: { readonly type?: IdDocumentType; readonly country?: string },
  profile: Profile,
): DocumentChecks {
  const rep = profile.representative ?? undefined
  const declared = rep?.document ?? undefined
  const type = named.type ?? declared?.type
  const country = named.country ?? declared?.country
  if (type === undefined || country === undefined) {
    return {
      checks: [
        check(
          'document_number',
          'not_available',
          'the account declares no identity document and the submission names no documentType and country',
        ),
        check('document_declared', 'not_available', 'the account declares no identity document'),
      ],
      number: undefined,
    }
  }
  const context = { country, ...(rep?.birthDate ? { birthDate: rep.birthDate } : {}) }
  const id = NORMALISE[type](typed, context)
  const checks = [numberCheck(id, WORDS[type], country)]
  if (declared === undefined) {
    checks.push(check('document_declared', 'not_available', 'the account declares no identity document'))
  } else {
    const declaredId = NORMALISE[declared.type](declared.number, { ...context, country: declared.country })
    checks.push(
      declared.type === type && declaredId.key === id.key
        ? check('document_declared', 'passed', `the declared ${WORDS[type]}`)
        : check(
            'document_declared',
            'failed',
            declared.type === type
              ? `not the ${WORDS[type]} the account declares`
              : `a ${WORDS[type]}, where the account declares a ${WORDS[declared.type]}`,
          ),
    )
  }
  return { checks, number: numberOf(id) }
}

/** The typed registration number of a business licence: its format and check digits, and whether it is the declared one. */
export function businessLicenceChecks(
  typed: string,
  named: { readonly country?: string },
  profile: Profile,
): DocumentChecks {
  const business = profile.business ?? undefined
  const country = named.country ?? business?.country
  if (country === undefined) {
    return {
      checks: [
        check(
          'document_number',
          'not_available',
          'the account declares no business and the submission names no country',
        ),
        check('document_declared', 'not_available', 'the account declares no business registration number'),
      ],
      number: undefined,
    }
  }
  const id = normaliseBusinessRegistration(typed, country)
  const declared = business?.registrationNumber ?? undefined
  const checks = [
    numberCheck(id, WORDS.business_registration, country),
    declared === undefined || business === undefined
      ? check('document_declared', 'not_available', 'the account declares no business registration number')
      : normaliseBusinessRegistration(declared, business.country).key === id.key
        ? check('document_declared', 'passed', 'the declared business registration number')
        : check('document_declared', 'failed', 'not the business registration number the account declares'),
  ]
  return { checks, number: numberOf(id) }
}

/**
 * The number as the identifiers layer writes it (`L898902C3` for `L898902C3<6`, `HRB12345` for `HRB 012345`): what
 * goes into the verification record and the search across accounts, so that two spellings of one number meet.
 */
function numberOf(id: Identifier): string | undefined {
  const number = id.key.replace(/^[A-Z]{2}:/, '')
  return number === '' ? undefined : number
}

function numberCheck(id: Identifier, words: string, country: string): SubmissionCheck {
  if (id.problems.length === 0) return check('document_number', 'passed', `a well-formed ${words} of ${country}`)
  return check(
    'document_number',
    'failed',
    `not a valid ${words} of ${country}: ${id.problems.map((p) => `${p.message} (${p.code})`).join('; ')}`,
  )
}

/** The names an account declares: the representative's and the business's. */
export function declaredNames(profile: Profile): string[] {
  const rep = profile.representative ?? undefined
  const person = [rep?.givenName, rep?.familyName].filter((n) => n !== undefined && n !== null && n.trim() !== '')
  return [...(person.length > 0 ? [person.join(' ')] : []), ...(profile.business?.name ? [profile.business.name] : [])]
}

/** The bill's name against the declared names, through the identifiers' name comparison. */
export function billNameCheck(name: string, profile: Profile): SubmissionCheck {
  const names = declaredNames(profile)
  if (names.length === 0) return check('bill_name', 'not_available', 'the account declares no name')
  const best = Math.max(...names.map((n) => compareNames(name, n)))
  return best >= BILL_NAME_MIN_SIMILARITY
    ? check('bill_name', 'passed', `the bill's name matches a declared name (similarity ${best.toFixed(2)})`)
    : check('bill_name', 'failed', `the bill's name matches no declared name (best similarity ${best.toFixed(2)})`)
}

/**
 * The bill's address against every declared address (business, role addresses, representative's), taken apart by the
 * identifiers' address parser: the same delivery point, the same building, or the same postcode and house number on a
 * street spelled nearly alike.
 */
export function billAddressCheck(address: PostalAddress, profile: Profile): SubmissionCheck {
  const declared = [
    ...(profile.business?.address ? [profile.business.address] : []),
    ...(profile.addresses ?? []),
    ...(profile.representative?.address ? [profile.representative.address] : []),
  ]
  if (declared.length === 0) return check('bill_address', 'not_available', 'the account declares no address')
  const bill = parseAddress(address)
  let best: { rank: number; detail: string } = { rank: 0, detail: "the bill's address is none of the declared ones" }
  for (const d of declared) {
    const other = parseAddress(d)
    const rank =
      bill.deliveryKey === other.deliveryKey
        ? 3
        : bill.buildingKey === other.buildingKey
          ? 2
          : bill.country === other.country &&
              bill.houseNumber !== '' &&
              bill.houseNumber === other.houseNumber &&
              (bill.postcode !== '' ? bill.postcode === other.postcode : bill.city === other.city) &&
              jaroWinkler(bill.street, other.street) >= STREET_MIN_SIMILARITY
            ? 1
            : 0
    if (rank > best.rank) {
      best = {
        rank,
        detail: [
          '',
          'the same house number and postcode on a street spelled nearly alike as a declared address',
          'the same building as a declared address, another unit',
          'the same delivery point as a declared address',
        ][rank]!,
      }
    }
  }
  return check('bill_address', best.rank > 0 ? 'passed' : 'failed', best.detail)
}

/** The bill's issue date: not in the future, and within `maxAgeMonths` calendar months of `now` (UTC). */
export function billDateCheck(issueDate: string, now: Instant, maxAgeMonths: number): SubmissionCheck {
  const today = new Date(now).toISOString().slice(0, 10)
  if (issueDate > today) return check('bill_date', 'failed', `issued ${issueDate}, after today (${today})`)
  const d = new Date(now)
  const cutoff = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - maxAgeMonths, d.getUTCDate()))
    .toISOString()
    .slice(0, 10)
  return issueDate >= cutoff
    ? check('bill_date', 'passed', `issued ${issueDate}, within ${maxAgeMonths} months`)
    : check('bill_date', 'failed', `issued ${issueDate}, more than ${maxAgeMonths} months ago (before ${cutoff})`)
}

/** Every check passed or could not be run. */
export function allPassed(checks: readonly SubmissionCheck[]): boolean {
  return checks.every((c) => c.outcome !== 'failed')
}
