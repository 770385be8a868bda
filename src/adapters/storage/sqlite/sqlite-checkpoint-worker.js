// The thread of WalCheckpointer (sqlite-wal-checkpointer.ts): its own connection to the database file, copying the
// write-ahead log back into the file each time the writer has committed. Plain JavaScript, so that it starts without
// the TypeScript loader. The two threads share a few counters (SLOTS), so that neither waits for the other's event loop.
import { workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

/** @type {{ file: string, shared: SharedArrayBuffer, slots: Record<string, number> }} */
const { file, shared, slots } = workerData
const state = new Int32Array(shared)
const db = new Database(file, { fileMustExist: true })
let seen = 0
for (;;) {
  Atomics.wait(state, slots.requested, seen)
  if (Atomics.load(state, slots.stop) === 1) break
  seen = Atomics.load(state, slots.requested)
  try {
    // PASSIVE: never waits for, nor blocks, the writer; it copies what is committed and stops.
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    Atomics.store(state, slots.log, r.log)
    Atomics.store(state, slots.checkpointed, r.checkpointed)
  } catch (e) {
    Atomics.store(state, slots.failed, 1)
    Atomics.store(state, slots.done, seen)
    Atomics.notify(state, slots.done)
    throw e
  }
  Atomics.store(state, slots.done, seen)
  Atomics.notify(state, slots.done)
}
db.close()
