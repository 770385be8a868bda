/** The embedded database, relative to the working directory: nothing to install. */
export const DEFAULT_DATABASE_FILE = './data/oneseller.db'

/** Where notices are written when no SMTP server is set and the database is not a local file. */
export const DEFAULT_OUTBOX = './data/outbox'

/** The sender of notices unless `ONESELLER_MAIL_FROM` says otherwise. */
export const DEFAULT_MAIL_FROM = 'oneseller <no-reply@oneseller.invalid>'

/**
 * How many days a seller has to appeal a decision, unless `ONESELLER_APPEAL_DAYS` says otherwise: the DSA (Art. 20)
 * keeps internal complaints open for at least six months after a decision.
 */
export const DEFAULT_APPEAL_DAYS = 183
