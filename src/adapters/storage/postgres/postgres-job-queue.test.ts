import { after, describe } from 'node:test'
import { describeJobQueueContract } from '../../../ports/job-queue.contract.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)

describe('PostgresJobQueue', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  describeJobQueueContract('PostgresJobQueue', async () => {
    const { schema, url } = await schemas.create()
    const events = await PostgresEventStore.open(url)
    let closed = false
    return {
      queue: events.jobQueue(),
      // A pool of its own, as a second server process has: claims race over the network, not inside one pool.
      async another() {
        const second = await PostgresEventStore.open(url)
        return { queue: second.jobQueue(), close: () => second.close() }
      },
      async close() {
        if (closed) return
        closed = true
        await events.close()
        await schemas.drop(schema)
      },
    }
  })
})
