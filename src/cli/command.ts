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
}

export function defineCommand<O>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec
}
