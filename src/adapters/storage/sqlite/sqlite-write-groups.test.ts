import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { isOnesellerError } from '../../../core/errors.ts'
import { SqliteWriteGroups } from './sqlite-write-groups.ts'

describe('SqliteWriteGroups', () => {
  let dir = ''
  let file = ''
  let db: Database.Database
  /** A second connection to the file: it sees only what was committed. */
  let other: Database.Database

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-groups-'))
    file = join(dir, 'store.db')
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.exec(`CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0));
             CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`)
    other = new Database(file, { readonly: true })
  })

  afterEach(() => {
    other.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const committedRows = () => (other.prepare('SELECT v FROM t ORDER BY v').pluck().all() as number[]).length
  const insert = (v: number) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v)

  it('commits each write at once while grouping is off', () => {
    const groups = new SqliteWriteGroups(db, file)
    groups.write(insert(1))
    assert.equal(committedRows(), 1)
    assert.equal(db.inTransaction, false)
  })

  it('commits the writes of one turn together, after the turn, and resolves their waiters then', async () => {
    const groups = new SqliteWriteGroups(db, file)
    groups.enable()
    for (let v = 0; v < 5; v++) groups.write(insert(v))
    // Inside the turn: this connection reads its own writes, no other connection sees them.
    assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 5)
    assert.equal(committedRows(), 0)
    await groups.committed()
    assert.equal(committedRows(), 5)
    assert.equal(db.inTransaction, false)
    // Nothing open: a waiter is answered at once.
    await groups.committed()
  })

  it('undoes only the write that failed; the rest of its group commits', async () => {
    const groups = new SqliteWriteGroups(db, file)
    groups.enable()
    groups.write(insert(1))
    assert.throws(() =>
      groups.write(() => {
        insert(2)()
        insert(-1)()
      }),
    )
    groups.write(insert(3))
    await groups.committed()
    assert.deepEqual(other.prepare('SELECT v FROM t ORDER BY v').pluck().all(), [1, 3])
  })

  it('rejects every waiter of a group whose commit fails, and keeps nothing of the group', async () => {
    const groups = new SqliteWriteGroups(db, file)
    groups.enable()
    groups.write(insert(1))
    // A deferred foreign key is checked at COMMIT: the whole group fails there.
    groups.write(() => db.prepare('INSERT INTO child (p) VALUES (42)').run())
    const waiters = [groups.committed(), groups.committed()]
    for (const w of waiters) {
      await assert.rejects(w, (e) => isOnesellerError(e) && /committing failed/.test(e.message))
    }
    assert.equal(db.inTransaction, false)
    assert.equal(committedRows(), 0)
    // The connection works on: the next group commits.
    groups.write(insert(7))
    await groups.committed()
    assert.equal(committedRows(), 1)
  })

  it('commits as it goes when one turn writes on and on, never in the middle of a write', () => {
    // The count limit alone: with the time limit too, a loaded machine closes groups earlier and the count differs.
    const groups = new SqliteWriteGroups(db, file, { writes: 256, ms: Number.POSITIVE_INFINITY })
    groups.enable()
    for (let v = 0; v < 600; v++) {
      groups.write(() => {
        insert(v)()
        // A write that writes through another: one unit, whatever the group's size.
        groups.write(insert(v + 10_000))
      })
    }
    // Still inside the turn, yet most of it is committed already: a group holds at most a few hundred writes.
    const seen = committedRows()
    assert.ok(seen >= 1000 && seen < 1200, `committed so far: ${seen}`)
    assert.equal(seen % 2, 0, 'a write and the write it made commit together')
  })
})
