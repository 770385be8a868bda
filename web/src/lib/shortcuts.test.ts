import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GLOBAL_SHORTCUTS, type KeyPress, matchShortcut } from './shortcuts.ts'

const SHORTCUTS = [...GLOBAL_SHORTCUTS, { keys: 'u', label: 'uphold' }, { keys: 'Mod+Enter', label: 'submit' }]
const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...over,
})

describe('matchShortcut', () => {
  it('matches single keys and two-key sequences', () => {
    assert.equal(matchShortcut(SHORTCUTS, press('u'), undefined), 'u')
    assert.equal(matchShortcut(SHORTCUTS, press('g'), undefined), 'pending')
    assert.equal(matchShortcut(SHORTCUTS, press('a'), 'g'), 'g a')
    assert.equal(matchShortcut(SHORTCUTS, press('v'), 'g'), 'g v')
    assert.equal(matchShortcut(SHORTCUTS, press('x'), 'g'), undefined)
    assert.equal(matchShortcut(SHORTCUTS, press('x'), undefined), undefined)
  })

  it('leaves keys typed in a field alone, but not Ctrl+Enter', () => {
    assert.equal(matchShortcut(SHORTCUTS, press('u', { inField: true }), undefined), undefined)
    assert.equal(matchShortcut(SHORTCUTS, press('Enter', { ctrlKey: true, inField: true }), undefined), 'Mod+Enter')
    assert.equal(matchShortcut(SHORTCUTS, press('Enter', { metaKey: true }), undefined), 'Mod+Enter')
    assert.equal(
      matchShortcut(SHORTCUTS, press('u', { ctrlKey: true }), undefined),
      undefined,
      'Ctrl+U is the browser’s',
    )
  })
})
