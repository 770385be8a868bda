import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { startApiServer } from '../../../test/http/api-server.ts'

interface OpenApi {
  openapi: string
  paths: Record<string, Record<string, { security?: Record<string, string[]>[]; requestBody?: unknown }>>
  components: { schemas: Record<string, unknown> }
}

describe('the API documents itself', () => {
  it('serves an OpenAPI 3.1 document listing every route, with the key scope each needs', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/openapi.json')
    assert.equal(res.status, 200)
    const doc = JSON.parse(await res.text()) as OpenApi
    assert.equal(doc.openapi, '3.1.0')
    for (const path of [
      '/v1/records',
      '/v1/accounts/{id}',
      '/v1/accounts/{id}/cluster',
      '/v1/accounts/{id}/cluster/links',
      '/v1/links/{a}/{b}/explain',
      '/v1/stats',
      '/healthz',
      '/readyz',
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`)
    }
    assert.deepEqual(doc.paths['/v1/records']?.post?.security, [{ apiKey: ['ingest'] }])
    assert.deepEqual(doc.paths['/v1/accounts/{id}']?.get?.security, [
      { apiKey: ['read'] },
      { reviewerSession: ['reviewer'] },
      { sessionCookie: ['reviewer'] },
      { portalToken: ['seller of {id}'] },
    ])
    assert.deepEqual(
      doc.paths['/v1/stats']?.get?.security?.map((s) => Object.keys(s)[0]),
      ['apiKey', 'reviewerSession', 'sessionCookie'],
      'no portal token for what is not one account',
    )
    assert.deepEqual(doc.paths['/v1/reviewers']?.post?.security, [
      { reviewerSession: ['admin'] },
      { sessionCookie: ['admin'] },
    ])
    assert.equal(doc.paths['/healthz']?.get?.security, undefined)
    assert.ok(doc.paths['/v1/records']?.post?.requestBody, 'the records body is documented')
    assert.ok(doc.components.schemas.Account && doc.components.schemas.Error)
  })

  it('serves a page at /docs that lists the operations', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/docs')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /text\/html/)
    const html = await res.text()
    assert.match(html, /<code>\/v1\/records<\/code>/)
    assert.match(html, /<code>\/v1\/accounts\/\{id\}\/cluster<\/code>/)
    assert.match(
      html,
      /API key with scope <code>read<\/code> · or reviewer with role <code>reviewer<\/code> or above · or the seller of the account \(portal token\)/,
    )
  })
})
