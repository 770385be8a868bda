/** A command line that cannot be run as written (a bad option value): exit 64, with the option named. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
