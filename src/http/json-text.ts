import { err, ok, type Result } from '../core/result.ts'

/** Where a JSON text stops being JSON, for a message a developer can act on (never quoting the text). */
export interface JsonSyntaxError {
  /** 1-based line and column (in UTF-16 code units) of the first character that is not JSON. */
  readonly line: number
  readonly column: number
  /** 0-based offset of that character; equal to the length when the text ends too early. */
  readonly position: number
  readonly reason: string
}

/** Parses JSON text; on failure, says where and why (V8's own message quotes the text, so it is not passed on). */
export function parseJsonText(text: string): Result<unknown, JsonSyntaxError> {
  try {
    return ok(JSON.parse(text))
  } catch (e) {
    const message = (e as Error).message
    const position = endsEarly(text, message) ? text.length : (positionIn(message) ?? firstBadOffset(text))
    const { line, column } = lineAndColumn(text, position)
    return err({ line, column, position, reason: reasonOf(message, text, position) })
  }
}

/** A readable message: "line 3, column 7: unexpected '}'". */
export function describeJsonSyntaxError(e: JsonSyntaxError): string {
  return `line ${e.line}, column ${e.column} (position ${e.position}): ${e.reason}`
}

/** True when the message says the text ended before the JSON value did (so every prefix of it is valid so far). */
function endsEarly(text: string, message: string): boolean {
  if (/Unexpected end of JSON input/.test(message)) return true
  const at = positionIn(message)
  return at !== undefined && at >= text.length
}

function positionIn(message: string): number | undefined {
  const m = / at position (\d+)/.exec(message)
  return m ? Number(m[1]) : undefined
}

/**
 * The offset of the first character that cannot continue a JSON text, for messages that do not give it: the longest
 * prefix that is still the start of some JSON value ends there. Being such a prefix is inherited by shorter prefixes,
 * so a binary search finds it in log(n) parses.
 */
function firstBadOffset(text: string): number {
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (isViablePrefix(text.slice(0, mid))) lo = mid
    else hi = mid - 1
  }
  return lo
}

function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix)
    return true
  } catch (e) {
    return endsEarly(prefix, (e as Error).message)
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line += 1
    lineStart = i + 1
  }
  return { line, column: position - lineStart + 1 }
}

function reasonOf(message: string, text: string, position: number): string {
  if (position >= text.length)
    return text.trim() === '' ? 'the body is empty' : 'the text ends before the JSON value does'
  const reason = message
    .replace(/^Unexpected token '(.)',[\s\S]*$/, "unexpected '$1'")
    .replace(/ in JSON at position \d+[\s\S]*$/, '')
    .replace(/ after JSON at position \d+[\s\S]*$/, ' after the JSON value')
  // Whatever V8 says beyond these forms may quote the text: then only the character is named.
  if (reason.includes('"')) return `unexpected ${JSON.stringify(text[position])}`
  return reason.charAt(0).toLowerCase() + reason.slice(1)
}
