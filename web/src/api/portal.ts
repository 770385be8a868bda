// What the seller portal calls, with the portal token the marketplace issued (`osp_…`) as a bearer token.
import { call, seg } from './http.ts'
import type {
  Account,
  Appeal,
  CodeEntry,
  Decision,
  Me,
  Notice,
  NoticeSummary,
  Requirement,
  Restriction,
} from './types.ts'

export interface Submission {
  readonly id: number
  readonly method: string
  readonly state: string
  readonly createdAt: string
  readonly reason: string | null
}

export function portalApi(token: string) {
  const get = <T>(path: string) => call<T>(path, { bearer: token })
  return {
    me: () => get<Me>('/v1/me'),
    account: (id: string) => get<Account>(`/v1/accounts/${seg(id)}?limit=1`),
    decisions: (id: string) => get<{ decisions: Decision[] }>(`/v1/accounts/${seg(id)}/decisions`),
    requirements: (id: string) => get<{ requirements: Requirement[] }>(`/v1/accounts/${seg(id)}/requirements`),
    restrictions: (id: string) => get<{ restrictions: Restriction[] }>(`/v1/accounts/${seg(id)}/restrictions`),
    notices: (id: string) => get<{ notices: NoticeSummary[] }>(`/v1/accounts/${seg(id)}/notices`),
    notice: (id: string, n: number) => get<Notice>(`/v1/accounts/${seg(id)}/notices/${seg(n)}`),
    appeals: (id: string) => get<{ appeals: Appeal[] }>(`/v1/accounts/${seg(id)}/appeals`),
    submissions: (id: string) => get<{ submissions: Submission[] }>(`/v1/accounts/${seg(id)}/submissions`),
    enterCode: (id: string, code: string) =>
      call<CodeEntry>(`/v1/accounts/${seg(id)}/postcard-code`, { bearer: token, json: { code } }),
    appeal: (id: string, decision: number, statement: string) =>
      call<Appeal>(`/v1/accounts/${seg(id)}/appeals`, { bearer: token, json: { decision, statement } }),
    /** An appeal with files attached, as multipart/form-data. */
    appealWithFiles: (id: string, decision: number, statement: string, files: readonly File[]) => {
      const form = new FormData()
      form.append('decision', String(decision))
      form.append('statement', statement)
      for (const f of files) form.append('file', f, f.name)
      return call<Appeal>(`/v1/accounts/${seg(id)}/appeals/upload`, { bearer: token, form })
    },
    submit: (id: string, method: string, form: FormData) =>
      call<Submission>(`/v1/accounts/${seg(id)}/submissions/${seg(method)}`, { bearer: token, form }),
  }
}

export type PortalApi = ReturnType<typeof portalApi>
