/**
 * Lets the event loop turn (timers, I/O, the server's other requests) before the caller goes on. Long loops of a
 * server's background work (the scheduler's tick, a sweep's decisions) call it between steps: the embedded store
 * answers synchronously, so a loop that only awaits the store never lets a request in, however many pages it reads.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Audit records, notices or requirements handled between two turns of the event loop (a few milliseconds' work). */
export const RECORDS_PER_TURN = 200
