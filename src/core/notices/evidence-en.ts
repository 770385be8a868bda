import type { VerificationKind } from '../features/index.ts'
import {
  asBoolean,
  asNumber,
  asString,
  asStrings,
  type EvidenceWording,
  entryOf,
  type FeatureName,
  type FeatureSentence,
  humanise,
  identifierPhrases,
  type MethodWording,
  problemPhrases,
  wholeDays,
} from './evidence-wording.ts'

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const number = (n: number) => numberFormat.format(n)
const count = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

const METHODS: Readonly<Record<VerificationKind, MethodWording>> = {
  id_document: {
    name: 'identity document',
    how: 'Upload a clear photo of a valid passport, national identity card or driving licence of the person who runs the account.',
  },
  business_licence: {
    name: 'business licence',
    how: 'Upload your business licence or certificate of registration, showing the business name and its registration number.',
  },
  utility_bill: {
    name: 'proof of address',
    how: 'Upload a utility bill or bank statement from the last three months that shows your name and the address you declared.',
  },
  postcard: {
    name: 'postcard code',
    how: 'We post a postcard with a code to the address you declared: enter the code in the seller portal when it arrives.',
  },
  video: {
    name: 'video call',
    how: 'Join a short video call with our team, with the identity document you declared at hand.',
  },
}

const methodName = (m: string) => entryOf<MethodWording>(METHODS, m)?.name ?? humanise(m)
const methods = (v: unknown) => asStrings(v)?.map(methodName)

const STATUS: Readonly<Record<string, string>> = {
  active: 'active',
  suspended: 'suspended',
  deactivated: 'deactivated',
}

/** A sentence from a number, or undefined when the value is not one. */
const withNumber =
  (say: (n: number) => string): FeatureSentence =>
  (v) => {
    const n = asNumber(v)
    return n === undefined ? undefined : say(n)
  }

const withDays =
  (none: string, say: (days: number) => string): FeatureSentence =>
  (v) => {
    const n = asNumber(v)
    if (n === undefined) return undefined
    if (n < 0) return none
    return n < 1 ? say(0) : say(wholeDays(n))
  }

const daysAgo = (d: number) => (d === 0 ? 'less than a day ago' : `${count(d, 'day', 'days')} ago`)

