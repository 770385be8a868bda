import { z } from 'zod'

/** What a user may set, from the environment or the command line. */
export const configSchema = z.object({
  database: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sqlite'), file: z.string().min(1) }),
    z.object({ kind: z.literal('postgres'), url: z.string().url() }),
  ]),
})

export type Config = z.output<typeof configSchema>
