import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { startApiServer } from '../../../test/http/api-server.ts'

describe('health probes', () => {
  it('answers /healthz while the process runs', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/healthz')
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { status: 'ok' })
  })

  it('answers /readyz 200 while the store answers, and 503 once it does not', async (t) => {
    const api = await startApiServer(t)
    assert.equal((await api.fetch('/readyz')).status, 200)
    await api.app.events.close()
    const res = await api.fetch('/readyz')
    assert.equal(res.status, 503)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_ready')
    assert.equal((await api.fetch('/healthz')).status, 200)
  })
})