const FEATURES: Readonly<Record<FeatureName, FeatureSentence>> = {
  'account.id': (v) => (asString(v) === undefined ? undefined : `Your account id is ${asString(v)}.`),
  'account.marketplace': (v) => {
    const s = asString(v)
    if (s === undefined) return undefined
    return s === '' ? 'Your account has not registered on a storefront yet.' : `Your account is on the ${s} storefront.`
  },
  'account.kind': (v) => {
    const s = asString(v)
    if (s === 'individual') return 'Your account is registered as an individual seller.'
    if (s === 'business') return 'Your account is registered as a business.'
    return s === '' ? 'Your account has not completed its registration.' : undefined
  },
  'account.channel_type': (v) => {
    const s = asString(v)
    if (s === 'organic') return 'You registered directly on the marketplace.'
    if (s === 'invite') return 'You registered through an invitation.'
    if (s === 'partner') return 'You registered through a partner.'
    return undefined
  },
  // The reference may name whoever invited the seller: it is described, never shown.
  'account.channel_ref': (v) => {
    const s = asString(v)
    if (s === undefined) return undefined
    return s === ''
      ? 'You did not register through an invitation or partner link.'
      : 'You registered through an invitation or partner link.'
  },
  'account.status': (v) => {
    const s = entryOf(STATUS, asString(v) ?? '')
    return s === undefined ? undefined : `Your account was ${s} at the time.`
  },
  'account.registered': (v) => {
    const b = asBoolean(v)
    if (b === undefined) return undefined
    return b ? 'Your account registration is complete.' : 'We have not received your registration details.'
  },
  'account.age_days': withDays('Your account is new.', (d) =>
    d === 0 ? 'Your account is less than a day old.' : `Your account is ${count(d, 'day', 'days')} old.`,
  ),
  'account.sessions': withNumber((n) => `${count(n, 'sign-in has', 'sign-ins have')} been recorded for your account.`),
  'account.listings': withNumber((n) => `Your account has ${count(n, 'listing', 'listings')}.`),
  'account.updates': withNumber((n) =>
    n === 0
      ? 'You have not changed your account details.'
      : `You have changed your account details ${count(n, 'time', 'times')}.`,
  ),
  'account.verified': (v) => {
    const m = methods(v)
    if (m === undefined) return undefined
    return m.length === 0
      ? 'You have not passed any verification yet.'
      : `You have passed these verifications: ${list(m)}.`
  },
  'account.failed_verifications': (v) => {
    const m = methods(v)
    if (m === undefined) return undefined
    return m.length === 0
      ? 'None of your verifications has failed.'
      : `Your latest attempt did not pass for: ${list(m)}.`
  },
  'account.pending_verifications': (v) => {
    const m = methods(v)
    if (m === undefined) return undefined
    return m.length === 0
      ? 'None of your verifications is waiting for a result.'
      : `These verifications are waiting for a result: ${list(m)}.`
  },
  'account.days_since_verified': withDays(
    'You have never passed a verification.',
    (d) => `You last passed a verification ${daysAgo(d)}.`,
  ),
  'account.problems': (v) => {
    const p = asStrings(v)
    if (p === undefined) return undefined
    return p.length === 0
      ? 'We found no problem in the details you declared.'
      : `Some details you declared could not be confirmed: ${list(problemPhrases(EN_EVIDENCE, p))}.`
  },
  'account.invalid_identifiers': (v) => {
    const k = asStrings(v)
    if (k === undefined) return undefined
    return k.length === 0
      ? 'All the details you declared are valid.'
      : `These details you declared are not valid: ${list(identifierPhrases(EN_EVIDENCE, k))}.`
  },
  'account.change_of_control': (v) => {
    const b = asBoolean(v)
    if (b === undefined) return undefined
    return b
      ? 'The devices and networks used for your account changed, and then its bank account or contact details changed: someone else may now be running it.'
      : 'We have not seen a change in who runs your account.'
  },
  'account.days_since_control_change': withDays(
    'We have not seen a change in who runs your account.',
    (d) => `That change happened ${daysAgo(d)}.`,
  ),
  'cluster.size': withNumber((n) =>
    n <= 1
      ? 'Your account is not linked to any other account.'
      : `Your account is linked to ${count(n - 1, 'other account that we believe is', 'other accounts that we believe are')} run by the same party.`,
  ),
  'cluster.deactivated': withNumber((n) =>
    n === 0
      ? 'None of the accounts linked to yours has been deactivated.'
      : `Your account is linked to ${count(n, 'account', 'accounts')} that the marketplace has deactivated.`,
  ),
  'cluster.suspended': withNumber((n) =>
    n === 0
      ? 'None of the accounts linked to yours is suspended.'
      : `Your account is linked to ${count(n, 'account that is', 'accounts that are')} suspended.`,
  ),
  'cluster.failed_verifications': withNumber((n) =>
    n === 0
      ? 'None of the accounts linked to yours has failed a verification.'
      : `${count(n, 'account', 'accounts')} linked to yours failed a verification.`,
  ),
  'cluster.strongest_link': withNumber((n) =>
    n <= 0
      ? 'Your account has no link to another account.'
      : `The strongest link between your account and another one has a match score of ${number(n)} (the higher the score, the more likely it is that the accounts are run by the same party).`,
  ),
  'cluster.strong_evidence': (v) => {
    const b = asBoolean(v)
    if (b === undefined) return undefined
    return b
      ? 'At least one of these links rests on personal details, such as a bank account, an identity document, a face, a phone number, an email address or a device, not only on an address or a network that others may share.'
      : 'These links rest only on details others may share, such as an address, a network or listings.'
  },
  'cluster.listing_duplicate_share': withNumber(
    (n) =>
      `${number(Math.round(n * 100))}% of the accounts linked to yours have listings that are near copies of yours.`,
  ),
  'cluster.control_changes': withNumber((n) =>
    n === 0
      ? 'No account in your group of linked accounts has changed hands.'
      : `${count(n, 'account', 'accounts')} in your group of linked accounts (yours included) appear to have changed hands.`,
  ),
  'cluster.marketplaces': withNumber(
    (n) => `Your group of linked accounts sells on ${count(n, 'storefront', 'storefronts')}.`,
  ),
  'history.decisions': withNumber((n) =>
    n === 0
      ? 'Our policies had not taken any decision about your account before.'
      : `Our policies had taken ${count(n, 'decision', 'decisions')} about your account before.`,
  ),
  'history.open_requirements': withNumber((n) =>
    n === 0
      ? 'You had no other verification request open.'
      : `You had ${count(n, 'verification request', 'verification requests')} still open.`,
  ),
  'history.status_changes': withNumber((n) =>
    n === 0
      ? 'The marketplace had not changed the status of your account before.'
      : `The marketplace has changed the status of your account ${count(n, 'time', 'times')}.`,
  ),
  'history.days_since_last_event': withDays(
    'There has been no activity on your account.',
    (d) => `The latest activity on your account was ${daysAgo(d)}.`,
  ),
}

