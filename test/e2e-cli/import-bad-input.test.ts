// End-to-end tests of `oneseller import` (and `stats`) on bad input, run as a user runs them: the real binary in a
// child process, asserting on exit codes, `file:line: field: reason` messages on stderr and the store afterwards.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import Database from 'better-sqlite3'
import {
  accountRows,
  type CliResult,
  eventCount,
  IS_ROOT,
  NOBODY,
  openToAll,
  profileOf,
  runCli,
  type Scratch,
  scratch,
  show,
  statsOf,
  storeProblems,
  withStore,
} from './run-cli.ts'

const MIB = 1024 * 1024
/** Tests of one group run side by side: each spends most of its time starting the command. */
const CONCURRENCY = 4

type Rec = Record<string, unknown>

function account(id: string, over: Rec = {}): Rec {
  return {
    type: 'account',
    account: id,
    at: '2024-01-01T00:00:00Z',
    marketplace: 'US',
    kind: 'individual',
    email: `${id}@example.com`,
    ...over,
  }
}

function session(id: string, n: number, over: Rec = {}): Rec {
  const at = `2024-01-02T00:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z`
  return { type: 'session', account: id, at, ip: '198.51.100.7', device: `dev-${n}`, ...over }
}

/** `file:line: field: ` — the prefix of a rejection on stderr. */
function prefix(file: string, line: number, field: string): string {
  return `${file}:${line}: ${field}: `
}

/** Asserts that stderr rejects a line (`[file, line]`) naming `field`, and that the reason matches. */
function assertRejects(r: CliResult, [file, line]: readonly [string, number], field: string, reason?: RegExp): void {
  const p = prefix(file, line, field)
  const hit = r.stderr.split('\n').find((l) => l.startsWith(p))
  assert.ok(hit !== undefined, `expected a line starting with "${p}"\n${show(r)}`)
  if (reason) assert.match(hit.slice(p.length), reason, show(r))
}

/** The line numbers of `file` that stderr rejects. */
function rejectedLineNos(r: CliResult, file: string): number[] {
  const nos = new Set<number>()
  for (const l of r.stderr.split('\n')) {
    if (!l.startsWith(`${file}:`)) continue
    const m = /^:(\d+): /.exec(l.slice(file.length))
    if (m) nos.add(Number(m[1]))
  }
  return [...nos].sort((a, b) => a - b)
}

function parseJson(r: CliResult): Rec {
  try {
    return JSON.parse(r.stdout) as Rec
  } catch (e) {
    assert.fail(`stdout is not one JSON document (${(e as Error).message})\n${show(r)}`)
  }
}

function businessName(db: string, id: string): unknown {
  return (profileOf(db, id)?.business as Rec | undefined)?.name
}

function recordsByType(stats: Rec): Rec {
  return stats.recordsByType as Rec
}

/** A deterministic byte string (no randomness between runs). */
function pseudoRandomBytes(n: number, seed: string): Buffer {
  const parts: Buffer[] = []
  let block = createHash('sha256').update(seed).digest()
  for (let size = 0; size < n; size += block.length) {
    parts.push(block)
    block = createHash('sha256').update(block).digest()
  }
  return Buffer.concat(parts).subarray(0, n)
}

/** A session line of exactly `bytes` bytes of UTF-8, padded with an unknown field (kept but ignored). */
function sessionLineOfBytes(bytes: number, device: string): string {
  const base = JSON.stringify({ ...session('big', 1, { device }), pad: '' })
  const pad = bytes - Buffer.byteLength(base)
  assert.ok(pad >= 0)
  return base.replace('"pad":""', `"pad":"${'x'.repeat(pad)}"`)
}

function storedDevices(db: string): string[] {
  return withStore(db, (d) =>
    d.prepare("SELECT json_extract(body, '$.device') FROM events WHERE type = 'session' ORDER BY seq").pluck().all(),
  ) as string[]
}

function siblings(s: Scratch, file: string): string[] {
  return readdirSync(s.dir).filter((f) => f.startsWith(`${basename(file)}-`))
}

describe('import of empty, missing and unreadable input', { concurrency: CONCURRENCY }, () => {
  it('reports an empty file by name, imports nothing and exits 65', async (t) => {
    const s = scratch(t)
    const file = s.path('empty.ndjson')
    writeFileSync(file, '')
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 65, show(r))
    assert.match(r.stdout + r.stderr, /empty/, show(r))
    assert.ok((r.stdout + r.stderr).includes(file), `the message should name the empty file ${file}\n${show(r)}`)
    const stats = await statsOf(db)
    assert.equal(stats.accounts, 0)
    assert.deepEqual(Object.values(recordsByType(stats)), [0, 0, 0, 0, 0, 0])
  })

  it('treats a file of blank lines as empty: nothing imported, exit 65', async (t) => {
    const s = scratch(t)
    const file = s.path('blank.ndjson')
    writeFileSync(file, '\n\n   \n\t\n\r\n')
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(r.code, 65, show(r))
    const report = parseJson(r)
    assert.equal(report.lines, 0)
    assert.equal(report.stored, 0)
    assert.equal(report.rejected, 0)
    assert.equal((await statsOf(db)).accounts, 0)
  })

  it('names a file that does not exist, exits 66 and imports nothing, not even the files listed before it', async (t) => {
    const s = scratch(t)
    const good = s.writeLines('good.ndjson', [account('a1')])
    const missing = s.path('missing.ndjson')
    const db = s.path('store.db')
    const r = await runCli(['import', good, missing, '--db', db])
    assert.equal(r.code, 66, show(r))
    assert.ok(r.stderr.includes(missing), show(r))
    assert.match(r.stderr, /no such file/, show(r))
    assert.equal(r.stdout, '')
    assert.equal((await statsOf(db)).accounts, 0)
  })

  it('refuses a folder given as the file, naming it, with a non-zero exit and nothing imported', async (t) => {
    const s = scratch(t)
    const folder = s.path('a-folder.ndjson')
    mkdirSync(folder)
    const db = s.path('store.db')
    const r = await runCli(['import', folder, '--db', db])
    assert.notEqual(r.code, 0, show(r))
    assert.doesNotMatch(r.stderr, /internal error/, show(r))
    assert.ok(r.stderr.includes(folder), show(r))
    assert.match(r.stderr, /folder|director/, show(r))
    assert.equal((await statsOf(db)).accounts, 0)
  })

  it('names a file it may not read and exits 66, rather than failing with an internal error', async (t) => {
    const s = scratch(t)
    openToAll(s.dir)
    const store = s.path('store')
    mkdirSync(store)
    chmodSync(store, 0o777)
    const secret = s.writeLines('secret.ndjson', [account('a1')])
    chmodSync(secret, 0o000)
    const db = `${store}/store.db`
    // Root reads any file, so the command runs as an unprivileged user when the tests run as root.
    const r = await runCli(['import', secret, '--db', db], IS_ROOT ? { uid: NOBODY } : {})
    assert.doesNotMatch(r.stderr, /internal error/, show(r))
    assert.equal(r.code, 66, show(r))
    assert.ok(r.stderr.includes(secret), show(r))
    assert.match(r.stderr, /permission denied/, show(r))
  })
})

