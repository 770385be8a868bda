// The review queue through the command: submissions made through the app (as the server makes them) are listed,
// shown with their checks and decided by `oneseller submission`.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { openApp } from '../../src/compose.ts'
import { loadConfig } from '../../src/config/index.ts'
import { runCli, scratch, show } from './run-cli.ts'

async function seed(db: string): Promise<void> {
  const config = loadConfig({}, { db })
  if (!config.ok) throw new Error('test configuration is invalid')
  const app = await openApp(config.value)
  try {
    const record = JSON.stringify({
      type: 'account',
      account: 'shop-1',
      at: '2024-01-01T00:00:00Z',
      marketplace: 'GB',
      kind: 'individual',
      representative: {
        givenName: 'Ada',
        familyName: 'Lovelace',
        document: { type: 'passport', country: 'GB', number: 'L898902C3' },
      },
    })
    await app.ingestRecords({ name: 'seed', size: record.length, lines: oneLine(record) })
    for (const [i, colour] of ['#336699', '#993366'].entries()) {
      const front = await sharp({ create: { width: 320, height: 200, channels: 3, background: colour } })
        .composite([
          {
            input: Buffer.from('<svg width="90" height="70"><rect width="90" height="70"/></svg>'),
            left: 40 + 80 * i,
            top: 40,
          },
        ])
        .jpeg()
        .toBuffer()
      await app.submitEvidence({
        account: 'shop-1',
        method: 'id_document',
        files: [{ role: 'front', bytes: front, mime: 'image/jpeg' }],
        fields: { documentNumber: i === 0 ? 'L898902C3<6' : 'L898902C3<5' },
        actor: 'seller:shop-1',
      })
    }
  } finally {
    await app.close()
  }
}

async function* oneLine(text: string) {
  yield { lineNo: 1, text, endOffset: text.length }
}

describe('oneseller submission', () => {
  it('lists the review queue, shows the checks and records decisions', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    await seed(db)
    const cli = (...args: string[]) => runCli([...args, '--db', db])

    const listed = await cli('submission', 'list', '--state', 'in_review', '--json')
    assert.equal(listed.code, 0, show(listed))
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { id: number; account: string }[]).map((x) => [x.id, x.account]),
      [
        [1, 'shop-1'],
        [2, 'shop-1'],
      ],
    )
    const shown = await cli('submission', 'show', '2')
    assert.equal(shown.code, 0, show(shown))
    assert.match(shown.stdout, /failed\s+document_number\s+not a valid passport number of GB: .*bad_check_digit/)

    const unticked = await cli('submission', 'decide', '1', '--pass', '--reason', 'ok', '--tick', 'original_document')
    assert.equal(unticked.code, 65, show(unticked))
    assert.match(unticked.stderr, /a pass needs every checklist item ticked/)
    const passed = await cli('submission', 'decide', '1', '--pass', '--reason', 'Original passport.', '--tick', 'all')
    assert.equal(passed.code, 0, show(passed))
    assert.match(passed.stdout, /submission 1: passed/)
    const failed = await cli('submission', 'decide', '2', '--fail', '--final', '--reason', 'Forged.', '--json')
    assert.equal(failed.code, 0, show(failed))
    assert.equal((JSON.parse(failed.stdout) as { submission: { final: boolean } }).submission.final, true)
    assert.equal((await cli('submission', 'list', '--state', 'in_review', '--json')).stdout.trim(), '[]')
    assert.equal((await cli('submission', 'show', '9')).code, 66)
    assert.equal((await cli('submission', 'decide', '1', '--reason', 'x')).code, 64)
  })
})
