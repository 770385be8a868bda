import { describeWorkflowStoreContract } from '../../../ports/workflow-store.contract.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

describeWorkflowStoreContract('SqliteWorkflowStore', async () => {
  const events = SqliteEventStore.open(':memory:')
  return {
    events,
    policies: events.policyStore(),
    workflows: events.workflowStore(),
    close: () => events.close(),
  }
})
