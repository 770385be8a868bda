import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, aSessionRecord } from '../../../test/builders/records.ts'
import { postJson, startApiServer } from '../../../test/http/api-server.ts'

interface RecordOutcome {
  index: number
  line?: number
  status: string
  type: string
  account?: string
  seq?: number
  errors?: { field: string; message: string }[]
}
interface IngestResult {
  stored: number
  duplicate: number
  rejected: number
  records: RecordOutcome[]
}

describe('POST /v1/records', () => {
  it('stores one record sent as a JSON object, and the account can be read back', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/records', postJson(anAccountRecord({ account: 'shop-1' })))
    assert.equal(res.status, 200)
    const body = (await res.json()) as IngestResult
    assert.deepEqual(body.records, [{ index: 0, status: 'stored', type: 'account', account: 'shop-1', seq: 1 }])
    assert.equal((await api.app.describeAccount('shop-1')).state.marketplace, 'US')
  })

  it('stores a batch sent as a JSON array, answering for each record in order and naming the index and field of a bad one', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch(
      '/v1/records',
      postJson([anAccountRecord(), { type: 'session', account: 'a1', at: '2024-01-02T00:00:00Z' }, aSessionRecord()]),
    )
    assert.equal(res.status, 200)
    const body = (await res.json()) as IngestResult
    assert.deepEqual([body.stored, body.duplicate, body.rejected], [2, 0, 1])
    assert.deepEqual(
      body.records.map((r) => [r.index, r.status]),
      [
        [0, 'stored'],
        [1, 'rejected'],
        [2, 'stored'],
      ],
    )
    assert.deepEqual(
      body.records[1]?.errors?.map((e) => e.field),
      ['ip', 'device'],
    )
    assert.equal((await api.app.stats()).recordsByType.session, 1)
  })

  it('stores NDJSON line by line as an import does: blank lines skipped, a line that is not JSON rejected with its line number', async (t) => {
    const api = await startApiServer(t)
    const text = [JSON.stringify(anAccountRecord()), '', '{"type":"session",', JSON.stringify(aSessionRecord())].join(
      '\n',
    )
    const res = await api.fetch('/v1/records', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: text,
    })
    assert.equal(res.status, 200)
    const body = (await res.json()) as IngestResult
    assert.deepEqual(
      body.records.map((r) => [r.index, r.line, r.status]),
      [
        [0, 1, 'stored'],
        [1, 3, 'rejected'],
        [2, 4, 'stored'],
      ],
    )
    assert.equal(body.records[1]?.errors?.[0]?.field, '(line)')
  })

  it('answers a record it already holds as a duplicate and stores nothing more', async (t) => {
    const api = await startApiServer(t)
    const batch = [anAccountRecord(), aSessionRecord()]
    const first = (await (await api.fetch('/v1/records', postJson(batch))).json()) as IngestResult
    const again = await api.fetch('/v1/records', postJson(batch))
    assert.equal(again.status, 200)
    const body = (await again.json()) as IngestResult
    assert.deepEqual(
      body.records.map((r) => r.status),
      ['duplicate', 'duplicate'],
    )
    assert.deepEqual(
      body.records.map((r) => r.seq),
      first.records.map((r) => r.seq),
    )
    assert.equal((await api.app.stats()).recordsByType.session, 1)
  })

  it('answers 422 when every record is rejected, and stores nothing', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch(
      '/v1/records',
      postJson([{ type: 'parcel', account: 'a1', at: '2024-01-01T00:00:00Z' }]),
    )
    assert.equal(res.status, 422)
    const body = (await res.json()) as IngestResult
    assert.equal(body.rejected, 1)
    assert.equal(body.records[0]?.errors?.[0]?.field, 'type')
    assert.equal((await api.app.stats()).accounts, 0)
  })

  it('answers 400 for a body that is not JSON, naming the line and column', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[\n  {"type": "account"},\n  {"type": }\n]',
    })
    assert.equal(res.status, 400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'invalid_input')
    assert.match(body.error.message, /line 3, column 12/)
  })

  it('answers 400 for an empty batch and for JSON that is neither an object nor an array', async (t) => {
    const api = await startApiServer(t)
    assert.equal((await api.fetch('/v1/records', postJson([]))).status, 400)
    assert.equal((await api.fetch('/v1/records', postJson('account'))).status, 400)
  })

  it('answers 415 for a media type other than JSON or NDJSON', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/records', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' })
    assert.equal(res.status, 415)
  })
})

describe('Idempotency-Key on POST /v1/records', () => {
  it('answers a retry with the same key and body with the first answer, without doing it again', async (t) => {
    const api = await startApiServer(t)
    const request = postJson([anAccountRecord(), aSessionRecord()], { 'idempotency-key': 'batch-0001' })
    const first = await api.fetch('/v1/records', request)
    const retry = await api.fetch('/v1/records', request)
    assert.equal(retry.status, first.status)
    assert.equal(retry.headers.get('idempotent-replayed'), 'true')
    assert.equal(first.headers.get('idempotent-replayed'), null)
    // Done again, the records would now be duplicates; replayed, they are "stored" as the first time.
    const [a, b] = [(await first.json()) as IngestResult, (await retry.json()) as IngestResult]
    assert.deepEqual(b, a)
    assert.equal(b.stored, 2)
  })

  it('refuses the same key with a different body with 422, and stores nothing of it', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson(anAccountRecord(), { 'idempotency-key': 'k-1' }))
    const res = await api.fetch(
      '/v1/records',
      postJson(anAccountRecord({ account: 'a2' }), { 'idempotency-key': 'k-1' }),
    )
    assert.equal(res.status, 422)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'idempotency_key_reused')
    assert.equal((await api.app.stats()).accounts, 1)
  })

  it("keeps each API key's idempotency keys apart", async (t) => {
    const api = await startApiServer(t)
    const other = await api.app.createApiKey({ name: 'other shop', scopes: 'ingest' })
    await api.fetch('/v1/records', postJson(anAccountRecord(), { 'idempotency-key': 'k-1' }))
    const res = await api.fetch(
      '/v1/records',
      postJson(anAccountRecord({ account: 'a2' }), { 'idempotency-key': 'k-1' }),
      other.secret,
    )
    assert.equal(res.status, 200)
    assert.equal((await api.app.stats()).accounts, 2)
  })

  it('saves nothing for a request that failed, so that the corrected one may use the key', async (t) => {
    const api = await startApiServer(t)
    const broken = await api.fetch('/v1/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-2' },
      body: '{"type":',
    })
    assert.equal(broken.status, 400)
    const fixed = await api.fetch('/v1/records', postJson(anAccountRecord(), { 'idempotency-key': 'k-2' }))
    assert.equal(fixed.status, 200)
  })
})
