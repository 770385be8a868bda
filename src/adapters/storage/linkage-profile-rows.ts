// What both engines' EventStore.scanProfiles share: when a kept linkage profile is current, and how many accounts a
// page holds.

/**
 * An account's records stored so far, from its `accounts` row (alias `a`): a kept profile derived from as many is still
 * current (records are never removed, and a duplicate is not stored).
 */
export const RECORD_COUNT = 'a.n_account + a.n_session + a.n_update + a.n_listing + a.n_verification + a.n_status'

/** Accounts read per page by scanProfiles. */
export const PROFILE_PAGE = 1000
