import { OnesellerError } from '../core/errors.ts'
import { evidencePath } from '../core/linkage/index.ts'
import type { ClusterView, StoredLink } from '../ports/index.ts'

export interface LinkExplanation {
  readonly a: string
  readonly b: string
  readonly cluster: string
  /** The links from a to b, each with its evidence; empty when a and b are not in one cluster. */
  readonly path: readonly StoredLink[]
  readonly linked: boolean
  readonly weightsVersion: number
}

/**
 * Why two accounts are (or are not) in one cluster: the evidence path between them. `clusterOf` answers the cluster
 * of an account: the latest linkage run's (LinkageStore.clusterOf), or the live one (LiveLinkage.viewOf).
 */
export async function explainLink(
  deps: { readonly clusterOf: (account: string) => Promise<ClusterView | undefined> },
  a: string,
  b: string,
): Promise<LinkExplanation> {
  const ca = await requireCluster(deps.clusterOf, a)
  const cb = await requireCluster(deps.clusterOf, b)
  if (ca.cluster !== cb.cluster) {
    return { a, b, cluster: ca.cluster, path: [], linked: false, weightsVersion: ca.weightsVersion }
  }
  const path = evidencePath(ca.links, a, b) ?? []
  return { a, b, cluster: ca.cluster, path, linked: true, weightsVersion: ca.weightsVersion }
}

async function requireCluster(
  clusterOf: (account: string) => Promise<ClusterView | undefined>,
  account: string,
): Promise<ClusterView> {
  const view = await clusterOf(account)
  if (view === undefined) {
    throw new OnesellerError(
      'not_found',
      `account ${JSON.stringify(account)} is not in the latest linkage run; run "oneseller link" first`,
    )
  }
  return view
}