describe('bad lines are rejected as file:line: field: reason and the rest imports', {
  concurrency: CONCURRENCY,
}, () => {
  it('rejects a truncated last line and imports the lines before it', async (t) => {
    const s = scratch(t)
    const file = s.path('truncated.ndjson')
    const lines = [account('a1'), session('a1', 1), session('a1', 2)].map((r) => JSON.stringify(r))
    // The last record is cut mid-object, as by a crashed writer: no closing brace and no newline.
    writeFileSync(file, `${lines.join('\n')}\n${JSON.stringify(session('a1', 3)).slice(0, 40)}`)
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 4], '(line)', /not valid JSON/)
    assert.deepEqual(rejectedLineNos(r, file), [4])
    const stats = await statsOf(db)
    assert.equal(stats.accounts, 1)
    assert.equal(recordsByType(stats).session, 2)
  })

  it('rejects a line over 1 MiB (a listing with a 2 MiB description) by its number and imports the lines after it', async (t) => {
    const s = scratch(t)
    const listing = {
      type: 'listing',
      account: 'a1',
      at: '2024-01-03T00:00:00Z',
      id: 'l1',
      title: 'A very long description',
      description: 'd'.repeat(2 * MIB),
    }
    const file = s.writeLines('long.ndjson', [account('a1'), listing, session('a1', 1), session('a1', 2)])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 2], '(line)', /longer than 1048576 bytes/)
    assert.deepEqual(rejectedLineNos(r, file), [2])
    const stats = await statsOf(db)
    assert.equal(recordsByType(stats).listing, 0)
    assert.equal(recordsByType(stats).session, 2)
  })

  for (const eol of ['\n', '\r\n']) {
    it(`accepts a line of exactly 1 MiB and rejects one of 1 MiB + 1 byte (${JSON.stringify(eol)} endings)`, async (t) => {
      const s = scratch(t)
      const file = s.writeLines(
        'boundary.ndjson',
        [
          sessionLineOfBytes(MIB, 'exactly-1MiB'), // the first read chunk ends exactly before its newline
          account('big'),
          sessionLineOfBytes(MIB + 1, 'one-byte-over'),
          sessionLineOfBytes(MIB - 1, 'one-byte-under'),
          sessionLineOfBytes(MIB + 7, 'a-few-bytes-over'),
          session('big', 9, { device: 'after' }),
        ],
        eol,
      )
      const db = s.path('store.db')
      const r = await runCli(['import', file, '--db', db])
      assert.equal(r.code, 3, show(r))
      assertRejects(r, [file, 3], '(line)', /longer than 1048576 bytes/)
      assertRejects(r, [file, 5], '(line)', /longer than 1048576 bytes/)
      assert.deepEqual(rejectedLineNos(r, file), [3, 5])
      assert.deepEqual(storedDevices(db), ['exactly-1MiB', 'one-byte-under', 'after'])
    })
  }

  it('rejects wrong types naming the field: account id as number, price as string, face as strings', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('types.ndjson', [
      account('a1'),
      account('a2', { account: 7 }),
      { type: 'listing', account: 'a1', at: '2024-01-03T00:00:00Z', id: 'l1', title: 'Shoes', price: '12.50' },
      { type: 'verification', account: 'a1', at: '2024-01-03T00:00:00Z', kind: 'video', face: ['0.1', '0.2'] },
      account('a3', { addresses: { role: 'business', lines: ['1 Main St'], country: 'US' } }),
      session('a1', 1),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 2], 'account', /expected string, got number 7/)
    assertRejects(r, [file, 3], 'price', /expected number, got "12.50"/)
    assertRejects(r, [file, 4], 'face[0]', /expected number/)
    assertRejects(r, [file, 5], 'addresses', /expected array, got an object/)
    assert.deepEqual(rejectedLineNos(r, file), [2, 3, 4, 5])
    const byType = parseJson(r).byType as Record<string, Rec>
    assert.deepEqual(byType.account, { stored: 1, duplicate: 0, rejected: 2 })
    assert.deepEqual(byType.listing, { stored: 0, duplicate: 0, rejected: 1 })
    assert.deepEqual(byType.verification, { stored: 0, duplicate: 0, rejected: 1 })
    assert.deepEqual(byType.session, { stored: 1, duplicate: 0, rejected: 0 })
  })

  it('rejects an unknown or missing record type, naming the type field', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('type.ndjson', [
      account('a1'),
      { type: 'refund', account: 'a1', at: '2024-01-03T00:00:00Z' },
      { account: 'a1', at: '2024-01-03T00:00:00Z', ip: '198.51.100.7', device: 'd' },
      { ...session('a1', 1), type: 'Session' },
      { ...session('a1', 2), type: 42 },
      session('a1', 3),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 2], 'type', /unknown record type "refund"/)
    assertRejects(r, [file, 3], 'type', /is required/)
    assertRejects(r, [file, 4], 'type', /unknown record type "Session"/)
    assertRejects(r, [file, 5], 'type', /unknown record type 42/)
    assert.deepEqual(rejectedLineNos(r, file), [2, 3, 4, 5])
    assert.deepEqual((parseJson(r).byType as Record<string, Rec>).unknown, { stored: 0, duplicate: 0, rejected: 4 })
  })

  it('rejects records missing required fields: a session without ip, an account without marketplace', async (t) => {
    const s = scratch(t)
    const { ip: _ip, ...noIp } = session('a1', 1)
    const { marketplace: _m, ...noMarketplace } = account('a2')
    const { at: _at, ...noAt } = session('a1', 2)
    const { account: _a, ...noAccount } = session('a1', 3)
    const file = s.writeLines('required.ndjson', [
      account('a1'),
      noIp,
      noMarketplace,
      noAt,
      noAccount,
      { type: 'listing', account: 'a1', at: '2024-01-03T00:00:00Z', id: 'l1' },
      session('a1', 4),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 2], 'ip', /is required/)
    assertRejects(r, [file, 3], 'marketplace', /is required/)
    assertRejects(r, [file, 4], 'at', /is required/)
    assertRejects(r, [file, 5], 'account', /is required/)
    assertRejects(r, [file, 6], 'title', /is required/)
    assert.deepEqual(rejectedLineNos(r, file), [2, 3, 4, 5, 6])
    const stats = await statsOf(db)
    assert.equal(stats.accounts, 1)
    assert.equal(recordsByType(stats).session, 1)
  })

  it('rejects invalid timestamps (Feb 30, hour 25, no time zone, a plain date) and accepts valid RFC 3339 ones', async (t) => {
    const s = scratch(t)
    const bad = [
      '2024-02-30T00:00:00Z',
      '2024-01-01T25:00:00Z',
      '2024-01-01T10:00:00',
      '2024-01-01',
      '2023-02-29T12:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T00:00:00+25:00',
      'yesterday',
    ]
    const good = ['2024-02-29T23:59:59.123+05:30', '2024-01-01T00:00:00.5-08:00', '2024-01-01t10:00:00z']
    const file = s.writeLines('times.ndjson', [
      account('a1'),
      ...bad.map((at, i) => session('a1', i, { at })),
      session('a1', 99, { at: 1704067200 }),
      ...good.map((at, i) => session('a1', 100 + i, { at })),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    bad.forEach((_, i) => {
      assertRejects(r, [file, i + 2], 'at', /must be an RFC 3339 timestamp/)
    })
    assertRejects(r, [file, bad.length + 2], 'at', /expected string, got number/)
    assert.deepEqual(rejectedLineNos(r, file), bad.map((_, i) => i + 2).concat(bad.length + 2))
    assert.equal(recordsByType(await statsOf(db)).session, good.length)
  })

  it('rejects values outside an enum, naming the (nested) field and the allowed values', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('enums.ndjson', [
      account('a1'),
      account('a2', { kind: 'corp' }),
      { type: 'status', account: 'a1', at: '2024-01-05T00:00:00Z', status: 'banned' },
      { type: 'verification', account: 'a1', at: '2024-01-05T00:00:00Z', kind: 'selfie' },
      account('a3', { channel: { type: 'referral' } }),
      account('a4', { addresses: [{ role: 'home', lines: ['1 Main St'], country: 'US' }] }),
      account('a5', {
        representative: {
          givenName: 'Ada',
          familyName: 'Lovelace',
          document: { type: 'ssn', country: 'US', number: '1' },
        },
      }),
      { type: 'verification', account: 'a1', at: '2024-01-05T00:00:00Z', kind: 'video', outcome: 'maybe' },
      { type: 'status', account: 'a1', at: '2024-01-06T00:00:00Z', status: 'suspended' },
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 2], 'kind', /must be one of "individual", "business"; got "corp"/)
    assertRejects(r, [file, 3], 'status', /must be one of .*"suspended".*; got "banned"/)
    assertRejects(r, [file, 4], 'kind', /must be one of .*"video".*; got "selfie"/)
    assertRejects(r, [file, 5], 'channel.type', /must be one of "organic", "invite", "partner"/)
    assertRejects(r, [file, 6], 'addresses[0].role', /must be one of/)
    assertRejects(r, [file, 7], 'representative.document.type', /must be one of/)
    assertRejects(r, [file, 8], 'outcome', /must be one of "passed", "failed"/)
    assert.deepEqual(rejectedLineNos(r, file), [2, 3, 4, 5, 6, 7, 8])
    const stats = await statsOf(db)
    assert.equal(stats.accounts, 1)
    assert.deepEqual(stats.byStatus, { suspended: 1 })
  })

  it('rejects a JSON array, number, string, boolean or null on a line as not an object', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('shapes.ndjson', [
      account('a1'),
      '[{"type":"session"}]',
      '42',
      '"a string"',
      'true',
      'null',
      '{"type":"session",}',
      session('a1', 1),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    for (const line of [2, 3, 4, 5, 6]) assertRejects(r, [file, line], '(line)', /must be a JSON object/)
    assertRejects(r, [file, 7], '(line)', /not valid JSON/)
    assert.deepEqual(rejectedLineNos(r, file), [2, 3, 4, 5, 6, 7])
    assert.equal(recordsByType(await statsOf(db)).session, 1)
  })

  it('rejects bytes that are not UTF-8 by line number and imports the rest', async (t) => {
    const s = scratch(t)
    /** A session line whose device id is the given bytes. */
    const withBytes = (device: number[]) => {
      const [head, tail] = JSON.stringify(session('a1', device.length, { device: '@' })).split('@') as [string, string]
      return Buffer.concat([Buffer.from(head), Buffer.from(device), Buffer.from(tail)])
    }
    const file = s.writeLines('bytes.ndjson', [
      account('a1'),
      withBytes([0x61, 0xff, 0x62]), // a byte that never occurs in UTF-8
      withBytes([0xc0, 0xaf]), // an overlong encoding of "/"
      withBytes([0xed, 0xa0, 0x80]), // a UTF-16 surrogate encoded as UTF-8 (CESU-8)
      withBytes([0x41, 0xe6, 0x97]), // a character cut short
      withBytes([0x80, 0x41]), // a lone continuation byte
      withBytes([0xf0, 0x9f, 0x98, 0x80]), // 😀, well-formed
      session('a1', 9),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    for (const line of [2, 3, 4, 5, 6]) assertRejects(r, [file, line], '(line)', /not valid UTF-8/)
    assert.deepEqual(rejectedLineNos(r, file), [2, 3, 4, 5, 6])
    assert.deepEqual(storedDevices(db), ['😀', 'dev-9'])
  })

  it('imports a file with CRLF line endings and a UTF-8 byte-order mark, numbering its lines', async (t) => {
    const s = scratch(t)
    const file = s.path('windows.ndjson')
    const lines = [account('a1'), session('a1', 1), { ...session('a1', 2), ip: 7 }, session('a1', 3)]
    writeFileSync(file, `\uFEFF${lines.map((l) => JSON.stringify(l)).join('\r\n')}\r\n`)
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 3], 'ip', /expected string/)
    assert.deepEqual(rejectedLineNos(r, file), [3])
    const stats = await statsOf(db)
    assert.equal(stats.accounts, 1, 'the first line, after the byte-order mark, imports')
    assert.equal(recordsByType(stats).session, 2)
    assert.equal(profileOf(db, 'a1')?.email, 'a1@example.com')
    assert.deepEqual(storedDevices(db), ['dev-1', 'dev-3'])
  })

  it('counts blank lines, so a later rejection names the line a text editor shows', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('blanks.ndjson', [
      account('a1'),
      '',
      '   ',
      session('a1', 1),
      '\t',
      { ...session('a1', 2), ip: null },
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 6], 'ip', /is required/)
    assert.deepEqual(rejectedLineNos(r, file), [6])
  })

  it('numbers lines right in a file large enough to be parsed on a worker thread', async (t) => {
    const s = scratch(t)
    const total = 45_000
    const bad = new Map<number, [string, RegExp]>([
      [1, ['kind', /must be one of/]],
      [12_345, ['ip', /is required/]],
      [30_001, ['(line)', /longer than 1048576 bytes/]],
      [44_999, ['at', /RFC 3339/]],
      [total, ['(line)', /not valid JSON/]],
    ])
    const lines: string[] = []
    for (let n = 1; n <= total; n++) {
      const id = `w${Math.floor(n / 10)}`
      let rec: Rec = n % 10 === 0 || n === 2 ? account(id) : session(id, n)
      if (n === 1) rec = account('w0', { kind: 'corp' })
      if (n === 12_345) rec = { ...rec, ip: '' }
      if (n === 30_001) rec = { ...rec, pad: 'p'.repeat(MIB + 10) }
      if (n === 44_999) rec = { ...rec, at: '2024-01-02' }
      lines.push(n === total ? JSON.stringify(rec).slice(0, -5) : JSON.stringify(rec))
    }
    const file = s.path('large.ndjson')
    writeFileSync(file, lines.join('\n')) // no newline after the truncated last line
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(r.code, 3, show(r))
    for (const [line, [field, reason]] of bad) assertRejects(r, [file, line], field, reason)
    assert.deepEqual(rejectedLineNos(r, file), [...bad.keys()])
    const report = parseJson(r)
    assert.equal(report.lines, total)
    assert.equal(report.stored, total - bad.size)
    assert.equal(eventCount(db), total - bad.size)
  })

  it('ends with a summary of imported, duplicate and rejected records by type', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('summary.ndjson', [
      account('a1'),
      account('a2'),
      session('a1', 1),
      session('a1', 1),
      session('a2', 2),
      { ...session('a2', 3), device: '' },
    ])
    const r = await runCli(['import', file, '--db', s.path('store.db')])
    assert.equal(r.code, 3, show(r))
    assert.match(r.stdout, /imported\s+duplicate\s+rejected/, show(r))
    assert.match(r.stdout, /^account\s+2\s+0\s+0$/m, show(r))
    assert.match(r.stdout, /^session\s+2\s+1\s+1$/m, show(r))
    assert.match(r.stdout, /^total\s+4\s+1\s+1$/m, show(r))
    assertRejects(r, [file, 6], 'device', /is required/)
  })
})

