import type { TickReport, WebhookRun } from '../../app/index.ts'
import { toInstant } from '../../core/time.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { UsageError } from '../usage-error.ts'

export const tickCommand = defineCommand<{ db?: string; now?: string; json?: boolean }>({
  name: 'tick',
  configure: (cmd) =>
    cmd
      .description(
        "Runs the verification workflows once: the sellers' new verifications move their requirements, reminders go out 3 and 1 days before a deadline, missed deadlines impose their consequence (selling suspended unless the policy says otherwise), restrictions given with notice take effect, and every step's notice is written and sent (SMTP when ONESELLER_SMTP_URL is set, else .eml files in the outbox folder, ONESELLER_OUTBOX). Safe to run as often as you like and from several machines: nothing fires twice",
      )
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option(
        '--now <time>',
        'run as of this RFC 3339 time instead of the clock (to catch up, or to try a policy ahead)',
      )
      .option('--json', 'print one JSON document'),
  async run({ options, out, io }) {
    const now = options.now === undefined ? undefined : parseNow(options.now)
    const app = await openAppFor(io.env, options.db)
    try {
      const report = await app.tick(now)
      out.result({ ...report, now: new Date(report.now).toISOString(), notices: app.noticeChannel }, () =>
        renderTick(report, app.noticeChannel),
      )
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})

function parseNow(text: string) {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? Date.parse(text)
    : Number.NaN
  if (Number.isNaN(ms)) {
    throw new UsageError(`--now: expected an RFC 3339 time such as 2026-12-10T09:00:00Z, got ${JSON.stringify(text)}`)
  }
  return toInstant(ms)
}

function renderTick(r: TickReport & { readonly webhooks: WebhookRun | null }, channel: string): string {
  const n = (x: number) => x.toLocaleString('en-US')
  return [
    `tick at ${new Date(r.now).toISOString()}`,
    `  requirements: ${n(r.passed)} passed, ${n(r.latePassed)} passed late, ${n(r.submitted)} submitted, ${n(r.attemptsFailed)} failed attempts, ${n(r.reminded)} reminded, ${n(r.expired)} expired`,
    `  restrictions in force: ${n(r.inForce)}`,
    `  notices: ${n(r.noticesComposed)} written, ${n(r.noticesSent)} sent (${channel}), ${n(r.noticesFailed)} failed`,
    r.webhooks === null
      ? '  webhooks: none (set ONESELLER_WEBHOOK_URL and ONESELLER_WEBHOOK_SECRET)'
      : `  webhooks: ${n(r.webhooks.queued)} queued, ${n(r.webhooks.delivered)} delivered, ${n(r.webhooks.retrying)} to retry, ${n(r.webhooks.abandoned)} abandoned`,
  ].join('\n')
}
