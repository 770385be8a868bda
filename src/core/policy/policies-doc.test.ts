import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { FEATURE_CATALOGUE } from '../features/index.ts'
import { compileCondition } from './condition.ts'
import { renderFeatureTable } from './feature-table.ts'
import { parsePolicy } from './parse-policy.ts'
import { formatPolicyError } from './policy-error.ts'

const doc = readFileSync(new URL('../../../docs/policies.md', import.meta.url), 'utf8')
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')

describe('docs/policies.md', () => {
  it('lists every feature of the catalogue', () => {
    const missing = FEATURE_CATALOGUE.filter((spec) => !doc.includes(`| \`${spec.name}\` |`)).map((spec) => spec.name)
    assert.deepEqual(missing, [], 'add these features to the table in docs/policies.md')
  })

  it('carries the feature table exactly as renderFeatureTable() makes it', () => {
    assert.ok(
      doc.includes(renderFeatureTable()),
      'the feature table in docs/policies.md is out of date: paste the output of renderFeatureTable() (see the doc)',
    )
  })

  it('shows examples that load', () => {
    const policies = yamlBlocks.filter((block) => block.startsWith('policy:'))
    assert.ok(policies.length >= 1)
    for (const source of policies) {
      const parsed = parsePolicy(source, 'docs/policies.md')
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.map(formatPolicyError).join('\n'))
    }
  })

  it('shows conditions that compile', () => {
    const conditions = yamlBlocks
      .flatMap((block) => block.split('\n'))
      .filter((line) => line.startsWith('when: ') && !line.startsWith('when: |'))
      .map((line) => (parse(line.replace(/\s{2,}#.*$/, '')) as { when: string | boolean }).when)
    assert.ok(conditions.length >= 5)
    for (const when of conditions) {
      const compiled = compileCondition(String(when))
      assert.ok(compiled.ok, `${when}: ${compiled.ok ? '' : compiled.error.map((e) => e.message).join('; ')}`)
    }
  })
})
