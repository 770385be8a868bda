import { z } from 'zod'

/** What a user may set, from the environment or the command line. */
export const configSchema = z.object({
  database: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sqlite'), file: z.string().min(1) }),
    z.object({ kind: z.literal('postgres'), url: z.string().url() }),
  ]),
  /** How notices reach sellers, and what they say about redress; defaults when absent (see `loadConfig`). */
  notices: z
    .object({
      /** Folder where notices are written as .eml files when no SMTP server is set. */
      outbox: z.string().min(1),
      smtpUrl: z
        .string()
        .regex(/^smtps?:\/\/\S+$/, 'an SMTP URL: smtp://host:port or smtps://user:password@host')
        .optional(),
      from: z.string().min(3),
      portalUrl: z.string().url().optional(),
      appealWithinDays: z.number().int().min(1).max(365),
      contact: z.string().min(1).optional(),
      outOfCourtBody: z.string().min(1).optional(),
    })
    .optional(),
  /** Postcard codes: the key of their HMAC, and the font for Chinese cards. */
  postcards: z
    .object({
      secret: z.string().min(16, 'at least 16 random characters').optional(),
      cjkFont: z.string().min(1).optional(),
    })
    .optional(),
  /** Where changes of account standing are posted, signed with the secret; absent: no webhooks. */
  webhooks: z
    .object({
      url: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL'),
      secret: z.string().min(16, 'at least 16 characters (e.g. 32 random bytes as hex)'),
    })
    .optional(),
})

export type Config = z.output<typeof configSchema>
