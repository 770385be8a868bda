// Test support: the real HTTP server on an ephemeral loopback port, over a real SQLite store in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { TestContext } from 'node:test'
import { type App, openApp } from '../../src/compose.ts'
import { loadConfig, loadServerConfig, type ServerConfig } from '../../src/config/index.ts'
import { buildServer } from '../../src/http/server.ts'
import { anAccountRecord, aSessionRecord } from '../builders/records.ts'

export interface ApiServer {
  readonly url: string
  readonly app: App
  /** Every log line written so far, as text. */
  logs(): string
  /** A key with every scope, which `fetch` sends unless told otherwise. */
  readonly key: string
  /**
   * `fetch` against the server: a path, the usual init, and the API key to send as a bearer token (the key with every
   * scope by default; null: no Authorization header).
   */
  fetch(path: string, init?: RequestInit, key?: string | null): Promise<Response>
}

/** Starts a server for one test and stops it (and removes its store) when the test ends. */
export async function startApiServer(
  t: TestContext,
  over: Partial<ServerConfig> = {},
  /** Settings of the app from the environment (ONESELLER_POSTCARD_SECRET, …). */
  env: Record<string, string> = {},
): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-http-'))
  const database = loadConfig(env, { db: join(dir, 'store.db') })
  const settings = loadServerConfig({ ONESELLER_LOG_LEVEL: 'info' }, { port: '0' })
  if (!database.ok || !settings.ok) throw new Error('test configuration is invalid')
  const app = await openApp(database.value)
  const lines: string[] = []
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'))
      done()
    },
  })
  const server = await buildServer({ app, config: { ...settings.value, ...over }, logStream })
  const url = await server.listen({ port: 0, host: '127.0.0.1' })
  const { secret } = await app.createApiKey({ name: 'test: every scope', scopes: 'ingest,read,metrics,policies:write' })
  t.after(async () => {
    await server.close()
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    url,
    app,
    key: secret,
    logs: () => lines.join(''),
    fetch: (path, init = {}, key = secret) => {
      const headers = new Headers(init.headers)
      if (key !== null) headers.set('authorization', `Bearer ${key}`)
      return fetch(`${url}${path}`, { ...init, headers })
    },
  }
}

/** A JSON POST. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

/**
 * A marketplace of 2,000 unrelated sellers (so that value frequencies are those of a real one) plus `op1` and `op2`,
 * which share a bank account and a device: after a linkage run they form one cluster.
 */
export function linkedMarketplace(): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = []
  const BACKGROUND = 2_000
  for (let i = 0; i < BACKGROUND; i++) {
    records.push(
      anAccountRecord({
        account: `bg${i}`,
        email: `bg${i}@example.com`,
        phone: `+1 415 555 ${String(i).padStart(4, '0')}`,
        bank: { country: 'US', accountNumber: `9${String(i).padStart(8, '0')}`, routingNumber: '021000021' },
      }),
      aSessionRecord({ account: `bg${i}`, device: `dev-bg${i}`, ip: `198.18.${i >> 8}.${i & 255}` }),
    )
  }
  for (const id of ['op1', 'op2']) {
    records.push(
      anAccountRecord({
        account: id,
        email: `${id}@example.com`,
        bank: { country: 'US', accountNumber: '123456789', routingNumber: '021000021' },
      }),
      aSessionRecord({ account: id, device: 'dev-op', ip: '203.0.113.5' }),
    )
  }
  return records
}
