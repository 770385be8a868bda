import type { ImportReport, RejectedLine } from '../../app/index.ts'
import { type App, openLineFile, openLineStream } from '../../compose.ts'
import type { LineSource } from '../../ports/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT, type ExitCode } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import type { Io, Output } from '../output.ts'
import { renderTable } from '../render.ts'
import { parseCount } from './parse-count.ts'

/** Rejections printed to the terminal; all of them are counted, and `--json` lists the first 1,000. */
const MAX_PRINTED_REJECTIONS = 200

export const importCommand = defineCommand<{ db?: string; json?: boolean; batch?: string }>({
  name: 'import',
  stopsInOrder: true,
  configure: (cmd) =>
    cmd
      .description(
        'Load interchange records (NDJSON) into the store. Reads standard input when no FILE or "-" is given. ' +
          'Idempotent: records already stored are counted as duplicates. Bad lines are reported as file:line: field: reason and skipped.',
      )
      .argument('[files...]', 'NDJSON files of interchange records')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--batch <n>', 'records per transaction', '5000')
      .option('--json', 'print the report as one JSON document'),
  async run({ args, options, out, io, signal }) {
    const batchSize = parseCount(options.batch ?? '5000', '--batch', 1_000_000)
    const sources = openSources(args, io)
    const app = await openAppFor(io.env, options.db)
    try {
      const report = await runImport(app, sources, { out, signal, batchSize })
      out.result(report, renderImportReport)
      return importExitCode(report)
    } finally {
      await app.close()
    }
  },
})

function openSources(args: readonly string[], io: Io): LineSource[] {
  const files = args.length === 0 ? ['-'] : args
  return files.map((f) => (f === '-' ? openLineStream('<stdin>', io.stdin as never) : openLineFile(f)))
}

async function runImport(
  app: App,
  sources: readonly LineSource[],
  ctx: { out: Output; signal: AbortSignal; batchSize: number },
): Promise<ImportReport> {
  const { out } = ctx
  const sizes = sources.map((s) => s.size ?? 0)
  const total = sizes.reduce((a, b) => a + b, 0)
  const bar = out.progress('import', Math.max(1, Math.round(total / 1e6)), 'MB')
  let done = 0
  let printed = 0
  const report = await app.importRecords(sources, {
    batchSize: ctx.batchSize,
    signal: ctx.signal,
    onRejected: (r) => {
      printed += 1
      if (printed <= MAX_PRINTED_REJECTIONS) out.info(formatRejection(r))
      else if (printed === MAX_PRINTED_REJECTIONS + 1) out.info('… further rejections are counted but not printed')
    },
    onProgress: (p) => {
      const before = sizes
        .slice(
          0,
          sources.findIndex((s) => s.name === p.source),
        )
        .reduce((a, b) => a + b, 0)
      done = before + p.bytesRead
      bar.update(Math.round(done / 1e6))
    },
  })
  bar.stop()
  return report
}

export function formatRejection(r: RejectedLine): string {
  return `${r.source}:${r.lineNo}: ${r.field}: ${r.message}`
}

export function importExitCode(report: ImportReport): ExitCode {
  if (report.interrupted) return EXIT.INTERRUPTED
  if (report.stored + report.duplicate === 0) return EXIT.DATA
  return report.rejected > 0 ? EXIT.PARTIAL : EXIT.OK
}

export function renderImportReport(r: ImportReport): string {
  const rows = Object.entries(r.byType)
    .filter(([, c]) => c.stored + c.duplicate + c.rejected > 0)
    .map(([t, c]) => [t, c.stored, c.duplicate, c.rejected] as const)
  const lines = [
    renderTable(
      ['record type', 'imported', 'duplicate', 'rejected'],
      [...rows, ['total', r.stored, r.duplicate, r.rejected]],
    ),
  ]
  if (r.lines === 0)
    lines.push(`no records found: ${r.sources.join(', ')} ${r.sources.length === 1 ? 'is' : 'are'} empty`)
  else if (r.stored + r.duplicate === 0)
    lines.push('nothing imported: every line was rejected (see the messages above)')
  if (r.interrupted) lines.push('interrupted: what was imported is stored; run the same command again to complete it')
  return lines.join('\n')
}
