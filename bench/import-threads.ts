// CPU time of each thread of fresh imports (bench/import-child.ts), read from /proc while each runs (Linux only):
// `node --import tsx bench/import-threads.ts FILE [RUNS] [DB]` prints a markdown table, median (min–max) of the runs.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS } from '../src/cli/node-flags.ts'
import { type BenchTable, isMain, renderMarkdown, summarise } from './harness.ts'

/** Linux's USER_HZ, the unit of /proc/PID/task/TID/stat's times (100 on every common kernel). */
const TICKS_PER_SECOND = 100
const SAMPLE_MS = 100
/** V8's platform threads (garbage collection, compilation): four, started with the process, before any worker. */
const PLATFORM_THREADS = 4

interface ThreadRun {
  readonly seconds: number
  readonly records: number
  /** CPU seconds by thread id, in the order the threads started; the main thread first. */
  readonly threads: readonly (readonly [tid: number, seconds: number])[]
}

/** One fresh import in a child process, with the CPU time of each of its threads as last seen. */
async function importWatched(file: string, db: string): Promise<ThreadRun> {
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, '--import', 'tsx', fileURLToPath(new URL('./import-child.ts', import.meta.url)), file, db],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const pid = child.pid as number
  const cpu = new Map<number, number>()
  const sample = () => {
    let tids: string[]
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      return
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND)
      } catch {
        // The thread ended between the listing and the read: its last sample stands.
      }
    }
  }
  const timer = setInterval(sample, SAMPLE_MS)
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearInterval(timer)
  if (code !== 0) throw new Error(`import-child.ts failed (${code})`)
  const result = JSON.parse(out.trim().split('\n').pop() ?? '') as { seconds: number; records: number }
  return { ...result, threads: [...cpu].sort((a, b) => a[0] - b[0]) }
}

/** The threads that matter: main, the parser (the busiest of the others), V8's platform threads, the checkpoints. */
function classify(run: ThreadRun): Record<string, number> {
  const [main, ...others] = run.threads
  const busiest = [...others].sort((a, b) => b[1] - a[1])
  const parser = busiest[0]
  // The checkpoint thread starts after the parser, once the import has written enough.
  const checkpoint = busiest.find(([tid]) => parser !== undefined && tid > parser[0] + 1)
  // Among those started before the parser (main's helpers), the busiest few.
  const platform = busiest
    .filter(([tid]) => parser !== undefined && tid < parser[0])
    .slice(0, PLATFORM_THREADS)
    .reduce((s, [, t]) => s + t, 0)
  return {
    'main (read, store)': main?.[1] ?? 0,
    parser: parser?.[1] ?? 0,
    'WAL checkpoints': checkpoint?.[1] ?? 0,
    "V8's platform threads (garbage collection)": platform,
    'all threads': run.threads.reduce((s, [, t]) => s + t, 0),
  }
}

export async function benchImportThreads(file: string, runs = 3, db?: string): Promise<BenchTable> {
  const target = db ?? join(tmpdir(), 'oneseller-bench-import-threads.db')
  const results: ThreadRun[] = []
  for (let i = 0; i < runs; i++) results.push(await importWatched(file, target))
  for (const s of ['', '-wal', '-shm']) rmSync(target + s, { force: true })
  const classified = results.map(classify)
  const cell = (xs: number[], digits: number) => {
    const { median, min, max } = summarise(xs)
    return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`
  }
  const rows = Object.keys(classified[0] ?? {}).map((thread) => ({
    thread,
    'CPU s median (min–max)': cell(
      classified.map((c) => c[thread] as number),
      1,
    ),
  }))
  rows.push({
    thread: 'wall clock s',
    'CPU s median (min–max)': cell(
      results.map((r) => r.seconds),
      1,
    ),
  })
  rows.push({
    thread: 'records/s',
    'CPU s median (min–max)': cell(
      results.map((r) => r.records / r.seconds),
      0,
    ),
  })
  return { name: `CPU time per thread of a fresh import (${runs} runs)`, rows }
}

if (isMain(import.meta.url)) {
  const [file, runs, db] = process.argv.slice(2)
  if (!file) throw new Error('usage: import-threads.ts FILE [RUNS] [DB]')
  console.log(renderMarkdown(await benchImportThreads(file, Number(runs ?? 3), db)))
}
