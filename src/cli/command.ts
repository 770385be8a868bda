import type { Command } from 'commander'
import type { ExitCode } from './exit-codes.ts'
import type { Io, Output } from './output.ts'

export interface CommandContext<O> {
  readonly args: readonly string[]
  readonly options: O
  readonly out: Output
  readonly io: Io
  readonly signal: AbortSignal
}

/** One CLI command: how commander describes it and what it runs. */
export interface CommandSpec<O = Record<string, unknown>> {
  readonly name: string
  readonly configure: (cmd: Command) => Command
  readonly run: (ctx: CommandContext<O>) => Promise<ExitCode>
  /**
   * True for a command that stops in order on Ctrl-C or SIGTERM: it watches `signal`, finishes what is in flight and
   * keeps what it stored (a second Ctrl-C stops it at once). Any other command is stopped at once by the signal, as a
   * process without a handler is: its writes are transactions, which a store keeps whole or not at all, and a
   * handler would only be heard between two turns of the event loop (a bulk link computes for minutes in one).
   */
  readonly stopsInOrder?: boolean
}

export function defineCommand<O>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec
}
