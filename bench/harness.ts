import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS } from '../src/cli/node-flags.ts'

/** One benchmark's table. */
export interface BenchTable {
  readonly name: string
  readonly rows: ReadonlyArray<Record<string, string | number>>
  readonly notes?: readonly string[]
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

export function summarise(xs: readonly number[]): { median: number; min: number; max: number } {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }
}

/**
 * Runs a TypeScript file in a fresh node process (so memory is measured alone), with the command's Node flags, and
 * returns its JSON output.
 */
export function runChild<T>(script: string, args: readonly string[]): T {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const r = spawnSync(process.execPath, [...NODE_FLAGS, '--import', 'tsx', path, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`)
  const last = r.stdout.trim().split('\n').pop() ?? ''
  return JSON.parse(last) as T
}

export function renderMarkdown(t: BenchTable): string {
  const headers = Object.keys(t.rows[0] ?? {})
  const cell = (v: string | number | undefined) =>
    typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)) : (v ?? '')
  return [
    `### ${t.name}`,
    '',
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${headers.map((h) => cell(r[h])).join(' | ')} |`),
    ...(t.notes ?? []).map((n) => `\n${n}`),
    '',
  ].join('\n')
}

export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(url) === process.argv[1]
}
