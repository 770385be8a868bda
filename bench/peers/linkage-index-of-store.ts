// Builds the engine's linkage index from a store, as `oneseller link` does before it scores anything.
import { openApp } from '../../src/compose.ts'
import type { AccountEvent } from '../../src/core/accounts/index.ts'
import type { ListingRecord, SessionRecord, VerificationRecord } from '../../src/core/interchange/index.ts'
import { LinkageIndex, toLinkageAccount } from '../../src/core/linkage/index.ts'

/**
 * Reads every account of an SQLite store into a finished linkage index, each account indexed as it is read. The scan
 * mirrors runLinkage (src/app/run-linkage.ts), which does not export its reading step; keep the two in step.
 */
export async function readLinkageIndex(dbFile: string): Promise<LinkageIndex> {
  const app = await openApp({ database: { kind: 'sqlite', file: dbFile } })
  const index = new LinkageIndex()
  try {
    await app.events.scanAccounts((state, events) => {
      const declarations: AccountEvent[] = []
      const sessions: { record: SessionRecord; at: number }[] = []
      const listings: { record: ListingRecord; at: number }[] = []
      const verifications: { record: VerificationRecord; at: number }[] = []
      for (const e of events) {
        if ('change' in e) declarations.push({ type: e.type, at: e.at, change: e.change })
        else if (e.type === 'session') sessions.push(e)
        else if (e.type === 'listing') listings.push(e)
        else verifications.push(e)
      }
      index.add(toLinkageAccount(state, declarations, { sessions, listings, verifications }))
    })
  } finally {
    await app.close()
  }
  index.finish()
  return index
}
