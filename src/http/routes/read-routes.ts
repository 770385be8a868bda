import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatTime, toAccountView } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import { OnesellerError } from '../../core/errors.ts'
import type { ClusterView } from '../../ports/index.ts'
import { ACCOUNT_READERS, READERS } from '../authenticate.ts'
import { pageOf } from '../pagination.ts'
import {
  accountSchema,
  clusterLinksSchema,
  clusterSchema,
  errorResponses,
  explanationSchema,
  pageQuerySchema,
  statsSchema,
} from '../schemas.ts'

/** Links shown with a cluster, as `oneseller cluster` shows them; the rest are paged at …/cluster/links. */
const STRONGEST_LINKS = 10

const accountId = z.string().min(1).max(256).describe("the marketplace's account id")

/** Reads: an account, its cluster, why two accounts are linked, statistics. Each calls one use case. */
export function registerReadRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/v1/accounts/:id',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: 'One account: declarations, identifiers with their problems, history',
        description:
          'What `oneseller account --json` prints. `history` is paged with `limit` and `cursor`; everything else is whole.',
        params: z.object({ id: accountId }),
        querystring: pageQuerySchema,
        response: { 200: accountSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const view = toAccountView(await app.describeAccount(request.params.id))
      const { items, page } = pageOf(view.history, request.query, 'history')
      return { ...view, history: items, page }
    },
  )

  api.get(
    '/v1/accounts/:id/cluster',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: "The account's cluster in the latest linkage run: members and strongest evidence",
        description: `What \`oneseller cluster --json\` shows: \`members\` is paged with \`limit\` and \`cursor\`; the ${STRONGEST_LINKS} strongest links come with their evidence (all links: …/cluster/links).`,
        params: z.object({ id: accountId }),
        querystring: pageQuerySchema,
        response: { 200: clusterSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const view = await requireCluster(app, request.params.id, STRONGEST_LINKS)
      const { items, page } = pageOf(view.members, request.query, `members:v${view.weightsVersion}`)
      return {
        cluster: view.cluster,
        size: view.members.length,
        weightsVersion: view.weightsVersion,
        members: items,
        linkCount: view.linkCount,
        strongestLinks: view.links,
        page,
      }
    },
  )

  api.get(
    '/v1/accounts/:id/cluster/links',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: "Every link of the account's cluster with its evidence, strongest first",
        params: z.object({ id: accountId }),
        querystring: pageQuerySchema,
        response: { 200: clusterLinksSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const view = await requireCluster(app, request.params.id)
      const { items, page } = pageOf(view.links, request.query, `links:v${view.weightsVersion}`)
      return { cluster: view.cluster, weightsVersion: view.weightsVersion, links: items, page }
    },
  )

  api.get(
    '/v1/links/:a/:b/explain',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'Why two accounts are (or are not) linked: the path of links between them, with evidence',
        description: 'What `oneseller explain --json` prints.',
        params: z.object({ a: accountId, b: accountId }),
        response: { 200: explanationSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      return app.explainLink(request.params.a, request.params.b)
    },
  )

  api.get(
    '/v1/stats',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'Accounts by status, marketplace, kind and channel; records by type; date range',
        response: { 200: statsSchema, ...errorResponses(401, 403, 429) },
      },
    },
    async () => {
      const s = await app.stats()
      return {
        ...s,
        firstEventAt: s.firstEventAt === null ? null : formatTime(s.firstEventAt),
        lastEventAt: s.lastEventAt === null ? null : formatTime(s.lastEventAt),
      }
    },
  )
}

/** The account's cluster with every link, or its `strongest` links only. */
async function requireCluster(app: App, account: string, strongest?: number): Promise<ClusterView> {
  const view = await app.clusterOf(account, { strongest })
  if (view === undefined) {
    throw new OnesellerError(
      'not_found',
      `account ${JSON.stringify(account)} is not in the latest linkage run; run "oneseller link" first`,
    )
  }
  return view
}
