import { FEATURE_CATALOGUE, type FeatureSpec } from '../features/index.ts'

/** How a catalogue type is written in conditions (CEL). */
const CEL_TYPE_NAMES: Readonly<Record<FeatureSpec['type'], string>> = {
  bool: '`bool`',
  int: '`int`',
  double: '`double`',
  string: '`string`',
  'list(string)': '`list<string>`',
}

/**
 * The feature catalogue as the Markdown table `docs/policies.md` carries (a test keeps the two identical): one row
 * per feature, with its name, its type as conditions see it, and its meaning.
 */
export function renderFeatureTable(catalogue: readonly FeatureSpec[] = FEATURE_CATALOGUE): string {
  const rows = catalogue.map(
    (spec) => `| \`${spec.name}\` | ${CEL_TYPE_NAMES[spec.type]} | ${spec.description.replaceAll('|', '\\|')} |`,
  )
  return ['| feature | type | meaning |', '| --- | --- | --- |', ...rows].join('\n')
}
