/**
 * Migration 8: the job queue. Jobs wait `queued` until `run_after`, are claimed (`running`, with a lease until
 * `lease_until`), and end `done` with a result or `failed` with the last error. A worker that dies leaves its job
 * `running` with a lease that lapses, and the next claim takes it again.
 */
export const SQLITE_MIGRATION_8 = `
  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    -- What makes an enqueue the same one again (an Idempotency-Key); NULL for none, and NULLs never conflict.
    key TEXT UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_after INTEGER NOT NULL,
    claimed_by TEXT,
    lease_until INTEGER,
    -- JSON: {"done":n,"total":n|null,"phase"?:text}; result is the handler's answer as JSON.
    progress TEXT,
    result TEXT,
    error TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- What a claim reads: queued jobs that are due, and running ones (few) whose lease may have lapsed, in run_after order.
  CREATE INDEX jobs_to_claim ON jobs (state, run_after);
  CREATE INDEX jobs_by_kind ON jobs (kind, id);
`