/** English phrases for the facts a decision rests on. */
export const EN_EVIDENCE: EvidenceWording = {
  features: FEATURES,
  unknownFeature: (label, value) =>
    value === undefined ? `We also took into account: ${label}.` : `We also took into account: ${label} (${value}).`,
  shared: {
    email: 'the same email address',
    phone: 'the same phone number',
    iban: 'the same bank account',
    bank_account: 'the same bank account',
    card_fingerprint: 'the same payment card',
    card: 'a payment card with the same first digits, last four digits and expiry date',
    national_id: 'the same national identity number',
    passport: 'the same passport number',
    driving_licence: 'the same driving licence number',
    document_number: 'the same number on a submitted document',
    person_name: 'the same name of the legal representative',
    person_identity: 'the same legal representative (same name and date of birth)',
    business_name: 'the same business name',
    business_registration: 'the same business registration number',
    tax_id: 'the same tax number',
    device: 'the same device',
    cookie: 'the same web browser',
    image_hash: 'the same image of a submitted document',
    document_image: 'the same image of a submitted document',
    face: 'the same face in identity checks',
    channel_ref: 'the same invitation or partner link',
    address: 'the same address (the same unit)',
    address_building: 'an address in the same building',
    locality: 'the same postcode or town',
    ip: 'the same internet (IP) address',
    ip_prefix: 'the same internet network',
    listing_image: 'the same listing photos',
    listing_title: 'near-identical listing titles',
  },
  unknownShared: 'other matching details',
  link: (shared, other) =>
    `Your account and another account${other === undefined ? '' : ` (${other})`} have ${list(shared)}.`,
  moreLinks: (n) => `Your account is linked in a similar way to ${count(n, 'further account', 'further accounts')}.`,
  methods: METHODS,
  unknownMethod: (label) => ({ name: label, how: 'Follow the instructions in the seller portal.' }),
  reasons: {
    onboarding_verification: 'We verify every new seller before they can sell, to confirm who runs the account.',
    linked_to_deactivated:
      'Your account is linked, through personal details, to one or more accounts that the marketplace has deactivated, so it may be run by the same party.',
    change_of_control:
      'The devices and networks used for your account changed, and then its bank account or contact details changed, so someone else may now be running the account.',
    cluster_failed_verifications:
      'Accounts linked to yours failed a verification, so every linked account is being reviewed.',
    video_verification_missing:
      'Your account has never completed a video verification, which every active seller needs to have passed.',
  },
  unknownReason: (label) => `The reason given by the policy is: ${label}.`,
  identifiers: {
    email: 'email address',
    phone: 'phone number',
    address: 'address',
    address_building: 'address',
    locality: 'postcode or town',
    ip: 'IP address',
    ip_prefix: 'network',
    person_name: "legal representative's name",
    person_identity: "legal representative's name and date of birth",
    business_name: 'business name',
    national_id: 'national identity number',
    passport: 'passport number',
    driving_licence: 'driving licence number',
    business_registration: 'business registration number',
    tax_id: 'tax number',
    iban: 'bank account (IBAN)',
    bank_account: 'bank account number',
    card_fingerprint: 'payment card',
    card: 'payment card',
    device: 'device',
    cookie: 'web browser',
    image_hash: 'document image',
    face: 'face image',
  },
  problems: {
    empty: 'it is empty',
    bad_format: 'its format is not valid',
    bad_length: 'it has the wrong number of characters',
    bad_check_digit: 'its check digit is wrong',
    bad_national_check_digit: 'its check digit is wrong',
    bad_routing_check_digit: "the bank's routing number has a wrong check digit",
    bad_routing_format: "the bank's routing number is not valid",
    bad_account_number: 'the account number is not valid',
    bad_sort_code: 'the sort code is not valid',
    fictitious_range: 'it is in a range reserved for fictitious numbers',
    known_invalid: 'it is a number known to be invalid',
    invalid_number: 'it is not a valid number',
    all_zero: 'it consists only of zeros',
    bad_domain: 'its domain cannot receive email',
    no_at: 'it is not a valid email address',
    empty_local: 'it is not a valid email address',
    empty_domain: 'it is not a valid email address',
    bad_local: 'it is not a valid email address',
    local_too_long: 'it is not a valid email address',
    no_country: 'its country is missing',
    unknown_country: 'its country is not recognised',
    bad_region: 'its region is not valid',
    bad_postcode: 'its postcode is not valid',
    bad_birth_date: 'the date of birth in it is not valid',
    birth_date_mismatch: 'the date of birth in it does not match the one you declared',
    bad_expiry: 'its expiry date is not valid',
    bad_expiry_date: 'its expiry date is not valid',
    bad_bin: 'the first digits of the card number are not valid',
    bad_prefix: 'its first digits are not valid',
    bad_area: 'a part of the number is not valid',
    bad_group: 'a part of the number is not valid',
    bad_serial: 'a part of the number is not valid',
    bad_itin_group: 'a part of the number is not valid',
    bad_ip: 'it is not a valid IP address',
    unparseable: 'it could not be read',
  },
  unknownProblem: 'it is not valid',
  problem: (identifier, problem) => `your ${identifier} (${problem})`,
  list,
  number,
  yesNo: (b) => (b ? 'yes' : 'no'),
}
