/**
 * Migration 7: verification workflows. Requirements gain their lifecycle (what a missed deadline imposes, whether a
 * late pass reinstates, per-method progress, reminders) and the state `withdrawn`; SQLite cannot change a CHECK, so
 * the table is rebuilt with its rows, filling the new columns from the decision that made each requirement.
 * Restrictions, the notices outbox and the followers' cursors are new.
 */
export const SQLITE_MIGRATION_7 = `
  CREATE TABLE requirements_v7 (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    decision INTEGER NOT NULL REFERENCES decisions (id),
    methods TEXT NOT NULL CHECK (json_array_length(methods) > 0),
    deadline INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (
      state IN ('requested', 'reminded', 'submitted', 'in_review', 'passed', 'failed', 'expired', 'withdrawn')
    ),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    on_expiry TEXT NOT NULL CHECK (on_expiry IN ('hold_payouts', 'suspend', 'deactivate')),
    reinstate_on_late_pass INTEGER NOT NULL CHECK (reinstate_on_late_pass IN (0, 1)),
    -- Per method, the submission since the requirement was made: {"video":["passed",at]}.
    progress TEXT NOT NULL DEFAULT '{}',
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    next_reminder_at INTEGER,
    resolved_at INTEGER
  );
  INSERT INTO requirements_v7 (id, account, decision, methods, deadline, state, created_at, updated_at, on_expiry,
                               reinstate_on_late_pass, next_reminder_at, resolved_at)
  SELECT r.id, r.account, r.decision, r.methods, r.deadline, r.state, r.created_at, r.updated_at,
         coalesce(json_extract(d.action, '$.onExpiry'), 'suspend'),
         CASE WHEN json_extract(d.action, '$.reinstateOnLatePass') THEN 1 ELSE 0 END,
         -- The first reminder (3, else 1 day before the deadline) still ahead of the requirement's creation.
         CASE WHEN r.state NOT IN ('requested', 'reminded') THEN NULL
              WHEN r.deadline - 259200000 > r.created_at THEN r.deadline - 259200000
              WHEN r.deadline - 86400000 > r.created_at THEN r.deadline - 86400000 END,
         CASE WHEN r.state IN ('passed', 'failed', 'expired') THEN r.updated_at END
  FROM requirements r JOIN decisions d ON d.id = r.decision;
  DROP TABLE requirements;
  ALTER TABLE requirements_v7 RENAME TO requirements;
  CREATE INDEX requirements_by_account ON requirements (account);
  -- The scheduler finds the open requirements whose deadline has passed, and those due a reminder.
  CREATE INDEX requirements_by_deadline ON requirements (state, deadline);
  CREATE INDEX requirements_by_reminder ON requirements (next_reminder_at) WHERE next_reminder_at IS NOT NULL;

  -- Privileges taken away (payouts held, selling suspended, account closed) by a decision or a missed deadline.
  CREATE TABLE restrictions (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hold_payouts', 'suspend', 'deactivate')),
    decision INTEGER REFERENCES decisions (id),
    requirement INTEGER REFERENCES requirements (id),
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    effective_at INTEGER NOT NULL,
    in_force_at INTEGER,
    lifted_at INTEGER,
    lifted_by TEXT,
    lift_reason TEXT
  );
  CREATE INDEX restrictions_by_account ON restrictions (account);
  CREATE INDEX restrictions_by_requirement ON restrictions (requirement) WHERE requirement IS NOT NULL;
  CREATE INDEX restrictions_pending ON restrictions (effective_at) WHERE in_force_at IS NULL AND lifted_at IS NULL;

  -- Notices to sellers, rendered; kept after sending for the portal. key makes creating one idempotent.
  CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL,
    recipient TEXT,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    channel TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  CREATE INDEX notices_by_account ON notices (account, id);
  CREATE INDEX notices_unsent ON notices (id) WHERE sent_at IS NULL;

  -- How far each follower of an ordered stream (event log, audit trail) has got.
  CREATE TABLE cursors (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- Every attempt at delivering a webhook: the delivery log (the queue itself is the jobs table).
  CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    at INTEGER NOT NULL,
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
  );
  CREATE INDEX webhook_attempts_by_event ON webhook_attempts (event, id);
  -- A seller's appeal against a decision, and its outcome.
  CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    decision INTEGER NOT NULL REFERENCES decisions (id),
    statement TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'overturned')),
    filed_by TEXT NOT NULL,
    filed_at INTEGER NOT NULL,
    decided_by TEXT,
    decided_at INTEGER,
    reason TEXT
  );
  CREATE INDEX appeals_by_account ON appeals (account, id);
  CREATE INDEX appeals_open ON appeals (filed_at) WHERE state = 'open';
  -- One open appeal per decision at a time.
  CREATE UNIQUE INDEX appeals_one_open ON appeals (decision) WHERE state = 'open';
  -- The decisions a cluster-scoped action made through one account (evidence.via): what an overturned appeal reconsiders.
  CREATE INDEX decisions_by_via ON decisions (json_extract(evidence, '$.via'))
    WHERE json_extract(evidence, '$.via') IS NOT NULL;
  -- Postcards with a secret code mailed to the declared address; only an HMAC of the code is kept. A card is issued
  -- with its batch, printed when the batch's PDF was written, used once, or void (its batch never got printed).
  CREATE TABLE postcards (
    id INTEGER PRIMARY KEY,
    requirement INTEGER NOT NULL REFERENCES requirements (id),
    account TEXT NOT NULL,
    batch TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('issued', 'printed', 'used', 'void')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    printed_at INTEGER,
    used_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL
  );
  CREATE INDEX postcards_by_account ON postcards (account, id);
  CREATE INDEX postcards_by_requirement ON postcards (requirement);
  CREATE INDEX postcards_by_batch ON postcards (batch);
`