describe('unicode of every kind in names and addresses', { concurrency: CONCURRENCY }, () => {
  const PEOPLE = [
    {
      id: 'u-cjk',
      name: '北京小米科技有限责任公司',
      given: '太郎',
      family: '山田',
      lines: ['東京都千代田区千代田１−１', '서울특별시 종로구 세종대로 175'],
      city: '深圳市',
    },
    {
      id: 'u-rtl',
      name: 'شركة النور للتجارة ذ.م.م',
      given: 'محمد',
      family: 'עבד אל-לה',
      lines: ['\u200fشارع الملك فهد ١٢٣', 'רחוב הרצל 5, תל אביב'],
      city: 'الرياض',
    },
    {
      id: 'u-emoji',
      name: '👩‍👩‍👧‍👦 Family Shop 🏳️‍🌈',
      given: '👋🏽',
      family: '🧑🏿‍💻',
      lines: ['🇯🇵 1️⃣ Main St ❤️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Unit 2'],
      city: '🏙️',
    },
    {
      id: 'u-combining',
      name: 'Z̴̡̪a̸l̶g̷o̵ Trading',
      given: 'Nguyễn',
      family: 'हिन्दी สวัสดี',
      lines: ['e\u0301 a\u0308 o\u0302\u0323', 'ক্ষ ශ්‍රී'],
      city: 'Kraków',
    },
    {
      id: 'u-astral',
      name: '𠀋𡈽𡌛 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓀀',
      given: '𝐀𝐝𝐚',
      family: '𐐷𐐸',
      lines: ['𝟙𝟚𝟛 Rue 𝒜'],
      city: '𠮷野家',
    },
    {
      id: 'u-format',
      name: 'می‌خواهم Shop',
      given: 'Line\u2028Separator',
      family: 'Para\u2029Separator',
      lines: ['tab\tinside', 'zero\u200bwidth \u2060joiner', '\u202eRTL override'],
      city: 'Niño\u00a0Ville',
    },
    {
      id: 'セラー-𠀋-👩‍👩‍👧',
      name: 'ID in any script',
      given: 'Ada',
      family: 'Lovelace',
      lines: ['1 Main St'],
      city: 'X',
    },
  ] as const

  function declared(p: (typeof PEOPLE)[number]) {
    const address = { lines: [...p.lines], city: p.city, country: 'CN' }
    return {
      business: { name: p.name, country: 'CN', address },
      representative: { givenName: p.given, familyName: p.family },
      addresses: [{ role: 'business', ...address }],
    }
  }

  it('stores names and addresses in every script exactly as sent: CJK, RTL, emoji with ZWJ, combining marks, astral', async (t) => {
    const s = scratch(t)
    const file = s.writeLines(
      'unicode.ndjson',
      PEOPLE.map((p) => account(p.id, { kind: 'business', ...declared(p) })),
    )
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 0, show(r))
    assert.equal((await statsOf(db)).accounts, PEOPLE.length)
    for (const p of PEOPLE) {
      const profile = profileOf(db, p.id)
      assert.ok(profile, `account ${p.id} is stored under its exact id`)
      const want = declared(p)
      assert.deepEqual(profile.business, want.business, p.id)
      assert.deepEqual(profile.representative, want.representative, p.id)
      assert.deepEqual(profile.addresses, want.addresses, p.id)
    }
  })

  it('keeps NFC and NFD spellings of a name distinct and unchanged', async (t) => {
    const s = scratch(t)
    const nfc = 'Ångström Café Zoë Nguyễn Øre'.normalize('NFC')
    const nfd = nfc.normalize('NFD')
    assert.notEqual(nfc, nfd)
    const file = s.writeLines('forms.ndjson', [
      account('nfc', { representative: { givenName: nfc, familyName: nfc } }),
      account('nfd', { representative: { givenName: nfd, familyName: nfd } }),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 0, show(r))
    assert.deepEqual(profileOf(db, 'nfc')?.representative, { givenName: nfc, familyName: nfc })
    assert.deepEqual(profileOf(db, 'nfd')?.representative, { givenName: nfd, familyName: nfd })
  })

  it('reads \\u escapes, surrogate pairs included, as the same text as raw UTF-8', async (t) => {
    const s = scratch(t)
    const name = '👩‍👧 北京 ع 𠀋'
    const raw = JSON.stringify(account('raw', { business: { name, country: 'CN' } }))
    // Every character outside printable ASCII as a \u escape: astral ones as a surrogate pair of escapes.
    const asEscapes = JSON.stringify(account('esc', { business: { name, country: 'CN' } })).replace(
      /[^\x20-\x7e]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    assert.match(asEscapes, /\\ud83d\\udc69/)
    const file = s.writeLines('escapes.ndjson', [raw, asEscapes])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 0, show(r))
    assert.equal(businessName(db, 'raw'), name)
    assert.equal(businessName(db, 'esc'), name)
  })

  it('rejects a lone surrogate escape ("\\ud800"), naming the field, and imports the rest', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('surrogates.ndjson', [
      account('s1', { business: { name: '\ud800x', country: 'US' } }),
      account('s2', { addresses: [{ role: 'return', lines: ['1 Main St', '\udfff'], country: 'US' }] }),
      session('s3', 1, { device: '\ude00\ud83d' }),
      JSON.stringify(account('s4', { representative: { givenName: '\ud83d', familyName: 'X' } })).replace(
        '\\ud83d',
        '\\uD83D',
      ),
      account('s5', { business: { name: 'ok \ud83d\ude00', country: 'US' } }),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 1], 'business.name', /unpaired surrogate/)
    assertRejects(r, [file, 2], 'addresses[0].lines[1]', /unpaired surrogate/)
    assertRejects(r, [file, 3], 'device', /unpaired surrogate/)
    assertRejects(r, [file, 4], 'representative.givenName', /unpaired surrogate/)
    assert.deepEqual(rejectedLineNos(r, file), [1, 2, 3, 4])
    assert.equal((await statsOf(db)).accounts, 1)
    assert.equal(businessName(db, 's5'), 'ok 😀')
  })
})

