// The real server in a child process (`oneseller serve`, as an operator runs it) and load sent to it over loopback.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { NODE_FLAGS } from '../src/cli/node-flags.ts'

const BIN = fileURLToPath(new URL('../bin/oneseller.js', import.meta.url))
/**
 * The highest limit the server takes (per minute per key, about 16,700 a second): above what it serves here, so the
 * limiter is counted but never answers 429, as the default (6,000 a minute) would for most of the load.
 */
const RATE_LIMIT = 1_000_000
const START_TIMEOUT_MS = 60_000

export interface RunningServer {
  readonly url: string
  readonly pid: number
  /** The server's peak resident memory so far, in MB (undefined where /proc is missing). */
  peakRssMb(): number | undefined
  /** SIGTERM, then waits for the exit; rejects when it does not exit cleanly. */
  stop(): Promise<void>
}

/**
 * Starts `oneseller serve` on a free loopback port over `db` (a file or a postgres:// URL). Its log (one JSON line per
 * request, at the default level) goes to `logFile`, as a log shipper would read it. `profileDir`: write a CPU profile
 * there when the server stops.
 */
export async function startServer(db: string, logFile: string, profileDir?: string): Promise<RunningServer> {
  const log = openSync(logFile, 'w')
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.DATABASE_URL
  delete env.NODE_OPTIONS
  const child = spawn(
    process.execPath,
    [
      ...NODE_FLAGS,
      ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
      BIN,
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--rate-limit',
      String(RATE_LIMIT),
    ],
    { env, stdio: ['ignore', 'ignore', log] },
  )
  closeSync(log)
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  const url = await waitForLog(child, logFile, exited, {
    found: /oneseller API on (http:\/\/\S+) /,
    timeoutMs: START_TIMEOUT_MS,
    waitingFor: 'the server announcing its address',
  })
  // Until the live linkage has loaded, registrations are decided on the latest run alone: not the server as it runs.
  await waitForLog(child, logFile, exited, {
    found: /live linkage ready/,
    failed: /live linkage did not load/,
    timeoutMs: LIVE_LOAD_TIMEOUT_MS,
    waitingFor: "the server's live linkage loading",
  })
  const pid = child.pid as number
  return {
    url,
    pid,
    peakRssMb: () => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
        return kb === undefined ? undefined : Number(kb) / 1024
      } catch {
        return undefined
      }
    },
    stop: async () => {
      child.kill('SIGTERM')
      const [code, signal] = await exited
      if (code !== 0) throw new Error(`the server exited with ${code ?? signal}; see ${logFile}`)
    },
  }
}

/**
 * Polls the server's log until `found` matches (its first group, or the whole match) and answers it; fails when
 * `failed` matches, when the server exits, or after `timeoutMs` (then the server is killed).
 */
async function waitForLog(
  child: ChildProcess,
  logFile: string,
  exited: Promise<[number | null, NodeJS.Signals | null]>,
  what: { readonly found: RegExp; readonly failed?: RegExp; readonly timeoutMs: number; readonly waitingFor: string },
): Promise<string> {
  let gone = false
  void exited.then(() => {
    gone = true
  })
  const until = Date.now() + what.timeoutMs
  while (Date.now() < until) {
    const log = readFileSync(logFile, 'utf8')
    const found = what.found.exec(log)
    if (found !== null) return found[1] ?? found[0]
    if (gone || what.failed?.test(log))
      throw new Error(`${what.waitingFor}: failed; see ${logFile}\n${log.slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error(`${what.waitingFor}: not within ${what.timeoutMs} ms; see ${logFile}`)
}

/** Loading every account into the live linkage takes about a minute per hundred thousand accounts here. */
const LIVE_LOAD_TIMEOUT_MS = 15 * 60_000

/** What one load run measured. */
export interface LoadRun {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly total: number
  readonly load1: number
  /** The server's CPU time (user + system, every thread) per answered request, in ms; undefined without /proc. */
  readonly serverCpuMsPerRequest: number | undefined
}

/** One kind of request: its method and path, and a body made anew for every request (unique account ids). */
export interface RequestShape {
  readonly method: 'GET' | 'POST'
  /** The path of request number `n` (counted from 0 within one run). */
  readonly path: (n: number) => string
  readonly body?: (n: number) => string
}

/**
 * Sends requests of one shape for `seconds` over `connections` keep-alive connections (one request in flight on each)
 * and returns throughput (responses per second over the whole run), latency percentiles and failures.
 */
export async function sendLoad(
  url: string,
  key: string,
  shape: RequestShape,
  opts: { readonly seconds: number; readonly connections: number; readonly serverPid?: number },
): Promise<LoadRun> {
  let n = 0
  const cpuBefore = opts.serverPid === undefined ? undefined : cpuMsOf(opts.serverPid)
  const headers: Record<string, string> = { authorization: `Bearer ${key}` }
  if (shape.body !== undefined) headers['content-type'] = 'application/json'
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      {
        method: shape.method,
        headers,
        setupRequest: (request) => {
          const i = n++
          return {
            ...request,
            path: shape.path(i),
            ...(shape.body === undefined ? {} : { body: shape.body(i) }),
          }
        },
      },
    ],
  })
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
    load1: loadavg()[0] ?? 0,
    serverCpuMsPerRequest: perRequest(cpuBefore, opts.serverPid, result.requests.total),
  }
}

function perRequest(before: number | undefined, pid: number | undefined, requests: number): number | undefined {
  const after = pid === undefined ? undefined : cpuMsOf(pid)
  if (before === undefined || after === undefined || requests === 0) return undefined
  return (after - before) / requests
}

/** A process's CPU time so far (user + system, all threads), in ms; undefined where /proc is missing. */
function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

/** Linux's USER_HZ, the unit of /proc/PID/stat's times (100 on every common kernel). */
const CLOCK_TICKS = 100
