/**
 * Migration 8: the job queue (see the SQLite twin). Payload, progress and result are json (the text as written).
 * Claims lock the rows they take with FOR UPDATE SKIP LOCKED, so concurrent claimers never take the same job.
 */
export const POSTGRES_MIGRATION_8 = `
  CREATE TABLE jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text COLLATE "C" NOT NULL,
    -- What makes an enqueue the same one again (an Idempotency-Key); NULL for none, and NULLs never conflict.
    key text COLLATE "C" UNIQUE,
    payload json NOT NULL,
    state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    run_after bigint NOT NULL,
    claimed_by text,
    lease_until bigint,
    progress json,
    result json,
    error text,
    created_by text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
  );
  -- What a claim reads: queued jobs that are due, and running ones (few) whose lease may have lapsed, in run_after order.
  CREATE INDEX jobs_to_claim ON jobs (state, run_after, id);
  CREATE INDEX jobs_by_kind ON jobs (kind, id);
`
