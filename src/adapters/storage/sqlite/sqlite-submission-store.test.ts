import { describeSubmissionStoreContract } from '../../../ports/submission-store.contract.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

describeSubmissionStoreContract('SqliteSubmissionStore', async () => {
  const events = SqliteEventStore.open(':memory:')
  return { submissions: events.submissionStore(), policies: events.policyStore(), close: () => events.close() }
})
