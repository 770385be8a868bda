import { err, ok, type Result } from '../core/result.ts'
import { DEFAULT_DATABASE_FILE } from './defaults.ts'
import { type Config, configSchema } from './schema.ts'

export interface ConfigIssue {
  readonly setting: string
  readonly message: string
}

/** Command-line settings that override the environment. */
export interface ConfigFlags {
  readonly db?: string | undefined
}

/**
 * Resolves the configuration from the environment and flags (pure: both are passed in).
 * The database is `--db`, else `DATABASE_URL`, else the embedded file. A value with a `postgres:` or `postgresql:`
 * scheme is PostgreSQL; `sqlite:` / `file:` prefixes and plain paths are SQLite files.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: ConfigFlags,
): Result<Config, ConfigIssue[]> {
  const setting = flags.db !== undefined ? '--db' : env.DATABASE_URL ? 'DATABASE_URL' : 'default'
  const raw = flags.db ?? env.DATABASE_URL ?? DEFAULT_DATABASE_FILE
  const database = /^postgres(ql)?:\/\//i.test(raw)
    ? { kind: 'postgres' as const, url: raw }
    : { kind: 'sqlite' as const, file: raw.replace(/^(sqlite|file):(\/\/)?/i, '') }
  const parsed = configSchema.safeParse({ database })
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => ({ setting, message: `${i.path.join('.')}: ${i.message}` })))
  }
  return ok(parsed.data)
}
