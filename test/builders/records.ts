import { createHash } from 'node:crypto'
import { toStateChange } from '../../src/core/accounts/index.ts'
import type { AccountId } from '../../src/core/ids.ts'
import { parseRecord } from '../../src/core/interchange/index.ts'
import type { EventInput } from '../../src/ports/index.ts'

/** Builders of interchange records with defaults: pass only what the test is about. */
export function anAccountRecord(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'account',
    account: 'a1',
    at: '2024-01-01T00:00:00Z',
    marketplace: 'US',
    kind: 'individual',
    channel: { type: 'organic' },
    email: 'seller@example.com',
    representative: { givenName: 'Ada', familyName: 'Lovelace' },
    ...over,
  }
}

export function aSessionRecord(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'session', account: 'a1', at: '2024-01-02T00:00:00Z', ip: '198.51.100.7', device: 'dev-1', ...over }
}

export function anUpdateRecord(
  set: Record<string, unknown>,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'update', account: 'a1', at: '2024-01-03T00:00:00Z', set, ...over }
}

export function aStatusRecord(status: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'status', account: 'a1', at: '2024-01-04T00:00:00Z', status, ...over }
}

export function aVerificationRecord(kind: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'verification', account: 'a1', at: '2024-01-05T00:00:00Z', kind, ...over }
}

/** Validates a record (failing the test if it is invalid) and wraps it as a store input. */
export function toEventInput(raw: Record<string, unknown>, line = 1): EventInput {
  const parsed = parseRecord(raw)
  if (!parsed.ok) throw new Error(`builder produced an invalid record: ${JSON.stringify(parsed.error)}`)
  const { record, at, body } = parsed.value
  return {
    account: record.account as AccountId,
    type: record.type,
    at,
    change: toStateChange(record),
    body,
    digest: createHash('sha256').update(body).digest().subarray(0, 16),
    source: { name: 'test', line },
  }
}
