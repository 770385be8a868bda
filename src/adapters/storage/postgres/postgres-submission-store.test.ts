import { after, describe } from 'node:test'
import { describeSubmissionStoreContract } from '../../../ports/submission-store.contract.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)

describe('PostgresSubmissionStore', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  describeSubmissionStoreContract('PostgresSubmissionStore', async () => {
    const { schema, url } = await schemas.create()
    const events = await PostgresEventStore.open(url)
    let closed = false
    return {
      submissions: events.submissionStore(),
      policies: events.policyStore(),
      async close() {
        if (closed) return
        closed = true
        await events.close()
        await schemas.drop(schema)
      },
    }
  })
})
