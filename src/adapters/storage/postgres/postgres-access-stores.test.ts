import { after, describe } from 'node:test'
import { describeAccessStoresContract } from '../../../ports/api-key-store.contract.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)

describe('PostgresAccessStores', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  describeAccessStoresContract('PostgresAccessStores', async () => {
    const { schema, url } = await schemas.create()
    const events = await PostgresEventStore.open(url)
    const stores = events.accessStores()
    return {
      apiKeys: stores.apiKeys,
      idempotency: stores.idempotency,
      close: async () => {
        await events.close()
        await schemas.drop(schema)
      },
    }
  })
})
