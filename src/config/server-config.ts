import { z } from 'zod'
import { err, ok, type Result } from '../core/result.ts'
import type { ConfigIssue } from './load-config.ts'

/** A portal secret is at least this long: 32 random characters are beyond guessing. */
const MIN_PORTAL_SECRET_LENGTH = 32
/** What a portal secret must be, for messages. */
const PORTAL_SECRET_RULE =
  'at least 32 random characters, the same for every server process (e.g. 48 random bytes in base64)'

/** What the HTTP server needs beyond the store; every value has a safe default outside production. */
export const serverConfigSchema = z.object({
  port: z.number().int().min(0).max(65_535),
  host: z.string().min(1),
  /** Largest request body accepted, in bytes; a larger one is answered 413 without being read. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024),
  /** Requests per minute allowed to one API key (or, without a key, one client address). */
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000),
  /** Origins allowed to call the API from a browser; empty (the default) sends no CORS headers at all. */
  corsOrigins: z.array(z.string().regex(/^https?:\/\/[^/\s*]+$/, 'an origin: scheme://host[:port], no path, no *')),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  production: z.boolean(),
  /**
   * The secret that signs seller portal tokens (`ONESELLER_PORTAL_SECRET`); every server process must share it. Null
   * outside production when not set: the server then signs with a random secret of its own process.
   */
  portalSecret: z.string().min(MIN_PORTAL_SECRET_LENGTH, PORTAL_SECRET_RULE).nullable(),
  /** How long a claimed job stays this server's without a heartbeat: a job of a server that died waits this long. */
  jobLeaseMs: z.number().int().min(1_000).max(3_600_000),
  /** How often the job runner looks for due jobs when the queue was empty. */
  jobPollMs: z.number().int().min(10).max(3_600_000),
  /** Jobs this server runs at once; 0: it runs none (an API-only server). */
  jobConcurrency: z.number().int().min(0).max(64),
  /** How often the server runs the verification scheduler (reminders, expiries, notices, webhooks); 0: never. */
  tickSeconds: z.number().int().min(0).max(86_400),
})

export type ServerConfig = z.output<typeof serverConfigSchema>

export const DEFAULT_PORT = 8080
/** Loopback only: exposing the service is a decision, made with --host. */
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6_000
export const DEFAULT_JOB_LEASE_MS = 60_000
export const DEFAULT_JOB_POLL_MS = 1_000
/** Sweeps are CPU-bound: one at a time per server leaves the other core to the requests. */
export const DEFAULT_JOB_CONCURRENCY = 1
/** Deadlines are days long: a scheduler run a minute is prompt, and costs nothing when nothing is due. */
export const DEFAULT_TICK_SECONDS = 60

/** `oneseller serve` options that override the environment. */
export interface ServerFlags {
  readonly db?: string | undefined
  readonly port?: string | undefined
  readonly host?: string | undefined
  readonly bodyLimit?: string | undefined
  readonly rateLimit?: string | undefined
  readonly corsOrigin?: readonly string[] | undefined
}

/**
 * The server's settings from flags, then the environment (`ONESELLER_PORT`, `ONESELLER_HOST`, `ONESELLER_BODY_LIMIT`,
 * `ONESELLER_RATE_LIMIT`, `ONESELLER_CORS_ORIGINS` comma-separated, `ONESELLER_LOG_LEVEL`, `ONESELLER_JOB_LEASE_MS`,
 * `ONESELLER_JOB_POLL_MS`, `ONESELLER_JOB_CONCURRENCY`, `NODE_ENV`), then defaults.
 * Pure. In production (`NODE_ENV=production`) no setting the server needs may fall back to a default: each one
 * missing is an issue naming what to set.
 */
