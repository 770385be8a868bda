// The database goes away while the server runs: requests get a clear 503 (never a hang, never a crash), /readyz says
// so, and when the database is back the same server answers again without a restart. PostgreSQL is reached through a
// TCP relay the test can cut, as a network partition or a failover would.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { postgresSkipReason, ThrowawaySchemas } from '../adapters/storage/postgres/throwaway-schemas.ts'
import { openApp } from '../compose.ts'
import { loadConfig, loadServerConfig } from '../config/index.ts'
import { buildServer } from './server.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)

/** Forwards connections on a local port to the database server, until cut. */
class Relay {
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => s.destroy())
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** Stops accepting and resets every open connection. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
  }
}

describe('the database goes away mid-service', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  it('answers 503 while PostgreSQL is unreachable, and recovers by itself when it is back', async (t) => {
    const { url } = await schemas.create()
    const direct = new URL(url)
    const relay = new Relay({ host: direct.hostname, port: Number(direct.port || 5432) })
    await relay.start()
    const through = new URL(url)
    through.port = String(relay.port)
    const config = loadConfig({}, { db: through.toString() })
    const settings = loadServerConfig({ ONESELLER_LOG_LEVEL: 'silent' }, { port: '0' })
    assert.ok(config.ok && settings.ok)
    const app = await openApp(config.value)
    const server = await buildServer({
      app,
      config: { ...settings.value, tickSeconds: 0 },
      logStream: new Writable({ write: (_c, _e, done) => done() }),
    })
    const base = await server.listen({ port: 0, host: '127.0.0.1' })
    t.after(async () => {
      await server.close()
      await app.close()
      await relay.cut()
    })
    const { secret } = await app.createApiKey({ name: 'test', scopes: 'read' })
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${secret}` } })

    assert.equal((await get('/v1/stats')).status, 200)
    assert.equal((await get('/readyz')).status, 200)

    await relay.cut()
    const started = Date.now()
    const down = await get('/v1/stats')
    assert.equal(down.status, 503)
    const body = (await down.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'storage_unavailable')
    assert.match(body.error.message, /PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1/)
    assert.ok(Date.now() - started < 15_000, 'answered within the connect timeout, not hung')
    assert.equal((await get('/readyz')).status, 503)

    await relay.start(relay.port)
    let status = 0
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await get('/v1/stats')).status
      if (status !== 200) await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(status, 200, 'the same server answers again once the database is back')
    assert.equal((await get('/readyz')).status, 200)
  })
})
