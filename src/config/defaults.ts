/** The embedded database, relative to the working directory: nothing to install. */
export const DEFAULT_DATABASE_FILE = './data/oneseller.db'
