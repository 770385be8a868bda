import { type App, openApp } from '../compose.ts'
import { loadConfig } from '../config/index.ts'
import { OnesellerError } from '../core/errors.ts'

/** Resolves the configuration for a command and opens the app; a bad setting is an error naming it. */
export async function openAppFor(
  env: Readonly<Record<string, string | undefined>>,
  db: string | undefined,
): Promise<App> {
  const config = loadConfig(env, { db })
  if (!config.ok) {
    const detail = config.error.map((i) => `${i.setting}: ${i.message}`).join('; ')
    throw new OnesellerError('invalid_input', `invalid configuration: ${detail}`)
  }
  return openApp(config.value)
}
