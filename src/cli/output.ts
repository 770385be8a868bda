import { SingleBar } from 'cli-progress'

/** Where a command writes: results to stdout (one JSON document with --json), everything else to stderr. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
}

export interface Progress {
  update(done: number, total?: number): void
  stop(): void
}

export interface Output {
  readonly json: boolean
  /** The command's result: JSON on --json, else the rendered text. */
  result<T>(value: T, render: (value: T) => string): void
  /** A line for the person at the terminal (stderr). */
  info(message: string): void
  /** A progress bar on a terminal; nothing otherwise. */
  progress(label: string, total: number, unit: string): Progress
}

export function createOutput(io: Io, json: boolean): Output {
  return {
    json,
    result(value, render) {
      io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${render(value)}\n`)
    },
    info(message) {
      io.stderr.write(`${message}\n`)
    },
    progress(label, total, unit) {
      if (!io.stderr.isTTY) return { update() {}, stop() {} }
      const bar = new SingleBar({
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
        stream: io.stderr,
        hideCursor: true,
        etaBuffer: 50,
      })
      bar.start(total, 0)
      return {
        update(done, t) {
          if (t !== undefined) bar.setTotal(t)
          bar.update(done)
        },
        stop() {
          bar.stop()
        },
      }
    },
  }
}
