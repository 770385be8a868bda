import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { NODE_FLAGS } from './node-flags.ts'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

test('the command starts Node with NODE_FLAGS, whether run from its shebang or by npm start', () => {
  const shebang = read('../../bin/oneseller.js').split('\n')[0]
  assert.equal(shebang, `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`)
  const scripts = JSON.parse(read('../../package.json')).scripts as Record<string, string>
  assert.equal(scripts.start, `node ${NODE_FLAGS.join(' ')} bin/oneseller.js demo`)
})
