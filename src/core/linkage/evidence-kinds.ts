import type { IdentifierKind } from '../identifiers/index.ts'

/**
 * What kind of party a shared value points to.
 * - `personal`: a value one party controls (bank account, phone, document, device): sharing it is evidence of one operator.
 * - `circumstantial`: a value people share innocently: where they live or work (address, network), their names
 *   (namesakes), who invited them. It adds to other evidence but, however rare, never links accounts on its own.
 * - `content`: what accounts sell (listing photos, titles): honest resellers share stock photos, so one shared item is
 *   weak; many shared items are a copied catalogue.
 */
export type EvidenceClass = 'personal' | 'circumstantial' | 'content'

/** Identifier kinds plus the ones linkage derives from sessions, listings and verifications. */
export type EvidenceKind =
  | IdentifierKind
  | 'document_number'
  | 'document_image'
  | 'listing_image'
  | 'listing_title'
  | 'channel_ref'

export interface EvidenceKindSpec {
  readonly class: EvidenceClass
  /**
   * Kinds of one group describe the same thing at different precision (an address and its building, an IP and its
   * prefix): a pair counts only the strongest agreement of a group.
   */
  readonly group: string
  /** Starting value of m = P(two accounts of one operator share a value of this group), before estimation. */
  readonly priorM: number
  /** How the evidence reads to a person. */
  readonly label: string
  /**
   * A value only one party can hold (a payout account, an identity document, a face): strangers never share it, so
   * however many shops use it, they are that party's (see exclusiveDegree). Not devices, cookies, emails or phones:
   * twin devices, shared computers and an agent's mailbox are shared innocently.
   */
  readonly exclusive: boolean
  /**
   * Personal evidence that cannot link on its own (a name with a birth date: namesakes born on one day exist): it
   * counts up to the circumstantial cap, so any other shared value must join it.
   */
  readonly needsCorroboration: boolean
  /**
   * A value that passes from one holder to another over time (an IP address a provider assigns again, a phone number
   * a carrier recycles, a device sold on): two accounts that used it close in time point to one operator more than
   * two that used it years apart, so agreement is weighed at two levels of time (see TIME_LEVELS in pair-evidence).
   */
  readonly comparedInTime: boolean
}

const spec = (c: EvidenceClass, group: string, priorM: number, label: string): EvidenceKindSpec => ({
  class: c,
  group,
  priorM,
  label,
  exclusive: false,
  needsCorroboration: false,
  comparedInTime: false,
})
const exclusive = (s: EvidenceKindSpec): EvidenceKindSpec => ({ ...s, exclusive: true })
const inTime = (s: EvidenceKindSpec): EvidenceKindSpec => ({ ...s, comparedInTime: true })

export const EVIDENCE_KINDS: Readonly<Record<EvidenceKind, EvidenceKindSpec>> = {
  email: spec('personal', 'email', 0.2, 'email address'),
  phone: inTime(spec('personal', 'phone', 0.3, 'phone number')),
  iban: exclusive(spec('personal', 'bank', 0.4, 'bank account (IBAN)')),
  bank_account: exclusive(spec('personal', 'bank', 0.4, 'bank account')),
  card_fingerprint: exclusive(spec('personal', 'card', 0.3, 'payment card')),
  // BIN, last four digits and expiry leave about a million cards per issuer range: strangers' cards agree by chance.
  card: spec('circumstantial', 'card', 0.3, 'payment card (BIN, last 4, expiry)'),
  national_id: exclusive(spec('personal', 'identity_document', 0.3, 'national identity number')),
  passport: exclusive(spec('personal', 'identity_document', 0.3, 'passport number')),
  driving_licence: exclusive(spec('personal', 'identity_document', 0.3, 'driving licence number')),
  document_number: exclusive(spec('personal', 'identity_document', 0.3, 'number of a submitted document')),
  person_name: spec('circumstantial', 'person_name', 0.3, 'legal representative name'),
  // Name and birth date: one person, though common names have namesakes born on one day: it needs corroboration.
  person_identity: {
    ...spec('personal', 'person_name', 0.3, 'legal representative (name and birth date)'),
    needsCorroboration: true,
  },
  business_name: spec('circumstantial', 'business_name', 0.2, 'business name'),
  business_registration: exclusive(spec('personal', 'business_registration', 0.2, 'business registration number')),
  tax_id: exclusive(spec('personal', 'tax_id', 0.2, 'tax number')),
  device: inTime(spec('personal', 'device', 0.4, 'device fingerprint')),
  cookie: spec('personal', 'cookie', 0.3, 'browser cookie'),
  image_hash: exclusive(spec('personal', 'document_image', 0.2, 'image of a submitted document')),
  document_image: exclusive(spec('personal', 'document_image', 0.2, 'image of a submitted document')),
  face: exclusive(spec('personal', 'face', 0.2, 'face of the legal representative')),
  channel_ref: spec('circumstantial', 'channel', 0.3, 'invitation or partner reference'),
  address: spec('circumstantial', 'address', 0.3, 'address (same unit)'),
  address_building: spec('circumstantial', 'address', 0.3, 'building'),
  locality: spec('circumstantial', 'address', 0.3, 'postcode or town (no street given)'),
  ip: inTime(spec('circumstantial', 'network', 0.5, 'IP address')),
  ip_prefix: inTime(spec('circumstantial', 'network', 0.5, 'IP network')),
  listing_image: spec('content', 'listing_image', 0.3, 'listing photo'),
  listing_title: spec('content', 'listing_title', 0.3, 'listing title'),
}

/** Flags under which a shared value is shared by design and proves nothing (docs/identifiers.md lists them). */
export const NO_EVIDENCE_FLAGS: ReadonlySet<string> = new Set([
  'shared_by_design',
  'registered_agent',
  'po_box',
  'virtual_office',
  'carrier_nat',
  'non_routable',
  'private',
  'documentation',
  'similarity_only',
  'unstructured',
])

/**
 * Flags under which a value is only part of an identity (a register number without its court): strangers can hold it
 * by chance, so it weighs as circumstantial evidence, adding to other evidence but never linking on its own.
 */
export const PARTIAL_EVIDENCE_FLAGS: ReadonlySet<string> = new Set(['partial_number'])

/** Every evidence group, in a fixed order: bit i of a group mask stands for EVIDENCE_GROUPS[i]. */
export const EVIDENCE_GROUPS: readonly string[] = [...new Set(Object.values(EVIDENCE_KINDS).map((k) => k.group))]

/**
 * The groups whose agreement is weighed at two levels of time (their kinds are `comparedInTime`): every kind of such a
 * group is, so that the strongest agreement of the group always has a time level.
 */
export const TIME_GROUPS: readonly string[] = EVIDENCE_GROUPS.filter((g) =>
  Object.values(EVIDENCE_KINDS).some((k) => k.group === g && k.comparedInTime),
)
for (const k of Object.values(EVIDENCE_KINDS))
  if (TIME_GROUPS.includes(k.group) && !k.comparedInTime)
    throw new Error(`evidence kinds: ${k.label} belongs to a group compared in time but is not`)

const GROUP_BIT = new Map(EVIDENCE_GROUPS.map((g, i) => [g, 1 << i]))

/** The bit of a group in a group mask. */
export function groupBit(group: string): number {
  return GROUP_BIT.get(group) ?? 0
}
