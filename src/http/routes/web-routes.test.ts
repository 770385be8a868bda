import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import helmet from '@fastify/helmet'
import Fastify, { type FastifyInstance } from 'fastify'
import { HttpError } from '../http-errors.ts'
import { registerWebRoutes, WEB_CSP } from './web-routes.ts'

const INDEX =
  '<!doctype html><title>oneseller</title><script type="module" src="/console/assets/index-AbCd1234.js"></script>'
const SCRIPT = 'console.log("app")'

/** A server with the usual secure headers and the web routes over `root`, with the API's error answers. */
async function serverOver(t: TestContext, root: string): Promise<FastifyInstance> {
  const server = Fastify()
  await server.register(helmet)
  server.setErrorHandler((error: Error, _request, reply) => {
    const status = error instanceof HttpError ? error.statusCode : 500
    return reply.code(status).send({ error: { code: (error as HttpError).code, message: error.message } })
  })
  registerWebRoutes(server, { root })
  t.after(() => server.close())
  return server
}

function builtApp(t: TestContext): string {
  const root = mkdtempSync(join(tmpdir(), 'oneseller-web-'))
  t.after(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), INDEX)
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js'), SCRIPT)
  writeFileSync(join(root, 'robots.txt'), 'User-agent: *\nDisallow: /\n')
  writeFileSync(join(root, '..', 'secret.txt'), 'outside the build')
  t.after(() => rmSync(join(root, '..', 'secret.txt'), { force: true }))
  return root
}

describe('the web app routes', () => {
  it('answer index.html for every page of the console and the portal, never cached, with the app CSP', async (t) => {
    const server = await serverOver(t, builtApp(t))
    for (const url of ['/console', '/console/', '/console/accounts/shop-1', '/portal', '/portal?token=osp_x.y']) {
      const res = await server.inject(url)
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.body, INDEX, url)
      assert.match(String(res.headers['content-type']), /^text\/html/)
      assert.equal(res.headers['cache-control'], 'no-cache')
      assert.equal(res.headers['content-security-policy'], WEB_CSP, 'the app CSP replaces the default one')
    }
  })

  it('serve hashed assets for good and other files of the build as they are', async (t) => {
    const server = await serverOver(t, builtApp(t))
    for (const prefix of ['/console', '/portal']) {
      const asset = await server.inject(`${prefix}/assets/index-AbCd1234.js`)
      assert.equal(asset.statusCode, 200)
      assert.equal(asset.body, SCRIPT)
      assert.match(String(asset.headers['content-type']), /^text\/javascript/)
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
    }
    const robots = await server.inject('/console/robots.txt')
    assert.equal(robots.statusCode, 200)
    assert.equal(robots.headers['cache-control'], 'no-cache', 'a file without a hash may change with the next build')
    const missing = await server.inject('/console/assets/index-Old99999.js')
    assert.equal(missing.statusCode, 404, 'an asset of another build is not answered with the page')
  })

  it('never answer a file outside the build', async (t) => {
    const server = await serverOver(t, builtApp(t))
    for (const url of ['/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/..%2fsecret.txt']) {
      const res = await server.inject(url)
      assert.ok(!res.body.includes('outside the build'), `${url} answered ${res.statusCode} ${res.body}`)
    }
  })

  it('answer 503 saying how to build the app when it is not built', async (t) => {
    const empty = mkdtempSync(join(tmpdir(), 'oneseller-web-'))
    t.after(() => rmSync(empty, { recursive: true, force: true }))
    const server = await serverOver(t, empty)
    for (const url of ['/console', '/portal/x']) {
      const res = await server.inject(url)
      assert.equal(res.statusCode, 503)
      assert.match(res.json<{ error: { message: string } }>().error.message, /npm run build:web/)
    }
  })
})
