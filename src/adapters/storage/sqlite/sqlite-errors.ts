import { OnesellerError } from '../../../core/errors.ts'

/** Turns a driver error into an {@link OnesellerError} that says what failed and what to do. */
export function toStorageError(e: unknown, doing: string, file: string): OnesellerError {
  if (e instanceof OnesellerError) return e
  const code = (e as { code?: string }).code ?? ''
  const reason = e instanceof Error ? e.message : String(e)
  if (
    code === 'SQLITE_FULL' ||
    code === 'SQLITE_IOERR_WRITE' ||
    /disk is full|database or disk is full/i.test(reason)
  ) {
    return new OnesellerError(
      'storage_full',
      `${doing} failed: the disk holding ${file} is full. Nothing of this batch was stored; free some space and run the same command again: it resumes where it stopped.`,
      { cause: e },
    )
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new OnesellerError(
      'invalid_input',
      `${file} is not a oneseller database (${reason}). Point --db at a new file or an existing oneseller database.`,
      { cause: e },
    )
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new OnesellerError(
      'storage_unavailable',
      `${doing} failed: ${file} cannot be written (${reason}). Check the file's and its folder's permissions, or choose another path with --db.`,
      { cause: e },
    )
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new OnesellerError(
      'storage_unavailable',
      `${doing} failed: ${file} is locked by another process (${reason}). Wait for it to finish and retry.`,
      { cause: e },
    )
  }
  return new OnesellerError('storage_unavailable', `${doing} failed on ${file}: ${reason}`, { cause: e })
}

/**
 * A write's failure: a row the schema refuses (a CHECK, a NOT NULL, a foreign key) is the caller's to fix, reported as
 * `invalid_input` (the transaction rolled back: nothing of the call was stored); anything else as `toStorageError`.
 */
export function toWriteError(e: unknown, doing: string, file: string): OnesellerError {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return new OnesellerError(
      'invalid_input',
      `${doing} failed: ${file} refused a value (${(e as Error).message}). Nothing of this call was stored.`,
      { cause: e },
    )
  }
  return toStorageError(e, doing, file)
}

/** Runs a read; errors as {@link toWriteError} (a read refuses nothing, so: as `toStorageError`). */
export function readGuarded<T>(file: string, doing: string, f: () => T): T {
  try {
    return f()
  } catch (e) {
    throw toWriteError(e, doing, file)
  }
}