export function loadServerConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: ServerFlags,
): Result<ServerConfig, ConfigIssue[]> {
  const issues: ConfigIssue[] = []
  const production = env.NODE_ENV === 'production'
  if (production) issues.push(...missingInProduction(env, flags))
  const whole = (key: keyof typeof SETTING_OF, text: string | undefined, fallback: number): number => {
    if (text === undefined || text.trim() === '') return fallback
    if (!/^\d+$/.test(text.trim())) {
      issues.push({ setting: SETTING_OF[key], message: `expected a whole number, got ${JSON.stringify(text)}` })
      return Number.NaN
    }
    return Number(text)
  }
  const candidate = {
    port: whole('port', flags.port ?? env.ONESELLER_PORT, DEFAULT_PORT),
    host: flags.host ?? nonEmpty(env.ONESELLER_HOST) ?? DEFAULT_HOST,
    bodyLimitBytes: whole('bodyLimitBytes', flags.bodyLimit ?? env.ONESELLER_BODY_LIMIT, DEFAULT_BODY_LIMIT_BYTES),
    rateLimitPerMinute: whole(
      'rateLimitPerMinute',
      flags.rateLimit ?? env.ONESELLER_RATE_LIMIT,
      DEFAULT_RATE_LIMIT_PER_MINUTE,
    ),
    corsOrigins:
      flags.corsOrigin && flags.corsOrigin.length > 0
        ? [...flags.corsOrigin]
        : (env.ONESELLER_CORS_ORIGINS ?? '')
            .split(',')
            .map((o) => o.trim())
            .filter((o) => o !== ''),
    logLevel: nonEmpty(env.ONESELLER_LOG_LEVEL) ?? 'info',
    production,
    portalSecret: nonEmpty(env.ONESELLER_PORTAL_SECRET) ?? null,
    jobLeaseMs: whole('jobLeaseMs', env.ONESELLER_JOB_LEASE_MS, DEFAULT_JOB_LEASE_MS),
    jobPollMs: whole('jobPollMs', env.ONESELLER_JOB_POLL_MS, DEFAULT_JOB_POLL_MS),
    jobConcurrency: whole('jobConcurrency', env.ONESELLER_JOB_CONCURRENCY, DEFAULT_JOB_CONCURRENCY),
    tickSeconds: whole('tickSeconds', env.ONESELLER_TICK_SECONDS, DEFAULT_TICK_SECONDS),
  }
  const parsed = serverConfigSchema.safeParse(candidate)
  if (!parsed.success) {
    // A number already reported as unreadable is not reported again as out of range.
    for (const i of parsed.error.issues.filter((i) => !issues.some((x) => x.setting === settingOf(i.path[0]))))
      issues.push({ setting: settingOf(i.path[0]), message: i.message })
  }
  if (issues.length > 0 || !parsed.success) return err(issues)
  return ok(parsed.data)
}

const SETTING_OF = {
  port: '--port / ONESELLER_PORT',
  host: '--host / ONESELLER_HOST',
  bodyLimitBytes: '--body-limit / ONESELLER_BODY_LIMIT',
  rateLimitPerMinute: '--rate-limit / ONESELLER_RATE_LIMIT',
  corsOrigins: '--cors-origin / ONESELLER_CORS_ORIGINS',
  logLevel: 'ONESELLER_LOG_LEVEL',
  portalSecret: 'ONESELLER_PORTAL_SECRET',
  jobLeaseMs: 'ONESELLER_JOB_LEASE_MS',
  jobPollMs: 'ONESELLER_JOB_POLL_MS',
  jobConcurrency: 'ONESELLER_JOB_CONCURRENCY',
  tickSeconds: 'ONESELLER_TICK_SECONDS',
} as const satisfies Record<string, string>

/** The settings a production server must be given: the defaults are conveniences for a developer's machine. */
function missingInProduction(env: Readonly<Record<string, string | undefined>>, flags: ServerFlags): ConfigIssue[] {
  const missing: ConfigIssue[] = []
  if (flags.db === undefined && nonEmpty(env.DATABASE_URL) === undefined) {
    missing.push({
      setting: 'DATABASE_URL',
      message:
        'required in production (or --db): the database to serve; the embedded file in the working directory is for development',
    })
  }
  if (flags.host === undefined && nonEmpty(env.ONESELLER_HOST) === undefined) {
    missing.push({
      setting: 'ONESELLER_HOST',
      message: 'required in production (or --host): the address to listen on, e.g. 0.0.0.0 behind a load balancer',
    })
  }
  if (nonEmpty(env.ONESELLER_PORTAL_SECRET) === undefined) {
    missing.push({
      setting: 'ONESELLER_PORTAL_SECRET',
      message: `required in production: the secret that signs seller portal tokens, ${PORTAL_SECRET_RULE}`,
    })
  }
  return missing
}

/**
 * The portal secret from the environment, for commands that sign tokens the server must accept (`oneseller
 * portal-token`): unlike the server outside production, they cannot make one up.
 */
export function portalSecretFrom(env: Readonly<Record<string, string | undefined>>): Result<string, ConfigIssue> {
  const secret = nonEmpty(env.ONESELLER_PORTAL_SECRET)
  if (secret === undefined) {
    return err({
      setting: 'ONESELLER_PORTAL_SECRET',
      message: `not set: give the server's secret that signs seller portal tokens (${PORTAL_SECRET_RULE})`,
    })
  }
  if (secret.length < MIN_PORTAL_SECRET_LENGTH) {
    return err({ setting: 'ONESELLER_PORTAL_SECRET', message: `too short: ${PORTAL_SECRET_RULE}` })
  }
  return ok(secret)
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

function settingOf(key: PropertyKey | undefined): string {
  return typeof key === 'string' && key in SETTING_OF ? SETTING_OF[key as keyof typeof SETTING_OF] : String(key)
}
