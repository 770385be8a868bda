import type { z } from 'zod'
import type {
  accountRecordSchema,
  bankSchema,
  businessSchema,
  cardSchema,
  channelSchema,
  documentSchema,
  listingRecordSchema,
  postalAddressSchema,
  representativeSchema,
  roleAddressSchema,
  sessionRecordSchema,
  statusRecordSchema,
  updateRecordSchema,
  verificationRecordSchema,
} from './schema.ts'

// The record types are read off the schemas so that the two can never disagree.
export type PostalAddress = z.output<typeof postalAddressSchema>
export type RoleAddress = z.output<typeof roleAddressSchema>
export type Channel = z.output<typeof channelSchema>
export type Business = z.output<typeof businessSchema>
export type IdentityDocument = z.output<typeof documentSchema>
export type Representative = z.output<typeof representativeSchema>
export type Bank = z.output<typeof bankSchema>
export type Card = z.output<typeof cardSchema>

export type AccountRecord = z.output<typeof accountRecordSchema>
export type SessionRecord = z.output<typeof sessionRecordSchema>
export type UpdateRecord = z.output<typeof updateRecordSchema>
export type ListingRecord = z.output<typeof listingRecordSchema>
export type VerificationRecord = z.output<typeof verificationRecordSchema>
export type StatusRecord = z.output<typeof statusRecordSchema>

/** One line of the interchange format (spec: interchange.md, version 1). */
export type InterchangeRecord =
  | AccountRecord
  | SessionRecord
  | UpdateRecord
  | ListingRecord
  | VerificationRecord
  | StatusRecord

export type RecordType = InterchangeRecord['type']

export const RECORD_TYPES: readonly RecordType[] = ['account', 'session', 'update', 'listing', 'verification', 'status']

/** The profile an account declares: what `account` records set and `update` records replace. */
export type Profile = Pick<
  AccountRecord,
  'email' | 'phone' | 'addresses' | 'bank' | 'card' | 'representative' | 'business' | 'locale' | 'timeZone'
>

export const PROFILE_FIELDS = ['email', 'phone', 'addresses', 'bank', 'card', 'representative', 'business'] as const
export type ProfileField = (typeof PROFILE_FIELDS)[number]

export type AccountStatus = StatusRecord['status']
