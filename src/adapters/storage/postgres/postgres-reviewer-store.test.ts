import { after, describe } from 'node:test'
import { describeReviewerStoreContract } from '../../../ports/reviewer-store.contract.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)

describe('PostgresReviewerStore', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  describeReviewerStoreContract('PostgresReviewerStore', async () => {
    const { schema, url } = await schemas.create()
    const events = await PostgresEventStore.open(url)
    return {
      reviewers: events.accessStores().reviewers,
      close: async () => {
        await events.close()
        await schemas.drop(schema)
      },
    }
  })
})
