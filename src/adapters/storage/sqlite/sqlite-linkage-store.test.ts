import { describeLinkageStoreContract } from '../../../ports/linkage-store.contract.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

describeLinkageStoreContract('SqliteLinkageStore (in memory)', async () => {
  const events = SqliteEventStore.open(':memory:')
  return { linkage: events.linkageStore(), close: async () => events.close() }
})
