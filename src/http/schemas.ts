import { z } from 'zod'
import { RECORD_TYPES } from '../core/interchange/index.ts'
import { REQUIREMENT_STATES } from '../core/verification/requirement-lifecycle.ts'

/** Schemas of what the API answers; the OpenAPI document is generated from them. Wire names are camelCase, as in the interchange format. */

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('a stable code: invalid_input, not_found, unauthorized, forbidden, …'),
      message: z.string().describe('what failed and what to do'),
      issues: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .describe('one entry per invalid field'),
    }),
  })
  .meta({ id: 'Error' })

/** Lists in answers are readonly: the app's values are, and nothing here changes them. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly()

/** The error responses a route may give, by status. */
export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema])) as { [K in S[number]]: typeof errorSchema }
}

export const pageSchema = z
  .object({
    limit: z.number().int(),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'Page' })

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('items per page, 1 to 1000'),
  cursor: z.string().max(512).optional().describe('the `nextCursor` of the previous page'),
})

const identifierSchema = z
  .object({
    kind: z.string(),
    key: z.string().describe('the normalised linking key'),
    valid: z.boolean(),
    problems: list(z.object({ code: z.string(), message: z.string() })),
    flags: list(z.string()),
  })
  .meta({ id: 'Identifier' })

export const accountSchema = z
  .object({
    id: z.string(),
    registered: z.boolean(),
    marketplace: z.string().nullable(),
    kind: z.string().nullable(),
    channelType: z.string().nullable(),
    channelRef: z.string().nullable(),
    status: z.string(),
    registeredAt: z.string().nullable(),
    firstEventAt: z.string(),
    lastEventAt: z.string(),
    eventCounts: z.record(z.string(), z.number()),
    verifications: z
      .record(
        z.string(),
        z.object({
          outcome: z.enum(['passed', 'failed', 'pending']).describe('of the latest submission; pending: none yet'),
          at: z.string().describe('when the latest submission was made'),
          passedAt: z.string().nullable().describe('when the method last passed; null when it never did'),
        }),
      )
      .describe('per verification method ever submitted'),
    declarations: z.record(z.string(), z.unknown()).describe('the current declarations, as sent (after updates)'),
    identifiers: list(identifierSchema),
    history: list(
      z.object({
        at: z.string(),
        type: z.string(),
        fields: list(z.string()),
        status: z.string().optional(),
        added: list(identifierSchema),
        removed: list(identifierSchema),
      }),
    ).describe('registrations, updates and status changes in time order: one page of them'),
    page: pageSchema.describe('the page of `history`'),
  })
  .meta({ id: 'Account' })

const evidenceSchema = z
  .object({
    kind: z.string(),
    class: z.enum(['personal', 'circumstantial', 'content']),
    value: z.string().describe('the shared value as normalised'),
    sharedBy: z.number().int().describe('how many accounts hold it'),
    weight: z.number().describe('bits it adds to the score'),
    reason: z.string(),
    items: z.number().int().optional(),
    daysApart: z
      .number()
      .int()
      .optional()
      .describe(
        'for an IP, network, device or phone: how many days apart the two accounts used it (0: at the same time)',
      ),
  })
  .meta({ id: 'Evidence' })

export const linkSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    score: z.number(),
    evidence: list(evidenceSchema),
    live: z
      .literal(true)
      .optional()
      .describe('found in real time, since the latest linkage run, when a record about a or b was stored'),
  })
  .meta({ id: 'Link' })

export const clusterSchema = z
  .object({
    cluster: z.string(),
    size: z.number().int(),
    weightsVersion: z.number().int(),
    members: list(z.string()).describe('one page of the members, by id'),
    linkCount: z.number().int(),
    strongestLinks: list(linkSchema).describe('the strongest links inside the cluster, with their evidence'),
    page: pageSchema.describe('the page of `members`'),
  })
  .meta({ id: 'Cluster' })

export const clusterLinksSchema = z
  .object({
    cluster: z.string(),
    weightsVersion: z.number().int(),
    links: list(linkSchema).describe('one page of the links, strongest first'),
    page: pageSchema,
  })
  .meta({ id: 'ClusterLinks' })

export const explanationSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    cluster: z.string().describe("a's cluster"),
    linked: z.boolean(),
    path: list(linkSchema).describe('the links from a to b; empty when they are not linked'),
    weightsVersion: z.number().int(),
  })
  .meta({ id: 'LinkExplanation' })

export const statsSchema = z
  .object({
    accounts: z.number().int(),
    unregistered: z.number().int().describe('accounts with records but no account record yet'),
    byStatus: z.record(z.string(), z.number()),
    byMarketplace: z.record(z.string(), z.number()),
    byKind: z.record(z.string(), z.number()),
    byChannel: z.record(z.string(), z.number()),
    recordsByType: z.record(z.string(), z.number()),
    firstEventAt: z.string().nullable(),
    lastEventAt: z.string().nullable(),
  })
  .meta({ id: 'Stats' })

/** The envelope every interchange record has; the full rules are the interchange format's (docs/interchange.md). */
const recordEnvelope = z
  .looseObject({
    type: z.enum(RECORD_TYPES as [string, ...string[]]),
    account: z.string().describe("the marketplace's account id"),
    at: z.string().describe('RFC 3339 timestamp with a time zone'),
  })
  .describe('an interchange record: the fields of its type as docs/interchange.md lists them')

/** For the OpenAPI document only: the records route validates with the interchange parser itself. */
export const recordsBodySchema = z.union([recordEnvelope, z.array(recordEnvelope).max(10_000)])