describe('records out of order', { concurrency: CONCURRENCY }, () => {
  // One account's history, in `at` order; no two state-changing records share a timestamp.
  const history = {
    A: account('o1', { at: '2024-01-01T00:00:00Z', email: 'first@example.com', phone: '+1 202 555 0100' }),
    S1: session('o1', 1, { at: '2024-01-02T00:00:00Z' }),
    U1: { type: 'update', account: 'o1', at: '2024-01-03T00:00:00Z', set: { email: 'second@example.com' } },
    X1: { type: 'status', account: 'o1', at: '2024-01-04T00:00:00Z', status: 'suspended', reason: 'review' },
    U2: {
      type: 'update',
      account: 'o1',
      at: '2024-01-05T00:00:00Z',
      set: { phone: null, bank: { country: 'US', accountNumber: '000123456789', routingNumber: '021000021' } },
    },
    X2: { type: 'status', account: 'o1', at: '2024-01-06T00:00:00Z', status: 'reinstated' },
    X3: { type: 'status', account: 'o1', at: '2024-01-07T00:00:00Z', status: 'deactivated' },
    S2: session('o1', 2, { at: '2024-01-08T00:00:00Z' }),
    // A second account whose profile update precedes its registration in time.
    B0: { type: 'update', account: 'o2', at: '2023-12-01T00:00:00Z', set: { phone: '+44 20 7946 0000' } },
    B: account('o2', { at: '2024-01-01T00:00:00Z', marketplace: 'UK', kind: 'business' }),
    B1: { type: 'update', account: 'o2', at: '2024-02-01T00:00:00Z', set: { email: 'later@example.com' } },
    B2: { type: 'status', account: 'o2', at: '2024-02-02T00:00:00Z', status: 'suspended' },
  } satisfies Record<string, Rec>
  type Key = keyof typeof history
  const ordered: Key[] = ['B0', 'A', 'B', 'S1', 'U1', 'X1', 'U2', 'X2', 'X3', 'S2', 'B1', 'B2']

  async function importInto(s: Scratch, name: string, runs: Key[][], batch?: number): Promise<string> {
    const db = s.path(`${name}.db`)
    for (const [i, keys] of runs.entries()) {
      const file = s.writeLines(
        `${name}-${i}.ndjson`,
        keys.map((k) => history[k]),
      )
      const r = await runCli(['import', file, '--db', db, ...(batch ? ['--batch', String(batch)] : [])])
      assert.equal(r.code, 0, show(r))
    }
    return db
  }

  it('derives the same account state when update and status records come before the account record', async (t) => {
    const s = scratch(t)
    const expected = accountRows(await importInto(s, 'ordered', [ordered]))
    assert.equal(expected.find((a) => a.id === 'o1')?.status, 'deactivated', 'the reference state is as designed')
    const shuffled: Key[] = ['X3', 'B2', 'U2', 'X1', 'B1', 'A', 'S2', 'U1', 'B', 'S1', 'X2', 'B0']
    assert.deepEqual(accountRows(await importInto(s, 'one-batch', [shuffled])), expected)
    assert.deepEqual(accountRows(await importInto(s, 'batch-of-1', [shuffled], 1)), expected)
  })

  it('derives the same account state when a later run brings records older than those already stored', async (t) => {
    const s = scratch(t)
    const expected = accountRows(await importInto(s, 'ordered', [ordered]))
    const runs: Key[][] = [
      ['A', 'B', 'S1', 'X3', 'S2', 'B2'],
      ['X2', 'U1', 'B1'],
      ['X1', 'U2', 'B0'],
    ]
    const db = await importInto(s, 'three-runs', runs)
    assert.deepEqual(accountRows(db), expected)
    assert.deepEqual(storeProblems(db), [])
  })
})

