import { Command, CommanderError } from 'commander'
import { isOnesellerError } from '../core/errors.ts'
import type { CommandSpec } from './command.ts'
import { accountCommand } from './commands/account.ts'
import { apikeyCommand } from './commands/apikey.ts'
import { appealCommand } from './commands/appeal.ts'
import { auditCommand } from './commands/audit.ts'
import { caseCommand } from './commands/case.ts'
import { clusterCommand } from './commands/cluster.ts'
import { demoCommand } from './commands/demo.ts'
import { evalCommand } from './commands/eval.ts'
import { explainCommand } from './commands/explain.ts'
import { generateCommand } from './commands/generate.ts'
import { importCommand } from './commands/import.ts'
import { linkCommand } from './commands/link.ts'
import { policyCommand } from './commands/policy.ts'
import { portalTokenCommand } from './commands/portal-token.ts'
import { postcardCommand } from './commands/postcard.ts'
import { reviewerCommand } from './commands/reviewer.ts'
import { serveCommand } from './commands/serve.ts'
import { statsCommand } from './commands/stats.ts'
import { submissionCommand } from './commands/submission.ts'
import { sweepCommand } from './commands/sweep.ts'
import { tickCommand } from './commands/tick.ts'
import { weightsCommand } from './commands/weights.ts'
import { EXIT, EXIT_BY_CODE, type ExitCode } from './exit-codes.ts'
import { createOutput, type Io } from './output.ts'
import { UsageError } from './usage-error.ts'

const COMMANDS: readonly CommandSpec<never>[] = [
  accountCommand,
  apikeyCommand,
  appealCommand,
  auditCommand,
  caseCommand,
  clusterCommand,
  demoCommand,
  evalCommand,
  explainCommand,
  generateCommand,
  importCommand,
  linkCommand,
  policyCommand,
  postcardCommand,
  portalTokenCommand,
  reviewerCommand,
  serveCommand,
  statsCommand,
  submissionCommand,
  sweepCommand,
  tickCommand,
  weightsCommand,
] as readonly CommandSpec<never>[]

/** Runs the CLI; returns the exit code. Only this file touches process.env, process.argv and signals. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const controller = new AbortController()
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED)
    io.stderr.write('\ninterrupted: finishing the batch in flight (press Ctrl-C again to stop at once)\n')
    controller.abort()
  }
  // A service manager stops with SIGTERM: the same orderly stop as a first Ctrl-C.
  const onSigterm = () => controller.abort()
  let exitCode: number = EXIT.OK
  const program = new Command('oneseller')
    .description('oneseller: the seller-integrity engine. One seller, one account.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  for (const spec of COMMANDS) {
    spec
      .configure(program.command(spec.name))
      .exitOverride()
      .action(async (...params: unknown[]) => {
        const cmd = params[params.length - 1] as Command
        const options = cmd.opts()
        const args = (params.slice(0, -2).flat() as unknown[]).filter((a): a is string => typeof a === 'string')
        const out = createOutput(io, Boolean(options.json))
        // Only a command that stops in order hears the signals; any other is stopped by them at once.
        if (spec.stopsInOrder) {
          process.on('SIGINT', onSigint)
          process.on('SIGTERM', onSigterm)
        }
        exitCode = await spec.run({ args, options: options as never, out, io, signal: controller.signal })
      })
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (e) {
    return reportFailure(e, io)
  } finally {
    process.off('SIGINT', onSigint)
    process.off('SIGTERM', onSigterm)
  }
}

function reportFailure(e: unknown, io: Io): ExitCode {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return EXIT.OK
    return EXIT.USAGE
  }
  if (e instanceof UsageError) {
    io.stderr.write(`oneseller: ${e.message}\n`)
    return EXIT.USAGE
  }
  if (isOnesellerError(e)) {
    io.stderr.write(`oneseller: ${e.message}\n`)
    return EXIT_BY_CODE[e.code]
  }
  io.stderr.write(`oneseller: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  return EXIT.INTERNAL
}

function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }
}
