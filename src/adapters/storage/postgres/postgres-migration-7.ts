/**
 * Migration 7: verification workflows (see the SQLite twin for the reasons). PostgreSQL changes the state CHECK in
 * place and adds the lifecycle columns, filled from the decision that made each requirement.
 */
export const POSTGRES_MIGRATION_7 = `
  ALTER TABLE requirements DROP CONSTRAINT requirements_state_check;
  ALTER TABLE requirements ADD CONSTRAINT requirements_state_check CHECK (
    state IN ('requested', 'reminded', 'submitted', 'in_review', 'passed', 'failed', 'expired', 'withdrawn')
  );
  ALTER TABLE requirements
    ADD COLUMN on_expiry text NOT NULL DEFAULT 'suspend' CHECK (on_expiry IN ('hold_payouts', 'suspend', 'deactivate')),
    ADD COLUMN reinstate_on_late_pass boolean NOT NULL DEFAULT false,
    ADD COLUMN progress json NOT NULL DEFAULT '{}',
    ADD COLUMN reminders_sent integer NOT NULL DEFAULT 0,
    ADD COLUMN next_reminder_at bigint,
    ADD COLUMN resolved_at bigint;
  UPDATE requirements r SET
    on_expiry = coalesce(d.action ->> 'onExpiry', 'suspend'),
    reinstate_on_late_pass = coalesce((d.action ->> 'reinstateOnLatePass')::boolean, false),
    next_reminder_at = CASE WHEN r.state NOT IN ('requested', 'reminded') THEN NULL
                            WHEN r.deadline - 259200000 > r.created_at THEN r.deadline - 259200000
                            WHEN r.deadline - 86400000 > r.created_at THEN r.deadline - 86400000 END,
    resolved_at = CASE WHEN r.state IN ('passed', 'failed', 'expired') THEN r.updated_at END
  FROM decisions d WHERE d.id = r.decision;
  ALTER TABLE requirements ALTER COLUMN on_expiry DROP DEFAULT, ALTER COLUMN reinstate_on_late_pass DROP DEFAULT;
  CREATE INDEX requirements_by_reminder ON requirements (next_reminder_at) WHERE next_reminder_at IS NOT NULL;

  CREATE TABLE restrictions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account text COLLATE "C" NOT NULL,
    kind text NOT NULL CHECK (kind IN ('hold_payouts', 'suspend', 'deactivate')),
    decision bigint REFERENCES decisions (id),
    requirement bigint REFERENCES requirements (id),
    reason text NOT NULL,
    created_at bigint NOT NULL,
    effective_at bigint NOT NULL,
    in_force_at bigint,
    lifted_at bigint,
    lifted_by text,
    lift_reason text
  );
  CREATE INDEX restrictions_by_account ON restrictions (account);
  CREATE INDEX restrictions_by_requirement ON restrictions (requirement) WHERE requirement IS NOT NULL;
  CREATE INDEX restrictions_pending ON restrictions (effective_at) WHERE in_force_at IS NULL AND lifted_at IS NULL;

  CREATE TABLE notices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text COLLATE "C" NOT NULL UNIQUE,
    account text COLLATE "C" NOT NULL,
    kind text NOT NULL,
    locale text NOT NULL,
    recipient text,
    subject text NOT NULL,
    text text NOT NULL,
    html text NOT NULL,
    created_at bigint NOT NULL,
    sent_at bigint,
    channel text,
    attempts integer NOT NULL DEFAULT 0,
    last_error text
  );
  CREATE INDEX notices_by_account ON notices (account, id);
  CREATE INDEX notices_unsent ON notices (id) WHERE sent_at IS NULL;

  CREATE TABLE cursors (
    name text COLLATE "C" PRIMARY KEY,
    position bigint NOT NULL
  );
  CREATE TABLE webhook_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event text COLLATE "C" NOT NULL,
    url text NOT NULL,
    at bigint NOT NULL,
    status integer,
    error text,
    duration_ms integer NOT NULL
  );
  CREATE INDEX webhook_attempts_by_event ON webhook_attempts (event, id);
  CREATE TABLE appeals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account text COLLATE "C" NOT NULL,
    decision bigint NOT NULL REFERENCES decisions (id),
    statement text NOT NULL,
    files json NOT NULL DEFAULT '[]',
    state text NOT NULL CHECK (state IN ('open', 'upheld', 'overturned')),
    filed_by text NOT NULL,
    filed_at bigint NOT NULL,
    decided_by text,
    decided_at bigint,
    reason text
  );
  CREATE INDEX appeals_by_account ON appeals (account, id);
  CREATE INDEX appeals_open ON appeals (filed_at) WHERE state = 'open';
  CREATE UNIQUE INDEX appeals_one_open ON appeals (decision) WHERE state = 'open';
  CREATE INDEX decisions_by_via ON decisions ((evidence ->> 'via')) WHERE evidence ->> 'via' IS NOT NULL;
  CREATE TABLE postcards (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requirement bigint NOT NULL REFERENCES requirements (id),
    account text COLLATE "C" NOT NULL,
    batch text COLLATE "C" NOT NULL,
    code_hash text NOT NULL,
    state text NOT NULL CHECK (state IN ('issued', 'printed', 'used', 'void')),
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    printed_at bigint,
    used_at bigint,
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL
  );
  CREATE INDEX postcards_by_account ON postcards (account, id);
  CREATE INDEX postcards_by_requirement ON postcards (requirement);
  CREATE INDEX postcards_by_batch ON postcards (batch);
`