describe('duplicates and idempotency', { concurrency: CONCURRENCY }, () => {
  const records = [
    account('d1'),
    account('d2', { kind: 'business', business: { name: 'Acme', country: 'US' } }),
    session('d1', 1),
    session('d2', 2),
    { type: 'update', account: 'd1', at: '2024-01-03T00:00:00Z', set: { email: 'new@example.com' } },
    { type: 'status', account: 'd2', at: '2024-01-04T00:00:00Z', status: 'suspended' },
    { type: 'listing', account: 'd2', at: '2024-01-05T00:00:00Z', id: 'l1', title: 'Shoes', price: 12.5 },
    { type: 'verification', account: 'd1', at: '2024-01-05T00:00:00Z', kind: 'video', face: [0.1, -0.2, 0.3] },
  ]

  it('adds nothing when the same file is imported twice, and counts every record as a duplicate', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('twice.ndjson', records)
    const db = s.path('store.db')
    const first = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(first.code, 0, show(first))
    assert.equal(parseJson(first).stored, records.length)
    const before = await statsOf(db)
    const rowsBefore = accountRows(db)
    const second = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(second.code, 0, show(second))
    const report = parseJson(second)
    assert.equal(report.stored, 0)
    assert.equal(report.duplicate, records.length)
    assert.equal(report.rejected, 0)
    const byType = report.byType as Record<string, Rec>
    for (const type of ['account', 'session', 'update', 'status', 'listing', 'verification']) {
      const n = records.filter((r) => r.type === type).length
      assert.deepEqual(byType[type], { stored: 0, duplicate: n, rejected: 0 }, type)
    }
    assert.deepEqual(await statsOf(db), before)
    assert.deepEqual(accountRows(db), rowsBefore)
    assert.equal(eventCount(db), records.length)
  })

  it('counts a repeated line within one file as a duplicate and exits 0', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('dups.ndjson', [account('d1'), session('d1', 1), session('d1', 1), account('d1')])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db, '--json'])
    assert.equal(r.code, 0, show(r))
    const report = parseJson(r)
    assert.equal(report.stored, 2)
    assert.equal(report.duplicate, 2)
    assert.equal(r.stderr, '')
    assert.equal(eventCount(db), 2)
  })

  it('rejects a second, different account record for a registered account, naming the account field', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('conflict.ndjson', [
      account('d1', { email: 'original@example.com' }),
      session('d1', 1),
      account('d1', { email: 'impostor@example.com' }),
    ])
    const db = s.path('store.db')
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 3, show(r))
    assertRejects(r, [file, 3], 'account', /already registered/)
    assert.deepEqual(rejectedLineNos(r, file), [3])
    // …and in a later run.
    const later = s.writeLines('later.ndjson', [account('d1', { email: 'later@example.com', kind: 'business' })])
    const r2 = await runCli(['import', later, '--db', db])
    assert.equal(r2.code, 65, show(r2))
    assertRejects(r2, [later, 1], 'account', /already registered/)
    assert.equal(profileOf(db, 'd1')?.email, 'original@example.com')
    assert.equal(eventCount(db), 2)
  })
})

