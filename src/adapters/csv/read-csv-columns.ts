import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { OnesellerError } from '../../core/errors.ts'

/**
 * Reads a CSV file with a header row and returns, for each data row, the named columns in order.
 * Fails naming the file (and line) when the file is missing, a column is missing or a row is short.
 */
export function readCsvColumns(path: string, columns: readonly string[]): string[][] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new OnesellerError('not_found', `${path}: ${code === 'ENOENT' ? 'no such file' : String(e)}`, { cause: e })
  }
  let rows: string[][]
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as string[][]
  } catch (e) {
    throw new OnesellerError('invalid_input', `${path}: not valid CSV (${(e as Error).message})`, { cause: e })
  }
  const header = rows[0]
  if (header === undefined) throw new OnesellerError('invalid_input', `${path}: empty file; expected a header row`)
  const index = columns.map((c) => {
    const i = header.indexOf(c)
    if (i === -1) {
      throw new OnesellerError('invalid_input', `${path}:1: missing column "${c}" (header: ${header.join(',')})`)
    }
    return i
  })
  return rows.slice(1).map((row, n) =>
    index.map((i, k) => {
      const v = row[i]
      if (v === undefined) {
        throw new OnesellerError('invalid_input', `${path}:${n + 2}: ${columns[k]}: missing value`)
      }
      return v
    }),
  )
}
