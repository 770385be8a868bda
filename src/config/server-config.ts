import { z } from 'zod'
import { err, ok, type Result } from '../core/result.ts'
import type { ConfigIssue } from './load-config.ts'

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
})

export type ServerConfig = z.output<typeof serverConfigSchema>

export const DEFAULT_PORT = 8080
/** Loopback only: exposing the service is a decision, made with --host. */
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6_000

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
 * `ONESELLER_RATE_LIMIT`, `ONESELLER_CORS_ORIGINS` comma-separated, `ONESELLER_LOG_LEVEL`, `NODE_ENV`), then defaults.
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
  return missing
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

function settingOf(key: PropertyKey | undefined): string {
  return typeof key === 'string' && key in SETTING_OF ? SETTING_OF[key as keyof typeof SETTING_OF] : String(key)
}