describe('the database file', { concurrency: CONCURRENCY }, () => {
  const input = [account('a1'), session('a1', 1)]

  it('refuses a file of random bytes as the database, names it, exits 65 and leaves it untouched', async (t) => {
    const s = scratch(t)
    const db = s.path('random.db')
    const bytes = pseudoRandomBytes(16 * 1024, 'not a database')
    writeFileSync(db, bytes)
    const file = s.writeLines('in.ndjson', input)
    const r = await runCli(['import', file, '--db', db])
    assert.equal(r.code, 65, show(r))
    assert.ok(r.stderr.includes(db), show(r))
    assert.match(r.stderr, /not a oneseller database/, show(r))
    const st = await runCli(['stats', '--db', db, '--json'])
    assert.equal(st.code, 65, show(st))
    assert.ok(st.stderr.includes(db), show(st))
    assert.deepEqual(readFileSync(db), bytes)
    assert.deepEqual(siblings(s, db), [], 'no journal or WAL file is left beside it')
  })

  it("refuses another application's SQLite database, names it, and leaves it untouched", async (t) => {
    const s = scratch(t)
    const db = s.path('crm.db')
    const other = new Database(db)
    other.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts VALUES (1, 'Alice')")
    other.close()
    const bytes = readFileSync(db)
    const file = s.writeLines('in.ndjson', input)
    const r = await runCli(['import', file, '--db', db])
    assert.ok(r.stderr.includes(db), show(r))
    assert.deepEqual(readFileSync(db), bytes, `${db} was modified\n${show(r)}`)
    assert.equal(r.code, 65, show(r))
    assert.match(r.stderr, /not a oneseller database/, show(r))
  })

  /** A store with two records, made read-only: file 0444 in a 0555 folder. */
  async function readOnlyStore(s: Scratch): Promise<{ db: string; bytes: Buffer }> {
    openToAll(s.dir)
    const folder = s.path('ro')
    mkdirSync(folder)
    const db = `${folder}/store.db`
    const r = await runCli(['import', s.writeLines('first.ndjson', input), '--db', db])
    assert.equal(r.code, 0, show(r))
    chmodSync(db, 0o444)
    chmodSync(folder, 0o555)
    return { db, bytes: readFileSync(db) }
  }

  // Root writes through file modes, so as root the command runs as an unprivileged user, for whom they hold.
  const asUser = IS_ROOT ? { uid: NOBODY } : {}

  it('refuses to import into a read-only database in a read-only folder: names it, exits 73, leaves it untouched', async (t) => {
    const s = scratch(t)
    const { db, bytes } = await readOnlyStore(s)
    const more = s.writeLines('more.ndjson', [account('a2'), session('a2', 2)])
    chmodSync(more, 0o644)
    const r = await runCli(['import', more, '--db', db], asUser)
    assert.equal(r.code, 73, show(r))
    assert.ok(r.stderr.includes(db), show(r))
    assert.match(r.stderr, /cannot be written|read-?only/, show(r))
    assert.doesNotMatch(r.stderr, /internal error/, show(r))
    assert.deepEqual(readFileSync(db), bytes)
  })

  it('refuses a database on a read-only file system: names it, exits 73, leaves it untouched', async (t) => {
    const s = scratch(t)
    const mount = s.mountTmpfs('ro-fs', '8m')
    if ('skip' in mount) return t.skip(mount.skip)
    const db = `${mount.dir}/store.db`
    const first = await runCli(['import', s.writeLines('first.ndjson', input), '--db', db])
    assert.equal(first.code, 0, show(first))
    const bytes = readFileSync(db)
    s.remount(mount.dir, 'ro')
    const r = await runCli(['import', s.writeLines('more.ndjson', [account('a2')]), '--db', db])
    assert.equal(r.code, 73, show(r))
    assert.ok(r.stderr.includes(db), show(r))
    assert.doesNotMatch(r.stderr, /internal error/, show(r))
    assert.deepEqual(readFileSync(db), bytes)
  })
})

