// `npm run bench`: every benchmark, each printed as a markdown table (medians of several runs, min and max beside).
// Optional argument: the names of the benchmarks to run (generate, identifiers, import, link, live-link, sweep, http).
import { cpus, totalmem } from 'node:os'
import { benchGenerate } from './generate.bench.ts'
import type { BenchTable } from './harness.ts'
import { renderMarkdown } from './harness.ts'
import { benchHttp, parseHttpBenchArgs } from './http.bench.ts'
import { benchIdentifiers } from './identifiers.bench.ts'
import { benchImport } from './import.bench.ts'
import { benchLink } from './link.bench.ts'
import { benchLiveLink } from './live-link.bench.ts'
import { benchSweep } from './sweep.bench.ts'

const BENCHES: Record<string, () => Promise<BenchTable>> = {
  generate: () => benchGenerate(),
  identifiers: () => benchIdentifiers(),
  import: () => benchImport(),
  link: () => benchLink(),
  'live-link': () => benchLiveLink(),
  sweep: () => benchSweep(),
  // PostgreSQL runs when DATABASE_URL names a server.
  http: () => benchHttp(parseHttpBenchArgs([], process.env)),
}

const wanted = process.argv.slice(2)
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES)
console.log(
  `# oneseller benchmarks\n\nnode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB\n`,
)
for (const name of names) {
  const bench = BENCHES[name]
  if (!bench) throw new Error(`unknown benchmark ${name}: choose from ${Object.keys(BENCHES).join(', ')}`)
  console.log(renderMarkdown(await bench()))
}
