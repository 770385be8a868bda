/** Migration 12: review cases, made by live `review` decisions (see core/verification/review-case.ts). */
export const SQLITE_MIGRATION_12 = `
  CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    decision INTEGER NOT NULL UNIQUE REFERENCES decisions (id),
    priority TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'assigned', 'closed')),
    assignee TEXT,
    created_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    assigned_at INTEGER,
    closed_at INTEGER,
    outcome TEXT CHECK (outcome IN ('no_action', 'action_taken', 'escalated')),
    note TEXT
  );
  CREATE INDEX cases_by_account ON cases (account, id);
  -- The queue: cases not closed, by how soon they are due.
  CREATE INDEX cases_queue ON cases (due_at, id) WHERE state <> 'closed';
  -- Live review decisions recorded before this migration become cases too.
  INSERT INTO cases (account, decision, priority, reason, state, created_at, due_at)
  SELECT account, id, coalesce(json_extract(action, '$.priority'), 'normal'), json_extract(action, '$.reason'), 'open', at,
         at + CASE coalesce(json_extract(action, '$.priority'), 'normal')
                WHEN 'urgent' THEN 14400000 WHEN 'high' THEN 86400000 WHEN 'normal' THEN 259200000 ELSE 604800000 END
  FROM decisions WHERE mode = 'live' AND json_extract(action, '$.type') = 'review' ORDER BY id;
`
