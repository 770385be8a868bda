export { DEFAULT_APPEAL_DAYS, DEFAULT_DATABASE_FILE, DEFAULT_MAIL_FROM, DEFAULT_OUTBOX } from './defaults.ts'
export type { ConfigFlags, ConfigIssue } from './load-config.ts'
export { loadConfig } from './load-config.ts'
export type { Config } from './schema.ts'
export type { ServerConfig, ServerFlags } from './server-config.ts'
export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  loadServerConfig,
  portalSecretFrom,
} from './server-config.ts'
