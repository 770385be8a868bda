import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { businessNameTokens } from './business-name.ts'
import { CJK_LEGAL_FORMS } from './legal-forms.ts'
import { nameTokens } from './name-tokens.ts'
import { normalisePersonName } from './person-name.ts'

/** CJK legal forms stripped as first written: whole passes over the table until one changes nothing. */
function referenceStripCjkForms(name: string): string {
  let out = name
  for (let changed = true; changed; ) {
    changed = false
    for (const form of CJK_LEGAL_FORMS) {
      if (out.length > form.length && out.endsWith(form)) {
        out = out.slice(0, -form.length)
        changed = true
      } else if (out.length > form.length && out.startsWith(form) && form.endsWith('会社')) {
        out = out.slice(form.length)
        changed = true
      }
    }
  }
  return out
}

describe('name fast paths', () => {
  it('business names lose the same CJK legal forms as whole passes over the table', () => {
    // Forms that folding leaves alone (㈱ becomes (株), and brackets are noise), so the name reaches the strip as is.
    const pieces = [
      ...CJK_LEGAL_FORMS.filter((f) => /^[\u4e00-\u9fff]+$/.test(f)),
      '华强',
      '山田',
      '商',
      '司',
      '会社',
      '株',
      '社',
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }), (parts) => {
        const name = parts.join('')
        assert.deepEqual(businessNameTokens(name), [referenceStripCjkForms(name)])
      }),
      { numRuns: 5000 },
    )
  })

  it('person name keys sort words as Array.prototype.sort does', () => {
    const word = fc.constantFrom('li', 'wang', 'xiao', 'ming', 'anna', 'lena', 'o', 'zoe', 'ángel', 'b', 'ab', 'a')
    fc.assert(
      fc.property(fc.array(word, { maxLength: 5 }), fc.array(word, { maxLength: 3 }), (given, family) => {
        const tokens = nameTokens(`${given.join(' ')} ${family.join(' ')}`)
        const key = normalisePersonName(given.join(' '), family.join(' ')).key
        assert.equal(key, [...tokens].sort().join(' '))
      }),
      { numRuns: 3000 },
    )
  })
})
