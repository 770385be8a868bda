import { UsageError } from '../usage-error.ts'

/** A whole-number option, checked, with the option named in the error. */
export function parseCount(text: string, option: string, max: number, min = 1): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${option}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`)
  }
  return n
}