export const recordOutcomeSchema = z
  .object({
    index: z.number().int().describe('position of the record in the batch, from 0'),
    line: z.number().int().optional().describe('line number in an NDJSON body, from 1'),
    status: z.enum(['stored', 'duplicate', 'rejected']),
    type: z.string().describe('record type; "unknown" when it could not be read'),
    account: z.string().optional(),
    seq: z.number().int().optional().describe('position in the log (stored, or stored before for a duplicate)'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('why a rejected record was rejected: the field (path inside the record) and the reason'),
  })
  .meta({ id: 'RecordOutcome' })

export const healthSchema = z.object({ status: z.literal('ok') })

const actionSchema = z
  .looseObject({
    type: z.enum(['approve', 'review', 'require_verification', 'hold_payouts', 'suspend', 'deactivate']),
    reason: z.string().describe('reason code, as the policy names it'),
    scope: z.enum(['account', 'cluster']),
  })
  .describe(
    'the action and its fields: methods, deadlineDays, onExpiry, reinstateOnLatePass (require_verification); priority (review); noticeDays (suspend, deactivate)',
  )
  .meta({ id: 'Action' })

const decisionLinkSchema = z.object({
  other: z.string(),
  score: z.number().describe('bits'),
  shared: z.array(z.string()).describe('the evidence kinds that weighed'),
})

export const decisionSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    policy: z.string(),
    policyVersion: z.number().int(),
    rule: z.string(),
    trigger: z.string(),
    action: actionSchema,
    evidence: z.object({
      features: z.record(z.string(), z.unknown()).describe('the features the condition read, with their values'),
      links: z.array(decisionLinkSchema),
      via: z.string().optional().describe('for a cluster-scoped action: the member the rule hit'),
    }),
    mode: z.enum(['live', 'shadow']).describe('shadow: recorded only, never acted on'),
    sweep: z.string().nullable(),
    actor: z.string(),
    at: z.string(),
  })
  .meta({ id: 'Decision' })

export const requirementSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    decision: z.number().int(),
    methods: z.array(z.string()),
    deadline: z.string(),
    state: z.enum(REQUIREMENT_STATES),
    createdAt: z.string(),
    updatedAt: z.string(),
    onExpiry: z.enum(['hold_payouts', 'suspend', 'deactivate']).describe('what a missed deadline imposes'),
    reinstateOnLatePass: z.boolean(),
    progress: z
      .record(z.string(), z.object({ state: z.enum(['submitted', 'passed', 'failed']), at: z.string() }))
      .describe('per method, the latest submission since the requirement was made'),
    remindersSent: z.number().int(),
    nextReminderAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Requirement' })

export const restrictionSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    kind: z.enum(['hold_payouts', 'suspend', 'deactivate']),
    decision: z.number().int().nullable(),
    requirement: z.number().int().nullable(),
    reason: z.string(),
    createdAt: z.string(),
    effectiveAt: z.string(),
    inForceAt: z.string().nullable(),
    liftedAt: z.string().nullable(),
    liftedBy: z.string().nullable(),
    liftReason: z.string().nullable(),
  })
  .meta({ id: 'Restriction' })

export const noticeSummarySchema = z
  .object({
    id: z.number().int(),
    kind: z.string().describe('verification_requested, verification_reminder, restriction, reinstatement, …'),
    locale: z.string(),
    subject: z.string(),
    recipient: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    channel: z.string().nullable().describe('smtp or outbox once sent'),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'NoticeSummary' })

export const noticeSchema = noticeSummarySchema
  .extend({ account: z.string(), text: z.string(), html: z.string() })
  .meta({ id: 'Notice' })

export const appealSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    decision: z.number().int(),
    statement: z.string(),
    files: z.array(z.string()),
    state: z.enum(['open', 'upheld', 'overturned']),
    filedBy: z.string(),
    filedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable().describe("the reviewer's reason, told to the seller"),
  })
  .meta({ id: 'Appeal' })

export const webhookAttemptSchema = z
  .object({
    event: z.string().describe('evt_<seq>: the event delivered'),
    url: z.string(),
    at: z.string(),
    status: z.number().int().nullable().describe("the receiver's HTTP status; null when none came"),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .meta({ id: 'WebhookAttempt' })

export const accountDecisionSchema = z
  .object({
    account: z.string(),
    trigger: z.string(),
    event: z.string().nullable(),
    action: actionSchema.describe('the outcome: the most severe action of the live policies, approve when none hit'),
    policies: list(
      z.object({
        policy: z.string(),
        version: z.number().int(),
        mode: z.enum(['live', 'shadow']),
        rule: z.string().nullable().describe('the rule whose action was taken; null when none hit'),
        heldBack: z.enum(['exception', 'cap']).nullable(),
        errors: z.array(z.object({ rule: z.string(), message: z.string() })),
      }),
    ),
    decisions: list(decisionSchema).describe('decisions this request recorded'),
    requirements: list(requirementSchema).describe("the account's open verification requirements"),
    links: list(decisionLinkSchema).describe('its strongest links in the latest linkage run'),
  })
  .meta({ id: 'AccountDecision' })

export const ingestResultSchema = z
  .object({
    stored: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
    records: list(recordOutcomeSchema).describe('one outcome per record, in the order of the batch'),
    decisions: list(accountDecisionSchema).describe(
      'what the active policies decided on the triggers the stored records fired (a registration, a profile update, a status, a failed verification)',
    ),
  })
  .meta({ id: 'IngestResult' })

export const registrationResultSchema = accountDecisionSchema
  .extend({ record: recordOutcomeSchema.describe('what became of the account record') })
  .meta({ id: 'RegistrationResult' })
