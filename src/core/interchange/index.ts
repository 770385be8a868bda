export type { ParsedRecord, RecordIssue } from './parse-record.ts'
export { MAX_LINE_BYTES, parseRecord, parseRecordLine } from './parse-record.ts'
export type {
  AccountRecord,
  AccountStatus,
  Bank,
  Business,
  Card,
  Channel,
  IdentityDocument,
  InterchangeRecord,
  ListingRecord,
  PostalAddress,
  Profile,
  ProfileField,
  RecordType,
  Representative,
  RoleAddress,
  SessionRecord,
  StatusRecord,
  UpdateRecord,
  VerificationRecord,
} from './records.ts'
export { PROFILE_FIELDS, RECORD_TYPES } from './records.ts'
export { ACCOUNT_STATUSES, parseTimestamp } from './schema.ts'
