import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'

/** Prometheus metrics of one server: its own registry, so that several servers in one process stay apart. */
export class HttpMetrics {
  readonly registry = new Registry()
  private readonly requests: Counter<'method' | 'route' | 'status'>
  private readonly durations: Histogram<'method' | 'route' | 'status'>
  private readonly records: Counter<'outcome'>

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'oneseller_' })
    this.requests = new Counter({
      name: 'oneseller_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    })
    this.durations = new Histogram({
      name: 'oneseller_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    })
    this.records = new Counter({
      name: 'oneseller_records_ingested_total',
      help: 'Interchange records received over HTTP, by outcome: stored, duplicate or rejected',
      labelNames: ['outcome'],
      registers: [this.registry],
    })
    for (const outcome of ['stored', 'duplicate', 'rejected']) this.records.inc({ outcome }, 0)
  }

  /** One answered request; `route` is the pattern (`/v1/accounts/:id`), never the URL, to keep the labels few. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void {
    const l = { method: labels.method, route: labels.route, status: String(labels.status) }
    this.requests.inc(l)
    this.durations.observe(l, seconds)
  }

  countRecords(counts: { readonly stored: number; readonly duplicate: number; readonly rejected: number }): void {
    this.records.inc({ outcome: 'stored' }, counts.stored)
    this.records.inc({ outcome: 'duplicate' }, counts.duplicate)
    this.records.inc({ outcome: 'rejected' }, counts.rejected)
  }

  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() }
  }
}
