/**
 * Counts the turns of the event loop while `work` runs: none when it holds the thread to its end. The counting starts
 * in the same turn as the work, so work that never yields ends before the first count.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0
  let running = true
  const tick = () => {
    turns += 1
    if (running) setImmediate(tick)
  }
  setImmediate(tick)
  try {
    return { result: await work(), turns }
  } finally {
    running = false
  }
}
