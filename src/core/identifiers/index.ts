export type { AddressOptions, ParsedAddress } from './address.ts'
export { compileSharedAddresses, deriveAddressIdentifiers, deriveLocalityIdentifier, parseAddress } from './address.ts'
export type { AddressUnit } from './address-unit.ts'
export { deriveBankIdentifier, normaliseBankAccount, normaliseIban } from './bank.ts'
export { businessNameTokens, normaliseBusinessName } from './business-name.ts'
export { isCourtScopedRegisterNumber, normaliseBusinessRegistration, normaliseTaxId } from './business-number.ts'
export { deriveCardIdentifiers, normaliseCardNumber } from './card.ts'
export {
  icaoCheckDigit,
  isAbaRoutingValid,
  isLuhnValid,
  jpCorporateCheckDigit,
  luhnCheckDigit,
  mod11_2CheckChar,
  mod11_10CheckDigit,
  mod97,
  USCC_ALPHABET,
  usccCheckChar,
} from './check-digits.ts'
export { checkCnCreditCode } from './cn-credit-code.ts'
export { CN_PROVINCE_CODES, checkCnResidentId } from './cn-resident-id.ts'
export { compareNames } from './compare-names.ts'
export type { DeriveContext } from './derive-identifiers.ts'
export { deriveIdentifiers } from './derive-identifiers.ts'
export type { DocumentContext } from './document.ts'
export { normaliseDrivingLicence, normaliseNationalId, normalisePassport } from './document.ts'
export type { EmailOptions } from './email.ts'
export { normaliseEmail } from './email.ts'
export type { EmailProviderRule } from './email-providers.ts'
export { EMAIL_PROVIDERS } from './email-providers.ts'
export type { FaceDescriptor } from './face.ts'
export { cosineSimilarity, normaliseFaceDescriptor } from './face.ts'
export { foldText } from './fold-text.ts'
export type { Identifier, IdentifierKind, IdentifierProblem } from './identifier.ts'
export { hasFlag } from './identifier.ts'
export { formatImageHash, hammingDistance, parseImageHash } from './image-hash.ts'
export type { ParsedIp } from './ip.ts'
export { normaliseIp, parseIp } from './ip.ts'
export { jaro, jaroWinkler } from './jaro-winkler.ts'
export { CJK_LEGAL_FORMS, LEGAL_FORM_WORDS } from './legal-forms.ts'
export type { ParsedMrz, PassportMrz } from './mrz.ts'
export { parsePassportMrz } from './mrz.ts'
export { nameTokens } from './name-tokens.ts'
export { dhashFromGrayscale, phashFromGrayscale } from './perceptual-hash.ts'
export { normalisePersonName } from './person-name.ts'
export type { PhoneContext } from './phone.ts'
export { normalisePhone } from './phone.ts'
export { isFictitiousPhone, UK_DRAMA_PREFIXES } from './phone-fictitious.ts'
export { normalisePostcode } from './postcode.ts'
export type { SessionInput } from './session.ts'
export { deriveSessionIdentifiers } from './session.ts'
export { REGISTERED_AGENT_ADDRESSES } from './shared-addresses.ts'
export { checkUsEin, EIN_PREFIXES } from './us-ein.ts'
export { checkUsSsn, KNOWN_INVALID_SSNS } from './us-ssn.ts'
