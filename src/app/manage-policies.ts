import { OnesellerError } from '../core/errors.ts'
import { type CompiledPolicy, formatPolicyError, type PolicyError, parsePolicy } from '../core/policy/index.ts'
import type { Instant } from '../core/time.ts'
import type { Clock, PolicyStore, StoredPolicy } from '../ports/index.ts'

export interface PolicyDeps {
  readonly policies: PolicyStore
  readonly clock: Clock
}

/** `file:line: path: message`, one per line: how every policy error reads. */
export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return errors.map(formatPolicyError).join('\n')
}

/**
 * Compiles a policy or throws `invalid_input` listing every error with its file and line (the `PolicyError`s are in
 * the error's `details.policyErrors`). Given `now`, an exception that has already lapsed is an error too (loading it
 * would be a mistake).
 */
export function compilePolicy(source: string, file: string, now?: Instant): CompiledPolicy {
  const parsed = parsePolicy(source, file, now === undefined ? {} : { now })
  if (parsed.ok) return parsed.value
  const n = parsed.error.length
  throw new OnesellerError(
    'invalid_input',
    `${file}: the policy does not load (${n} error${n === 1 ? '' : 's'}); nothing was applied:\n${formatPolicyErrors(parsed.error)}`,
    { details: { policyErrors: parsed.error } },
  )
}

export interface LoadedPolicy {
  readonly stored: StoredPolicy
  /** False when the latest version already had this exact text and mode: nothing new was stored. */
  readonly changed: boolean
  readonly rules: number
}

/**
 * Checks a policy and stores it as the next version of its name (with an audit record), `live` or `shadow`.
 * Loading the same text again in the same mode stores nothing.
 */
export async function loadPolicy(
  deps: PolicyDeps,
  req: { readonly source: string; readonly file: string; readonly mode: 'live' | 'shadow'; readonly actor: string },
): Promise<LoadedPolicy> {
  const at: Instant = deps.clock.now()
  const policy = compilePolicy(req.source, req.file, at)
  const latest = await deps.policies.getPolicy(policy.name)
  if (latest !== undefined && latest.source === req.source && latest.mode === req.mode) {
    return { stored: latest, changed: false, rules: policy.rules.length }
  }
  const stored = await deps.policies.savePolicy({
    name: policy.name,
    source: req.source,
    mode: req.mode,
    loadedBy: req.actor,
    at,
  })
  return { stored, changed: true, rules: policy.rules.length }
}
