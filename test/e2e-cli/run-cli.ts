import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { NODE_FLAGS } from '../../src/cli/node-flags.ts'

/** The real command, as a user runs it (with the Node flags of its first line). */
export const BIN = fileURLToPath(new URL('../../bin/oneseller.js', import.meta.url))

/** Root ignores file modes; a child run as this user does not. */
export const NOBODY = 65_534
export const IS_ROOT = process.getuid?.() === 0

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  readonly cwd?: string
  /** Written to the child's standard input, which is then closed (closed at once when absent). */
  readonly stdin?: string | Buffer
  readonly timeoutMs?: number
  /** Run the command as another user (only root can). */
  readonly uid?: number
  /** Variables added to the child's environment. */
  readonly env?: Readonly<Record<string, string>>
}

export interface RunningCli {
  readonly child: ChildProcess
  readonly done: Promise<CliResult>
}

const DEFAULT_TIMEOUT_MS = 30_000

/** Starts `oneseller ARGS...`; `done` settles when it exits, and rejects when it outlives the timeout. */
export function startCli(args: readonly string[], opts: CliOptions = {}): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.DATABASE_URL
  delete env.NODE_TEST_CONTEXT
  delete env.NODE_OPTIONS
  delete env.NODE_ENV
  Object.assign(env, opts.env)
  const child = spawn(process.execPath, [...NODE_FLAGS, BIN, ...args], {
    cwd: opts.cwd ?? tmpdir(),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (b: Buffer) => out.push(b))
  child.stderr?.on('data', (b: Buffer) => err.push(b))
  // The command may exit before it has read all of its input.
  child.stdin?.on('error', () => {})
  child.stdin?.end(opts.stdin ?? '')
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(
          `oneseller ${args.join(' ')} did not finish within ${timeoutMs} ms\nstderr: ${Buffer.concat(err).toString('utf8')}`,
        ),
      )
    }, timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
  })
  return { child, done }
}

/** Runs `oneseller ARGS...` to completion and collects its exit code and output. */
export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done
}

/** Formats a result for assertion messages. */
export function show(r: CliResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`
}

/** Runs `stats --json` on a database and returns the parsed document (failing when the command fails). */
export async function statsOf(db: string, opts: CliOptions = {}): Promise<Record<string, unknown>> {
  const r = await runCli(['stats', '--db', db, '--json'], opts)
  if (r.code !== 0) throw new Error(`stats failed on ${db}: ${show(r)}`)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

/** A temporary folder for one test, removed (after any file systems mounted in it) when the test ends. */
export interface Scratch {
  readonly dir: string
  path(...parts: string[]): string
  /** Writes NDJSON lines (objects are serialised, strings and buffers written as they are) with a newline after each. */
  writeLines(name: string, lines: readonly (object | string | Buffer)[], eol?: string): string
  /** Mounts a tmpfs of the given size on a new sub-folder, or says why it cannot (mounting needs privileges). */
  mountTmpfs(name: string, size: string): { dir: string } | { skip: string }
  remount(dir: string, options: string): void
}

export function scratch(t: TestContext): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-'))
  const mounts: string[] = []
  t.after(() => {
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m])
    chmodRecursive(dir)
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    writeLines(name, lines, eol = '\n') {
      const file = join(dir, name)
      const parts = lines.map((l) =>
        Buffer.isBuffer(l) ? l : Buffer.from(typeof l === 'string' ? l : JSON.stringify(l), 'utf8'),
      )
      writeFileSync(file, Buffer.concat(parts.flatMap((p) => [p, Buffer.from(eol)])))
      return file
    },
    mountTmpfs(name, size) {
      const target = join(dir, name)
      mkdirSync(target, { recursive: true })
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', target], { encoding: 'utf8' })
      if (r.status !== 0) return { skip: `cannot mount a tmpfs here: ${(r.stderr || r.error?.message || '').trim()}` }
      mounts.push(target)
      return { dir: target }
    },
    remount(target, options) {
      const r = spawnSync('mount', ['-o', `remount,${options}`, target], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`remount ${options} of ${target} failed: ${r.stderr}`)
    },
  }
}

/** Gives the owner back write access everywhere below `dir`, so that a test that made files read-only can clean up. */
function chmodRecursive(dir: string): void {
  spawnSync('chmod', ['-R', 'u+rwX', dir])
}

/** Makes a folder usable by another user (mkdtemp creates it 0700). */
export function openToAll(dir: string): void {
  chmodSync(dir, 0o755)
}

/** One row of the `accounts` table, with the profile parsed. */
export type AccountRowView = Record<string, unknown> & { id: string; profile: unknown }

/** Opens the store read-only, runs `f`, and closes it. */
export function withStore<T>(file: string, f: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return f(db)
  } finally {
    db.close()
  }
}

export function accountRows(file: string): AccountRowView[] {
  return withStore(file, (db) =>
    (
      db
        .prepare(
          'SELECT a.*, p.profile, p.identifiers FROM accounts a LEFT JOIN account_profiles p ON p.id = a.id ORDER BY a.id',
        )
        .all() as Record<string, unknown>[]
    ).map((r) => ({
      ...r,
      id: String(r.id),
      profile: JSON.parse(String(r.profile ?? '{}')) as unknown,
    })),
  )
}

/** The stored profile of one account, parsed (undefined when the account is unknown). */
export function profileOf(file: string, id: string): Record<string, unknown> | undefined {
  return withStore(file, (db) => {
    const known = db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(id) !== undefined
    if (!known) return undefined
    const text = db.prepare('SELECT profile FROM account_profiles WHERE id = ?').pluck().get(id) as string | undefined
    return JSON.parse(text ?? '{}') as Record<string, unknown>
  })
}

export function eventCount(file: string): number {
  return withStore(file, (db) => db.prepare('SELECT count(*) FROM events').pluck().get() as number)
}

const TYPES = ['account', 'session', 'update', 'listing', 'verification', 'status'] as const

/**
 * What is wrong with a store: SQLite's own integrity check, and the derived `accounts` table against the log
 * (every account of the log has a row, and its counts are the log's). Empty when the store is consistent.
 */
export function storeProblems(file: string): string[] {
  return withStore(file, (db) => {
    const problems: string[] = []
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`)
    const logged = new Map<string, Record<string, number>>()
    for (const r of db.prepare('SELECT account, type, count(*) AS n FROM events GROUP BY account, type').all() as {
      account: string
      type: string
      n: number
    }[]) {
      const counts = logged.get(r.account) ?? {}
      counts[r.type] = r.n
      logged.set(r.account, counts)
    }
    const rows = db.prepare('SELECT * FROM accounts').all() as Record<string, number | string>[]
    for (const row of rows) {
      const id = String(row.id)
      const counts = logged.get(id)
      if (!counts) {
        problems.push(`accounts row ${id} has no events`)
        continue
      }
      logged.delete(id)
      for (const t of TYPES) {
        if ((counts[t] ?? 0) !== row[`n_${t}`]) {
          problems.push(`account ${id}: n_${t} is ${row[`n_${t}`]}, the log has ${counts[t] ?? 0}`)
        }
      }
      if ((row.registered === 1) !== (counts.account ?? 0) > 0) problems.push(`account ${id}: registered disagrees`)
    }
    for (const id of logged.keys()) problems.push(`account ${id} has events but no accounts row`)
    return problems.slice(0, 20)
  })
}

/** Resolves once `check` returns true (polling), or rejects after the timeout. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    try {
      if (check()) return
    } catch {
      // not there yet (e.g. the schema is still being created)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out waiting for ${what}`)
}
