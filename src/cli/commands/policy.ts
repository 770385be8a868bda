import { Argument } from 'commander'
import { compilePolicy, formatTime } from '../../app/index.ts'
import { readPolicyFile } from '../../compose.ts'
import type { StoredPolicy } from '../../ports/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

const toPolicyJson = (p: StoredPolicy, withSource = false) => ({
  name: p.name,
  version: p.version,
  mode: p.mode,
  loadedBy: p.loadedBy,
  loadedAt: formatTime(p.loadedAt),
  ...(withSource ? { source: p.source } : {}),
})

/** `NAME` or `NAME@VERSION`. */
function parseRef(ref: string): { name: string; version?: number } {
  const m = /^(.+)@(\d+)$/.exec(ref)
  if (m === null) return { name: ref }
  return { name: m[1] as string, version: Number(m[2]) }
}

export const policyCommand = defineCommand<{ db?: string; json?: boolean; shadow?: boolean }>({
  name: 'policy',
  configure: (cmd) =>
    cmd
      .description(
        'Policies (YAML, see docs/policies.md): "check FILE" compiles one and lists every error with its line, "load FILE" stores it as the next version of its name (live, or --shadow to run beside the live one and only record what it would do), "list" shows every stored version, "show NAME[@VERSION]" prints one',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['check', 'load', 'list', 'show']))
      .argument('[target]', 'check/load: the policy file; show: NAME or NAME@VERSION')
      .option('--shadow', 'load: store the version in shadow mode')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, target] = args
    if (action !== 'list' && target === undefined)
      throw new UsageError(`policy ${action}: give ${action === 'show' ? 'NAME[@VERSION]' : 'the policy file'}`)
    if (action === 'check') {
      const { source, file } = readPolicyFile(target as string)
      const policy = compilePolicy(source, file)
      out.result(
        { name: policy.name, rules: policy.rules.map((r) => ({ id: r.id, on: r.on, action: r.action.type })) },
        (p) =>
          [
            `${file}: policy ${p.name} compiles: ${p.rules.length} rules`,
            ...p.rules.map((r) => `  ${r.id}: on ${r.on.join(', ')} → ${r.action}`),
          ].join('\n'),
      )
      return EXIT.OK
    }
    const app = await openAppFor(io.env, options.db)
    try {
      switch (action) {
        case 'load': {
          const loaded = await app.loadPolicy({
            ...readPolicyFile(target as string),
            mode: options.shadow ? 'shadow' : 'live',
            actor: `cli:${io.env.USER ?? io.env.LOGNAME ?? 'unknown'}`,
          })
          out.result({ ...toPolicyJson(loaded.stored), changed: loaded.changed, rules: loaded.rules }, (p) =>
            p.changed
              ? `stored policy ${p.name} version ${p.version} (${p.mode}, ${p.rules} rules)`
              : `policy ${p.name} version ${p.version} already has this text (${p.mode}): nothing stored`,
          )
          return EXIT.OK
        }
        case 'list': {
          const all = (await app.listPolicies()).map((p) => toPolicyJson(p))
          out.result(all, (ps) =>
            ps.length === 0
              ? 'no policies stored yet: oneseller policy load policies/second-review.yaml'
              : renderTable(
                  ['name', 'version', 'mode', 'loaded by', 'loaded at'],
                  ps.map((p) => [p.name, p.version, p.mode, p.loadedBy, p.loadedAt]),
                ),
          )
          return EXIT.OK
        }
        default: {
          const ref = parseRef(target as string)
          const p = await app.getPolicy(ref.name, ref.version)
          if (p === undefined) {
            out.info(`no policy ${target} in ${app.storeLabel}`)
            return EXIT.NO_INPUT
          }
          out.result(toPolicyJson(p, true), (j) =>
            [`# ${j.name} version ${j.version} (${j.mode}), loaded by ${j.loadedBy} at ${j.loadedAt}`, j.source].join(
              '\n',
            ),
          )
          return EXIT.OK
        }
      }
    } finally {
      await app.close()
    }
  },
})