describe('a disk that fills', { concurrency: CONCURRENCY }, () => {
  /**
   * Imports a little, then a file bigger than the disk: the command must stop with exit 74 and a message naming the
   * store, keep what was stored consistent and readable, and complete the import once there is space again.
   */
  async function fillTheDisk(
    t: TestContext,
    opts: { lines: number; size: string; batch: number; onWorker: boolean },
  ): Promise<void> {
    const s = scratch(t)
    const mount = s.mountTmpfs('small-disk', opts.size)
    if ('skip' in mount) return t.skip(mount.skip)
    const db = `${mount.dir}/store.db`
    const small = s.writeLines('small.ndjson', [account('keep'), session('keep', 1)])
    // Records of about 1 kB (an unknown field pads them), so that a few thousand fill the disk.
    const pad = 'p'.repeat(900)
    const big = s.writeLines(
      'big.ndjson',
      Array.from({ length: opts.lines }, (_, i) =>
        i % 5 === 0 ? account(`f${i}`, { pad }) : session(`f${i - (i % 5)}`, i, { pad }),
      ),
    )
    // The CLI parses files over 4 MiB on a worker thread: each test takes one path on purpose.
    assert.equal(statSync(big).size > 4 * MIB, opts.onWorker)
    const first = await runCli(['import', small, '--db', db])
    assert.equal(first.code, 0, show(first))
    const keptRows = accountRows(db)

    const full = await runCli(['import', big, '--db', db, '--batch', String(opts.batch)])

    // What was stored stays readable and consistent, whatever the command did.
    const afterFull = await statsOf(db)
    assert.ok((afterFull.accounts as number) >= 1, JSON.stringify(afterFull))
    assert.deepEqual(storeProblems(db), [])
    assert.deepEqual(
      accountRows(db).filter((a) => a.id === 'keep'),
      keptRows,
    )
    // With space again, the same command completes the import: the store then holds every record of both files.
    s.remount(mount.dir, 'size=256m')
    const again = await runCli(['import', big, '--db', db, '--json'])
    assert.equal(again.code, 0, show(again))
    const report = parseJson(again)
    assert.equal((report.stored as number) + (report.duplicate as number), opts.lines)
    assert.deepEqual(storeProblems(db), [])
    assert.equal(eventCount(db), opts.lines + 2)
    const stats = await statsOf(db)
    assert.equal(stats.accounts, opts.lines / 5 + 1)
    assert.deepEqual(recordsByType(stats), {
      account: opts.lines / 5 + 1,
      session: (opts.lines / 5) * 4 + 1,
      update: 0,
      listing: 0,
      verification: 0,
      status: 0,
    })

    // The failed run itself, checked last so that the checks above run in any case: a message naming the store, and
    // exit 74 (not a crash with a stack trace).
    assert.doesNotMatch(full.stderr, /internal error|\n\s+at /, `a message, not a crash\n${show(full)}`)
    assert.match(full.stderr, /full/, show(full))
    assert.ok(full.stderr.includes(db), show(full))
    assert.equal(full.code, 74, show(full))
  }

  it('stops with exit 74 naming the store when the disk fills during a large import, and a re-run completes it', async (t) => {
    // About 6 MB of input, so it is parsed on a worker thread (over 4 MiB); several batches, the disk fills in one.
    await fillTheDisk(t, { lines: 6_000, size: '2m', batch: 1_000, onWorker: true })
  })

  it('stops with exit 74, not a crash, when the disk fills in a batch while more input is still being read', async (t) => {
    // About 3.6 MB of input (under 4 MiB: parsed in process). The first batch of 2,000 records overflows the disk
    // while the rest of the file still has to be read.
    await fillTheDisk(t, { lines: 3_300, size: '1m', batch: 2_000, onWorker: false })
  })
})

