export { DEFAULT_DATABASE_FILE } from './defaults.ts'
export type { ConfigFlags, ConfigIssue } from './load-config.ts'
export { loadConfig } from './load-config.ts'
export type { Config } from './schema.ts'
