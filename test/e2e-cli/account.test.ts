// End-to-end: `oneseller account` shows declarations, normalised identifiers with problems, and history.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli, scratch, show } from './run-cli.ts'

describe('oneseller account', () => {
  it('shows normalised identifiers with their problems and the history of changes, as JSON', async (t) => {
    const s = scratch(t)
    const file = s.writeLines('in.ndjson', [
      {
        type: 'account',
        account: 'cn-1',
        at: '2024-01-01T00:00:00Z',
        marketplace: 'CN',
        kind: 'individual',
        email: ' Wang.XiaoMing+shop2@GoogleMail.com ',
        phone: '138 0013 8000',
        representative: {
          givenName: 'Xiaoming',
          familyName: 'Wang',
          birthDate: '1990-03-07',
          // a resident id with a wrong check digit
          document: { type: 'national_id', country: 'CN', number: '110105199003071230' },
        },
      },
      { type: 'update', account: 'cn-1', at: '2024-02-01T00:00:00Z', set: { phone: '+86 139 0000 0000' } },
      { type: 'verification', account: 'cn-1', at: '2024-02-02T00:00:00Z', kind: 'id_document', outcome: 'passed' },
      { type: 'verification', account: 'cn-1', at: '2024-02-03T00:00:00Z', kind: 'video' },
    ])
    const db = s.path('store.db')
    assert.equal((await runCli(['import', file, '--db', db])).code, 0)
    const r = await runCli(['account', 'cn-1', '--db', db, '--json'])
    assert.equal(r.code, 0, show(r))
    const doc = JSON.parse(r.stdout) as {
      identifiers: { kind: string; key: string; valid: boolean; problems: { code: string; message: string }[] }[]
      history: { type: string; added: { key: string }[]; removed: { key: string }[] }[]
      verifications: Record<string, unknown>
    }
    assert.deepEqual(doc.verifications, {
      id_document: { outcome: 'passed', at: '2024-02-02T00:00:00Z', passedAt: '2024-02-02T00:00:00Z' },
      video: { outcome: 'pending', at: '2024-02-03T00:00:00Z', passedAt: null },
    })
    const byKind = new Map(doc.identifiers.map((i) => [i.kind, i]))
    assert.equal(byKind.get('email')?.key, 'wangxiaoming@gmail.com')
    assert.equal(byKind.get('phone')?.key, '+8613900000000')
    const id = byKind.get('national_id')
    assert.equal(id?.valid, false)
    assert.ok(id?.problems.some((p) => p.code === 'bad_check_digit' && p.message.length > 0))
    assert.deepEqual(
      doc.history.map((h) => h.type),
      ['account', 'update'],
    )
    assert.deepEqual(
      doc.history[1]?.removed.map((i) => i.key),
      ['+8613800138000'],
    )
  })

  it('says so, naming the id, when the account is unknown', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    await runCli(['import', s.writeLines('in.ndjson', []), '--db', db])
    const r = await runCli(['account', 'nobody', '--db', db])
    assert.equal(r.code, 66)
    assert.match(r.stderr, /no account "nobody"/)
  })
})
