// What the reviewer console calls; the browser sends the session cookie `POST /v1/session` set.
import { call, seg } from './http.ts'
import type {
  Account,
  Appeal,
  AppealOutcome,
  AppealPreview,
  CaseOutcome,
  Cluster,
  ClusterMember,
  Decision,
  DueRequirements,
  Explanation,
  Job,
  Link,
  Me,
  NoticeSummary,
  Page,
  PolicyVersion,
  Requirement,
  Restriction,
  ReviewCase,
  ReviewerRole,
  Stats,
  Submission,
  SubmissionDecided,
  TimelineEntry,
} from './types.ts'

export interface SignedIn {
  readonly expiresAt: string
  readonly reviewer: { readonly name: string; readonly role: ReviewerRole }
}

export const consoleApi = {
  signIn: (name: string, password: string) => call<SignedIn>('/v1/session', { json: { name, password } }),
  signOut: () => call<unknown>('/v1/session', { method: 'DELETE' }),
  me: () => call<Me>('/v1/me'),
  stats: () => call<Stats>('/v1/stats'),
  dueRequirements: (withinHours = 72) =>
    call<DueRequirements>(`/v1/requirements/due?withinHours=${withinHours}&limit=50`),
  account: (id: string) => call<Account>(`/v1/accounts/${seg(id)}?limit=50`),
  decisions: (id: string) => call<{ decisions: Decision[] }>(`/v1/accounts/${seg(id)}/decisions`),
  requirements: (id: string) => call<{ requirements: Requirement[] }>(`/v1/accounts/${seg(id)}/requirements`),
  restrictions: (id: string) => call<{ restrictions: Restriction[] }>(`/v1/accounts/${seg(id)}/restrictions`),
  notices: (id: string) => call<{ notices: NoticeSummary[] }>(`/v1/accounts/${seg(id)}/notices`),
  appealsOf: (id: string) => call<{ appeals: Appeal[] }>(`/v1/accounts/${seg(id)}/appeals`),
  cluster: (id: string) => call<Cluster>(`/v1/accounts/${seg(id)}/cluster?limit=1`),
  clusterMembers: (id: string, limit: number) =>
    call<{ members: ClusterMember[]; page: Page }>(`/v1/accounts/${seg(id)}/cluster/members?limit=${limit}`),
  clusterLinks: (id: string, limit: number) =>
    call<{ links: Link[]; page: Page }>(`/v1/accounts/${seg(id)}/cluster/links?limit=${limit}`),
  explain: (a: string, b: string) => call<Explanation>(`/v1/links/${seg(a)}/${seg(b)}/explain`),
  openAppeals: (after?: number) =>
    call<{ appeals: Appeal[]; next: number | null }>(
      `/v1/appeals?open=true&limit=100${after === undefined ? '' : `&after=${after}`}`,
    ),
  decideAppeal: (id: number, body: { outcome: 'upheld' | 'overturned'; reason: string; cluster: boolean }) =>
    call<AppealOutcome>(`/v1/appeals/${seg(id)}/decision`, { json: body }),
  /** The review queue (cases not closed), by id; `next` when there are more. */
  cases: () => call<{ cases: ReviewCase[]; next: number | null }>('/v1/cases?limit=1000'),
  case: (id: number) => call<{ case: ReviewCase; decision: Decision | null }>(`/v1/cases/${seg(id)}`),
  assignCase: (id: number) => call<ReviewCase>(`/v1/cases/${seg(id)}/assign`, { method: 'POST' }),
  closeCase: (id: number, outcome: CaseOutcome, note: string) =>
    call<ReviewCase>(`/v1/cases/${seg(id)}/close`, { json: { outcome, note } }),
  /** Where the browser reads a file attached to an appeal, with the session cookie. */
  appealFileUrl: (appeal: number, file: number) => `/v1/appeals/${seg(appeal)}/files/${seg(file)}`,
  appealReach: (id: number) => call<AppealPreview>(`/v1/appeals/${seg(id)}/reach`),
  timeline: (id: string, limit = 200) =>
    call<{ entries: TimelineEntry[]; more: boolean }>(`/v1/accounts/${seg(id)}/timeline?limit=${limit}`),
  /** The verification review queue: submissions in review, by id; `next` when there are more. */
  submissionsInReview: () =>
    call<{ submissions: Submission[]; next: number | null }>('/v1/submissions?state=in_review&limit=200'),
  submission: (id: number) => call<Submission>(`/v1/submissions/${seg(id)}`),
  submissionsOf: (account: string) => call<{ submissions: Submission[] }>(`/v1/accounts/${seg(account)}/submissions`),
  /** Where the browser reads a submitted file (an image or the video) with the session cookie. */
  submissionFileUrl: (submission: number, file: number) => `/v1/submissions/${seg(submission)}/files/${seg(file)}`,
  reviewChecklists: () => call<{ checklists: Record<string, string[]> }>('/v1/review-checklists'),
  decideSubmission: (
    id: number,
    body: { outcome: 'passed' | 'failed'; reason: string; checklist: Record<string, boolean>; final: boolean },
  ) => call<SubmissionDecided>(`/v1/submissions/${seg(id)}/decision`, { json: body }),
  policies: () => call<{ policies: PolicyVersion[] }>('/v1/policies?limit=200'),
  policy: (name: string, version: number) =>
    call<PolicyVersion & { source: string }>(`/v1/policies/${seg(name)}?version=${version}`),
  startSweep: (body: { policy: string; version: number; apply: boolean; sample: number }, idempotencyKey: string) =>
    call<{ job: Job }>('/v1/sweeps', { json: body, headers: { 'idempotency-key': idempotencyKey } }),
  job: (id: number) => call<Job>(`/v1/jobs/${seg(id)}`),
  /** The latest jobs: the list is oldest first, so the last page is read (at most a few pages). */
  latestJobs: async (count: number): Promise<Job[]> => {
    let cursor: string | null = null
    let jobs: Job[] = []
    for (let pages = 0; pages < 20; pages++) {
      const q: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
      const r: { jobs: Job[]; page: Page } = await call(`/v1/jobs?kind=sweep&limit=1000${q}`)
      jobs = [...jobs, ...r.jobs].slice(-count)
      cursor = r.page.nextCursor
      if (cursor === null) break
    }
    return jobs.reverse()
  },
}