describe('--json output and standard input', { concurrency: CONCURRENCY }, () => {
  it('prints exactly one JSON document on stdout for import --json, with rejections only on stderr', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('mixed.ndjson', [account('a1'), { ...session('a1', 1), ip: 7 }, session('a1', 2)])
    const r = await runCli(['import', file, '--db', s.path('store.db'), '--json'])
    assert.equal(r.code, 3, show(r))
    const report = parseJson(r)
    assert.equal(report.stored, 2)
    assert.equal(report.rejected, 1)
    assert.deepEqual(report.sources, [file])
    assert.deepEqual(report.rejections, [
      { source: file, lineNo: 2, field: 'ip', message: 'expected string, got number 7' },
    ])
    assert.deepEqual(r.stderr.trim().split('\n'), [`${file}:2: ip: expected string, got number 7`])
  })

  it('prints exactly one JSON document for stats --json and nothing on stderr', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    await runCli(['import', s.writeLines('in.ndjson', [account('a1'), session('a1', 1)]), '--db', db])
    const r = await runCli(['stats', '--db', db, '--json'])
    assert.equal(r.code, 0, show(r))
    const stats = parseJson(r)
    assert.equal(stats.accounts, 1)
    assert.deepEqual(recordsByType(stats), {
      account: 1,
      session: 1,
      update: 0,
      listing: 0,
      verification: 0,
      status: 0,
    })
    assert.equal(r.stderr, '')
  })

  for (const args of [['-'], []]) {
    it(`reads standard input ${args.length ? 'given "-"' : 'given no file'}, naming it <stdin> in rejections`, async (t) => {
      const s = scratch(t)
      const db = s.path('store.db')
      const text = [account('a1'), { ...session('a1', 1), at: '2024-01-01' }, session('a1', 2)]
        .map((l) => JSON.stringify(l))
        .join('\n')
      const r = await runCli(['import', ...args, '--db', db, '--json'], { stdin: text })
      assert.equal(r.code, 3, show(r))
      assertRejects(r, ['<stdin>', 2], 'at', /RFC 3339/)
      const report = parseJson(r)
      assert.deepEqual(report.sources, ['<stdin>'])
      assert.equal(report.stored, 2)
    })
  }
})

describe('usage errors', { concurrency: CONCURRENCY }, () => {
  it('rejects an unknown option with exit 64, naming it, and creates no database', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const file = s.writeLines('in.ndjson', [account('a1')])
    for (const cmd of [['import', file], ['stats']]) {
      const r = await runCli([...cmd, '--bogus', '--db', db])
      assert.equal(r.code, 64, show(r))
      assert.match(r.stderr, /--bogus/, show(r))
    }
    assert.equal(existsSync(db), false)
  })

  it('rejects --batch abc (and 0) as a usage error, exit 64, naming --batch, and creates no database', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const file = s.writeLines('in.ndjson', [account('a1')])
    for (const value of ['abc', '0']) {
      const r = await runCli(['import', file, '--batch', value, '--db', db])
      assert.match(r.stderr, /--batch/, show(r))
      assert.equal(existsSync(db), false)
      assert.equal(r.code, 64, show(r))
    }
  })
})
