import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { describeJobQueueContract } from '../../../ports/job-queue.contract.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'oneseller-jobs-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

// A file rather than ':memory:' so that a second connection (as another process has) can claim from the same queue.
describeJobQueueContract('SqliteJobQueue', async () => {
  const file = join(dir, `store-${++files}.db`)
  const events = SqliteEventStore.open(file)
  return {
    queue: events.jobQueue(),
    async another() {
      const second = SqliteEventStore.open(file)
      return { queue: second.jobQueue(), close: () => second.close() }
    },
    close: () => events.close(),
  }
})
