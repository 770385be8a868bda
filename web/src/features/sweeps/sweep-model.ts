// The impact report as charts and sentences, and a job's progress. Pure.
import type { ImpactReport, Job, SweepHit } from '../../api/types.ts'
import type { Bar } from '../../lib/bars.ts'

const ACTION_TONES: Readonly<Record<string, string>> = {
  approve: 'tone-ok',
  review: 'tone-info',
  require_verification: 'tone-warn',
  hold_payouts: 'tone-warn',
  suspend: 'tone-bad',
  deactivate: 'tone-bad',
}

/** Accounts each rule's action reaches after exceptions and caps (the rule's own hits and its cluster reach). */
export function ruleBars(report: ImpactReport): Bar[] {
  return report.byRule.map((r) => ({
    label: `${r.rule} (${r.action.replaceAll('_', ' ')})`,
    value: r.kept,
    tone: ACTION_TONES[r.action] ?? 'tone-info',
  }))
}

export function clusterSizeBars(report: ImpactReport): Bar[] {
  return report.byClusterSize.map((b) => ({
    label: b.bucket === '1' ? 'alone' : `${b.bucket} accounts`,
    value: b.hit,
  }))
}

/**
 * Hits by the strength of the evidence under them: personal evidence (or no link needed: the rule read the account
 * alone) against circumstantial links only.
 */
export function evidenceBars(report: ImpactReport): Bar[] {
  const weak = report.weakEvidenceOnly
  return [
    { label: 'personal evidence', value: Math.max(0, report.hit - weak), tone: 'tone-ok' },
    { label: 'circumstantial links only', value: weak, tone: 'tone-warn' },
  ]
}

export function actionBars(report: ImpactReport): Bar[] {
  return Object.entries(report.byAction)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => ({ label: action.replaceAll('_', ' '), value: n, tone: ACTION_TONES[action] ?? 'tone-info' }))
}

export interface Progress {
  readonly value: number | undefined
  readonly max: number
  readonly text: string
}

/** A job's progress for a progress bar: indeterminate (no value) until a total is known. */
export function progressOf(job: Job): Progress {
  if (job.state === 'done') return { value: 1, max: 1, text: 'done' }
  if (job.state === 'failed') return { value: 0, max: 1, text: `failed: ${job.error ?? 'no reason given'}` }
  if (job.state === 'queued') {
    return {
      value: undefined,
      max: 1,
      text: job.attempts > 0 ? 'waiting to retry' : 'waiting for a server to start it',
    }
  }
  const p = job.progress
  if (p === null) return { value: undefined, max: 1, text: 'starting' }
  if (p.total === null || p.total === 0) return { value: undefined, max: 1, text: `${p.phase ?? 'running'}: ${p.done}` }
  return {
    value: Math.min(p.done, p.total),
    max: p.total,
    text: `${p.phase ?? 'running'}: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`,
  }
}

/** What an apply will do, for the confirmation: the accounts, by action, and who loses selling privileges. */
export function applySummary(report: ImpactReport): string[] {
  const lines = actionBars(report).map((b) => `${b.value.toLocaleString('en-US')} × ${b.label}`)
  const loss = report.losingPrivileges
  if (loss.immediately > 0)
    lines.push(`${loss.immediately.toLocaleString('en-US')} active accounts lose selling privileges at once`)
  if (loss.onMissedDeadline > 0) {
    lines.push(`${loss.onMissedDeadline.toLocaleString('en-US')} active accounts lose them if they miss their deadline`)
  }
  return lines
}

/** The features a hit's condition read, as "name = value" lines. */
export function hitEvidence(hit: SweepHit): string[] {
  return Object.entries(hit.evidence).map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
}
