// Every call of the app to the API goes through here: JSON in and out, errors as ApiError with the server's message.

/** A refusal or failure of the API, with its status and the `{ error: { code, message } }` it answered. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly retryAfter: string | null

  constructor(status: number, code: string, message: string, retryAfter: string | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.retryAfter = retryAfter
  }
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE'
  /** Sent as JSON. */
  readonly json?: unknown
  /** Sent as multipart/form-data. */
  readonly form?: FormData
  /** Sent as `Authorization: Bearer …`; without it a browser sends the session cookie. */
  readonly bearer?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly signal?: AbortSignal
}

/** Calls the API on this origin and answers the parsed JSON; throws ApiError for any status that is not 2xx. */
export async function call<T>(path: string, opts: CallOptions = {}): Promise<T> {
  const headers = new Headers(opts.headers)
  headers.set('accept', 'application/json')
  if (opts.bearer !== undefined) headers.set('authorization', `Bearer ${opts.bearer}`)
  let body: BodyInit | undefined
  if (opts.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(opts.json)
  } else if (opts.form !== undefined) {
    body = opts.form
  }
  let res: Response
  try {
    res = await fetch(path, {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', 'the server does not answer: check your connection and try again')
  }
  const text = await res.text()
  const parsed = text === '' ? undefined : safeJson(text)
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? `the server answered ${res.status}`,
      res.headers.get('retry-after'),
    )
  }
  return parsed as T
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A path segment: account ids are the marketplace's and may hold any character. */
export const seg = (s: string | number): string => encodeURIComponent(String(s))
