import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { anAccountRecord } from '../../../test/builders/records.ts'
import { postJson, startApiServer } from '../../../test/http/api-server.ts'
import type { SqliteEventStore } from '../../adapters/storage/sqlite/sqlite-event-store.ts'
import type { Action } from '../../core/policy/policy.ts'
import type { Instant } from '../../core/time.ts'

const PASSWORD = 'a long enough password 123'
const SUSPEND: Action = { type: 'suspend', reason: 'linked_to_deactivated', scope: 'account', noticeDays: 0 }
const PDF = new TextEncoder().encode('%PDF-1.7\n% a trade register extract\n')

/** A multipart appeal: the decision and statement parts, then each file with its name and declared type. */
function appealForm(
  parts: { decision?: number; statement?: string },
  files: { name: string; bytes: Uint8Array; type: string }[],
): RequestInit {
  const body = new FormData()
  if (parts.decision !== undefined) body.append('decision', String(parts.decision))
  if (parts.statement !== undefined) body.append('statement', parts.statement)
  for (const f of files) body.append('file', new Blob([f.bytes], { type: f.type }), f.name)
  return { method: 'POST', body }
}

describe('appeals with files over HTTP', () => {
  it('a seller appeals with a picture and a PDF; reviewers list and read them; wrong files are refused clearly', async (t) => {
    const api = await startApiServer(t)
    for (const account of ['s1', 's2']) {
      assert.equal((await api.fetch('/v1/records', postJson(anAccountRecord({ account })))).status, 200)
    }
    const policies = (api.app.events as SqliteEventStore).policyStore()
    await policies.recordDecisions([
      {
        key: 'k1',
        account: 's1',
        policy: 'second-review',
        policyVersion: 1,
        rule: 'r',
        trigger: 'sweep',
        action: SUSPEND,
        evidence: { features: {}, links: [] },
        mode: 'live',
        sweep: null,
        actor: 'lead:alice',
        at: (Date.now() - 60_000) as Instant,
      },
    ])
    const decision = (await policies.decisionsOf('s1'))[0]!.id
    const { secret } = await api.app.createApiKey({ name: 'portal issuer', scopes: 'portal:issue' })
    const tokenOf = async (account: string) =>
      ((await (await api.fetch('/v1/portal-tokens', postJson({ account }), secret)).json()) as { token: string }).token
    const s1 = await tokenOf('s1')
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer(),
    )
    const post = (init: RequestInit, token = s1, account = 's1') =>
      api.fetch(`/v1/accounts/${account}/appeals/upload`, init, token)

    const text = await post(
      appealForm({ decision, statement: 'Ours.' }, [
        { name: 'notes.txt', bytes: new TextEncoder().encode('hi'), type: 'text/plain' },
      ]),
    )
    assert.equal(text.status, 415)
    assert.match(((await text.json()) as { error: { message: string } }).error.message, /notes\.txt is not a JPEG/)
    const disguised = await post(
      appealForm({ decision, statement: 'Ours.' }, [
        { name: 'scan.pdf', bytes: new TextEncoder().encode('MZ not a pdf'), type: 'application/pdf' },
      ]),
    )
    assert.equal(disguised.status, 415, 'the bytes decide, not the declared type')
    const many = await post(
      appealForm(
        { decision, statement: 'Ours.' },
        Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.pdf`, bytes: PDF, type: 'application/pdf' })),
      ),
    )
    assert.equal(many.status, 413)
    const huge = await post(
      appealForm({ decision, statement: 'Ours.' }, [
        { name: 'big.pdf', bytes: new Uint8Array(10_000_001).fill(0x25), type: 'application/pdf' },
      ]),
    )
    assert.equal(huge.status, 413)
    const noStatement = await post(appealForm({ decision }, [{ name: 'a.pdf', bytes: PDF, type: 'application/pdf' }]))
    assert.equal(noStatement.status, 400)
    assert.equal((await post(postJson({ decision, statement: 'x' }))).status, 415, 'multipart only')
    assert.equal(
      (await post(appealForm({ decision, statement: 'x' }, []), s1, 's2')).status,
      403,
      "not another seller's account",
    )
    assert.deepEqual(await api.app.workflows.appealsOf('s1'), [], 'nothing stored of a refused appeal')

    const filed = await post(
      appealForm({ decision, statement: 'Our own shop: see the extract.' }, [
        { name: 'extract.pdf', bytes: PDF, type: 'application/pdf' },
        { name: 'shop.jpg', bytes: jpeg, type: 'image/jpeg' },
      ]),
    )
    assert.equal(filed.status, 201, await filed.clone().text())
    const appeal = (await filed.json()) as {
      id: number
      filedBy: string
      uploads: { id: number; name: string; mime: string }[]
    }
    assert.equal(appeal.filedBy, 'seller:s1')
    assert.deepEqual(
      appeal.uploads.map((u) => [u.name, u.mime]),
      [
        ['extract.pdf', 'application/pdf'],
        ['shop.jpg', 'image/jpeg'],
      ],
    )
    const again = await post(appealForm({ decision, statement: 'Again.' }, []))
    assert.equal(again.status, 409)

    await api.app.createReviewer({ name: 'bo', role: 'reviewer', password: PASSWORD }, 'test')
    const session = (
      (await (await api.fetch('/v1/session', postJson({ name: 'bo', password: PASSWORD }), null)).json()) as {
        token: string
      }
    ).token
    const queue = (await (await api.fetch('/v1/appeals?open=true', {}, session)).json()) as {
      appeals: { id: number; uploads: { id: number; name: string; size: number }[] }[]
    }
    assert.deepEqual(
      queue.appeals.map((a) => [a.id, a.uploads.map((u) => [u.name, u.size])]),
      [
        [
          appeal.id,
          [
            ['extract.pdf', PDF.byteLength],
            ['shop.jpg', jpeg.byteLength],
          ],
        ],
      ],
    )
    const picture = appeal.uploads[1]!
    const read = await api.fetch(`/v1/appeals/${appeal.id}/files/${picture.id}`, {}, session)
    assert.equal(read.status, 200)
    assert.equal(read.headers.get('content-type'), 'image/jpeg')
    assert.deepEqual(new Uint8Array(await read.arrayBuffer()), jpeg)
    assert.equal((await api.fetch(`/v1/appeals/${appeal.id}/files/${picture.id}`, {}, s1)).status, 403)
    assert.equal((await api.fetch(`/v1/appeals/${appeal.id}/files/${picture.id + 9}`, {}, session)).status, 404)
    const own = (await (await api.fetch('/v1/accounts/s1/appeals', {}, s1)).json()) as {
      appeals: { uploads: { name: string }[] }[]
    }
    assert.deepEqual(
      own.appeals.map((a) => a.uploads.map((u) => u.name)),
      [['extract.pdf', 'shop.jpg']],
      'the seller sees what they attached',
    )
  })
})
