/** What one system measured in one run of blocking and connected components, on the same blocking keys. */
export interface PeerRun {
  /** Loading the (account, key) rows; 0 for the engine, whose index is already in memory. */
  readonly loadSeconds: number
  /** Candidate pairs, deduplicated. */
  readonly blockingSeconds: number
  readonly componentsSeconds: number
  readonly candidatePairs: number
  /** Connected components over all accounts (an account in no candidate pair is a component of its own). */
  readonly components: number
}

/** What a peer child process prints: its runs, or why it could not measure. */
export type PeerReport =
  | {
      readonly kind: 'measured'
      readonly runs: readonly PeerRun[]
      readonly peakRssMb: number
      readonly detail: string
    }
  | { readonly kind: 'unavailable'; readonly reason: string }
