// Builds the engine's linkage index from a store, as `oneseller link` does before it scores anything.
import { linkageAccountOf } from '../../src/app/index.ts'
import { openApp } from '../../src/compose.ts'
import { LinkageIndex } from '../../src/core/linkage/index.ts'

/**
 * Reads every account of an SQLite store into a finished linkage index, each account indexed as it is read, with
 * the reading step runLinkage uses (linkageAccountOf).
 */
export async function readLinkageIndex(dbFile: string): Promise<LinkageIndex> {
  const app = await openApp({ database: { kind: 'sqlite', file: dbFile } })
  const index = new LinkageIndex()
  try {
    await app.events.scanAccounts((state, events) => {
      index.add(linkageAccountOf(state, events))
    })
  } finally {
    await app.close()
  }
  index.finish()
  return index
}
