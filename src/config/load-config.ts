import { err, ok, type Result } from '../core/result.ts'
import { DEFAULT_APPEAL_DAYS, DEFAULT_DATABASE_FILE, DEFAULT_MAIL_FROM, DEFAULT_OUTBOX } from './defaults.ts'
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
  const appealDays = nonEmpty(env.ONESELLER_APPEAL_DAYS)
  const notices = {
    outbox: nonEmpty(env.ONESELLER_OUTBOX) ?? defaultOutbox(database),
    ...optional('smtpUrl', nonEmpty(env.ONESELLER_SMTP_URL)),
    from: nonEmpty(env.ONESELLER_MAIL_FROM) ?? DEFAULT_MAIL_FROM,
    ...optional('portalUrl', nonEmpty(env.ONESELLER_PORTAL_URL)),
    appealWithinDays:
      appealDays === undefined ? DEFAULT_APPEAL_DAYS : /^\d+$/.test(appealDays) ? Number(appealDays) : Number.NaN,
    ...optional('contact', nonEmpty(env.ONESELLER_SUPPORT_CONTACT)),
    ...optional('outOfCourtBody', nonEmpty(env.ONESELLER_DISPUTE_BODY)),
  }
  const webhookUrl = nonEmpty(env.ONESELLER_WEBHOOK_URL)
  const webhookSecret = nonEmpty(env.ONESELLER_WEBHOOK_SECRET)
  if (webhookUrl === undefined && webhookSecret !== undefined) {
    return err([
      { setting: 'ONESELLER_WEBHOOK_URL', message: 'ONESELLER_WEBHOOK_SECRET is set: set the URL to post to' },
    ])
  }
  if (webhookUrl !== undefined && webhookSecret === undefined) {
    return err([
      {
        setting: 'ONESELLER_WEBHOOK_SECRET',
        message:
          'webhooks are signed: set ONESELLER_WEBHOOK_SECRET (at least 16 characters) with ONESELLER_WEBHOOK_URL',
      },
    ])
  }
  const webhooks = webhookUrl === undefined ? undefined : { url: webhookUrl, secret: webhookSecret }
  const postcards = {
    ...optional('secret', nonEmpty(env.ONESELLER_POSTCARD_SECRET)),
    ...optional('cjkFont', nonEmpty(env.ONESELLER_CJK_FONT)),
  }
  const parsed = configSchema.safeParse({
    database,
    notices,
    postcards,
    ...(webhooks === undefined ? {} : { webhooks }),
  })
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((i) => ({
        setting:
          i.path[0] === 'notices'
            ? (NOTICE_SETTINGS[String(i.path[1])] ?? 'notices')
            : i.path[0] === 'postcards'
              ? i.path[1] === 'secret'
                ? 'ONESELLER_POSTCARD_SECRET'
                : 'ONESELLER_CJK_FONT'
              : i.path[0] === 'webhooks'
                ? `ONESELLER_WEBHOOK_${String(i.path[1]).toUpperCase()}`
                : setting,
        message: `${i.path.join('.')}: ${i.message}`,
      })),
    )
  }
  return ok(parsed.data)
}

/** The environment variable behind each notice setting, for messages. */
const NOTICE_SETTINGS: Readonly<Record<string, string>> = {
  outbox: 'ONESELLER_OUTBOX',
  smtpUrl: 'ONESELLER_SMTP_URL',
  from: 'ONESELLER_MAIL_FROM',
  portalUrl: 'ONESELLER_PORTAL_URL',
  appealWithinDays: 'ONESELLER_APPEAL_DAYS',
  contact: 'ONESELLER_SUPPORT_CONTACT',
  outOfCourtBody: 'ONESELLER_DISPUTE_BODY',
}

/** Notices go beside the embedded database file (`data/outbox`), or into `./data/outbox` for a server database. */
function defaultOutbox(database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }): string {
  if (database.kind === 'postgres' || database.file === ':memory:') return DEFAULT_OUTBOX
  const slash = Math.max(database.file.lastIndexOf('/'), database.file.lastIndexOf('\\'))
  return slash < 0 ? 'outbox' : `${database.file.slice(0, slash)}/outbox`
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string }
}
