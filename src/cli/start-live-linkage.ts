import type { App } from '../compose.ts'

/**
 * Starts loading the server's live linkage beside the requests (until it is loaded, decisions read the latest run
 * only) and says when it is ready or why it did not load.
 */
export function startLiveLinkage(app: App, info: (line: string) => void): void {
  app.startLiveLinkage().then(
    ({ accounts, ms }) =>
      info(
        `live linkage ready: ${accounts} accounts, loaded in ${(ms / 1000).toFixed(1)} s; new records are linked at once`,
      ),
    (e: unknown) =>
      info(
        `live linkage did not load (decisions read the latest run only): ${e instanceof Error ? e.message : String(e)}`,
      ),
  )
}
