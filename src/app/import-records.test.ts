import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, aSessionRecord } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import type { AccountId } from '../core/ids.ts'
import { toInstant } from '../core/time.ts'
import type { LineSource, SourceLine } from '../ports/index.ts'
import { importRecords, type RejectedLine } from './import-records.ts'

function source(name: string, lines: string[]): LineSource {
  async function* gen(): AsyncGenerator<SourceLine> {
    let offset = 0
    for (const [i, text] of lines.entries()) {
      offset += text.length + 1
      yield { lineNo: i + 1, text, endOffset: offset }
    }
  }
  return { name, size: undefined, lines: gen() }
}

const deps = () => ({
  events: SqliteEventStore.open(':memory:'),
  parser: new InProcessRecordParser(),
  clock: new FixedClock(toInstant(0)),
})
const line = (r: Record<string, unknown>) => JSON.stringify(r)

describe('importRecords', () => {
  it('imports the valid lines and rejects each bad one with file, line and field', async () => {
    const d = deps()
    const rejected: RejectedLine[] = []
    const report = await importRecords(
      d,
      [source('in.ndjson', [line(anAccountRecord()), '{"type":"session","account":"a1"', line(aSessionRecord())])],
      { onRejected: (r) => rejected.push(r) },
    )
    assert.equal(report.stored, 2)
    assert.equal(report.rejected, 1)
    assert.equal(rejected[0]?.source, 'in.ndjson')
    assert.equal(rejected[0]?.lineNo, 2)
    assert.equal(rejected[0]?.field, '(line)')
    assert.equal(report.byType.session.rejected, 1)
  })

  it('adds nothing when the same input is imported twice', async () => {
    const d = deps()
    const lines = [line(anAccountRecord()), line(aSessionRecord())]
    await importRecords(d, [source('a', lines)])
    const again = await importRecords(d, [source('a', lines)])
    assert.equal(again.stored, 0)
    assert.equal(again.duplicate, 2)
    assert.equal((await d.events.stats()).recordsByType.session, 1)
  })

  it('counts a line with several problems once, reporting each problem', async () => {
    const d = deps()
    const rejected: RejectedLine[] = []
    const report = await importRecords(d, [source('a', [line({ type: 'session', account: 'a1', at: 'x' })])], {
      onRejected: (r) => rejected.push(r),
    })
    assert.equal(report.rejected, 1)
    assert.deepEqual(
      rejected.map((r) => r.field),
      ['at', 'ip', 'device'],
    )
  })

  it('stops after the batch in flight when asked to, and a re-run completes the import', async () => {
    const d = deps()
    const lines = Array.from({ length: 10 }, (_, i) => line(anAccountRecord({ account: `a${i}` })))
    const controller = new AbortController()
    const first = await importRecords(d, [source('a', lines)], {
      batchSize: 3,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
    assert.equal(first.interrupted, true)
    assert.equal(first.stored, 3)
    const second = await importRecords(d, [source('a', lines)])
    assert.equal(second.stored, 7)
    assert.equal(second.duplicate, 3)
  })

  it('gives the parser the next batches before storing one, and stores them in order', async () => {
    const d = deps()
    const steps: string[] = []
    const parser = {
      parse: (name: string, lines: readonly SourceLine[]) => {
        steps.push(`parse ${lines[0]?.lineNo}`)
        return d.parser.parse(name, lines)
      },
      close: () => d.parser.close(),
    }
    const events = {
      append: (...args: Parameters<typeof d.events.append>) => {
        steps.push(`store ${args[0][0]?.source.line}`)
        return d.events.append(...args)
      },
    } as typeof d.events
    const lines = Array.from({ length: 8 }, (_, i) => line(anAccountRecord({ account: `a${i}` })))
    const report = await importRecords({ ...d, parser, events }, [source('a', lines)], { batchSize: 2 })
    assert.equal(report.stored, 8)
    assert.deepEqual(steps, ['parse 1', 'parse 3', 'parse 5', 'store 1', 'parse 7', 'store 3', 'store 5', 'store 7'])
  })

  it('stores the states folded ahead as it derives them, and stops folding once a batch was stored already', async () => {
    const lines = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? line(anAccountRecord({ account: `a${i}`, at: '2024-01-02T00:00:00Z' }))
        : line(aSessionRecord({ account: `a${i - (i % 3)}`, at: `2024-01-0${1 + (i % 3)}T00:00:00Z` })),
    )
    const folds: boolean[] = []
    const folding = new InProcessRecordParser({ fold: true })
    const parser = {
      parse: (name: string, batch: readonly SourceLine[], options?: { fold?: boolean }) => {
        folds.push(options?.fold ?? true)
        return folding.parse(name, batch, options)
      },
      close: () => folding.close(),
    }
    const ahead = { ...deps(), parser }
    const derived = deps()
    await importRecords(ahead, [source('a', lines.slice(0, 6))], { batchSize: 3 })
    await importRecords(derived, [source('a', lines.slice(0, 6))], { batchSize: 3 })
    for (let i = 0; i < 12; i += 3) {
      const id = `a${i}` as AccountId
      assert.deepEqual(await ahead.events.getAccount(id), await derived.events.getAccount(id))
    }
    // Again with the rest: the first batches are stored already, so the ones read after them are not folded.
    folds.length = 0
    const report = await importRecords(ahead, [source('a', lines)], { batchSize: 3 })
    assert.equal(report.duplicate, 6)
    assert.equal(report.stored, 6)
    assert.deepEqual(folds, [true, true, true, false])
  })
})
