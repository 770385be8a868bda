/** Migration 12: review cases (see the SQLite twin). */
export const POSTGRES_MIGRATION_12 = `
  CREATE TABLE cases (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account text COLLATE "C" NOT NULL,
    decision bigint NOT NULL UNIQUE REFERENCES decisions (id),
    priority text NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    reason text NOT NULL,
    state text NOT NULL CHECK (state IN ('open', 'assigned', 'closed')),
    assignee text,
    created_at bigint NOT NULL,
    due_at bigint NOT NULL,
    assigned_at bigint,
    closed_at bigint,
    outcome text CHECK (outcome IN ('no_action', 'action_taken', 'escalated')),
    note text
  );
  CREATE INDEX cases_by_account ON cases (account, id);
  CREATE INDEX cases_queue ON cases (due_at, id) WHERE state <> 'closed';
  INSERT INTO cases (account, decision, priority, reason, state, created_at, due_at)
  SELECT account, id, coalesce(action ->> 'priority', 'normal'), action ->> 'reason', 'open', at,
         at + CASE coalesce(action ->> 'priority', 'normal')
                WHEN 'urgent' THEN 14400000 WHEN 'high' THEN 86400000 WHEN 'normal' THEN 259200000 ELSE 604800000 END
  FROM decisions WHERE mode = 'live' AND action ->> 'type' = 'review' ORDER BY id;
`
