import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'

const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .describe('an OpenAPI 3.1 document')

interface Operation {
  readonly summary?: string
  readonly description?: string
  readonly security?: readonly Record<string, readonly string[]>[]
  readonly parameters?: readonly {
    readonly name: string
    readonly in: string
    readonly required?: boolean
    readonly description?: string
  }[]
  readonly requestBody?: { readonly content?: Record<string, unknown> }
  readonly responses?: Record<string, unknown>
}

/** The OpenAPI document, and a page that lists its operations for a person (no script: nothing to load). */
export function registerDocsRoutes(server: FastifyInstance): void {
  const api = server.withTypeProvider<ZodTypeProvider>()
  api.get(
    '/openapi.json',
    {
      schema: {
        tags: ['docs'],
        summary: 'This API as an OpenAPI 3.1 document',
        response: { 200: openApiDocumentSchema },
      },
    },
    async () => server.swagger() as unknown as z.output<typeof openApiDocumentSchema>,
  )

  api.get(
    '/docs',
    {
      schema: {
        tags: ['docs'],
        summary: 'The operations of this API, as a page to read',
        response: { 200: { description: 'an HTML page', content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (_request, reply) => {
      const doc = server.swagger() as unknown as {
        info: { title: string; version: string; description?: string }
        paths: Record<string, Record<string, Operation>>
      }
      return reply.type('text/html; charset=utf-8').send(renderDocsPage(doc))
    },
  )
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** `code` spans of the descriptions become <code>; everything else is text. */
const prose = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>')

function renderDocsPage(doc: {
  info: { title: string; version: string; description?: string }
  paths: Record<string, Record<string, Operation>>
}): string {
  const sections = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => renderOperation(method, path, op)),
  )
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.6rem 0}h2{font-size:1rem;margin:.2rem 0}.m{display:inline-block;min-width:4.2rem;font-weight:700}
code{background:#f3f3f3;padding:0 .2rem}td,th{text-align:left;padding:0 .8rem .1rem 0;vertical-align:top}small{color:#666}</style></head>
<body><h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${prose(doc.info.description ?? '')}</p><p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p>
${sections.join('\n')}
</body></html>`
}

/** Who may call an operation, one alternative per security requirement. */
function describeSecurity(security: readonly Record<string, readonly string[]>[]): string {
  const code = (values: readonly string[]) => values.map((v) => `<code>${escapeHtml(v)}</code>`).join(', ')
  const alternatives = security.flatMap((requirement) =>
    Object.entries(requirement).flatMap(([scheme, values]) => {
      switch (scheme) {
        case 'apiKey':
          return [values.length > 0 ? `API key with scope ${code(values)}` : 'any API key']
        case 'reviewerSession':
          return [values.length > 0 ? `reviewer with role ${code(values)} or above` : 'any reviewer']
        case 'portalToken':
          return [values.length > 0 ? 'the seller of the account (portal token)' : 'any portal token']
        default:
          return [] // the session cookie is the reviewer session again
      }
    }),
  )
  return alternatives.join(' · or ')
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? []).map(
    (p) =>
      `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}${p.required ? ', required' : ''}</td><td>${prose(p.description ?? '')}</td></tr>`,
  )
  const body = op.requestBody?.content
    ? Object.keys(op.requestBody.content).map((c) => `<code>${escapeHtml(c)}</code>`)
    : []
  return `<section id="${escapeHtml(`${method}-${path}`)}"><h2><span class="m">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h2>
<p>${prose(op.summary ?? '')}${op.description ? `<br><small>${prose(op.description)}</small>` : ''}</p>
<p><small>${op.security ? describeSecurity(op.security) : 'open, no key'}${body.length > 0 ? ` · body ${body.join(' or ')}` : ''} · answers ${Object.keys(op.responses ?? {}).join(', ')}</small></p>
${params.length > 0 ? `<table><tr><th>parameter</th><th>in</th><th></th></tr>${params.join('')}</table>` : ''}</section>`
}
