/**
 * Migration 11: live decisions counted per policy, rule and UTC day, for the daily caps (`countDecisionsByRule`).
 *
 * Counting a day's decisions from `decisions` visited every decision of the policy (the `(policy, rule, at)` index
 * cannot narrow by rule when every rule is counted), so each registration cost more than the one before. The counters
 * are kept by triggers, in the transaction of the statement that changes `decisions`, whatever writes it: a live
 * decision inserted adds one to its (policy, day, rule) row; one deleted, or updated away from that row or from `live`,
 * takes one off. `day` is days since 1970-01-01 UTC, floor(at / 86,400,000), also for instants before 1970.
 * The migration counts the decisions already stored.
 */
export const SQLITE_MIGRATION_11 = `
  CREATE TABLE decision_counts (
    policy TEXT NOT NULL,
    day INTEGER NOT NULL,
    rule TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (policy, day, rule)
  ) WITHOUT ROWID;
  CREATE TRIGGER decision_counts_insert AFTER INSERT ON decisions WHEN NEW.mode = 'live'
  BEGIN
    INSERT INTO decision_counts (policy, day, rule, n)
    VALUES (NEW.policy, (NEW.at - ((NEW.at % 86400000) + 86400000) % 86400000) / 86400000, NEW.rule, 1)
    ON CONFLICT (policy, day, rule) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER decision_counts_delete AFTER DELETE ON decisions WHEN OLD.mode = 'live'
  BEGIN
    UPDATE decision_counts SET n = n - 1
    WHERE policy = OLD.policy AND day = (OLD.at - ((OLD.at % 86400000) + 86400000) % 86400000) / 86400000
      AND rule = OLD.rule;
  END;
  CREATE TRIGGER decision_counts_update_old AFTER UPDATE OF policy, rule, at, mode ON decisions WHEN OLD.mode = 'live'
  BEGIN
    UPDATE decision_counts SET n = n - 1
    WHERE policy = OLD.policy AND day = (OLD.at - ((OLD.at % 86400000) + 86400000) % 86400000) / 86400000
      AND rule = OLD.rule;
  END;
  CREATE TRIGGER decision_counts_update_new AFTER UPDATE OF policy, rule, at, mode ON decisions WHEN NEW.mode = 'live'
  BEGIN
    INSERT INTO decision_counts (policy, day, rule, n)
    VALUES (NEW.policy, (NEW.at - ((NEW.at % 86400000) + 86400000) % 86400000) / 86400000, NEW.rule, 1)
    ON CONFLICT (policy, day, rule) DO UPDATE SET n = n + 1;
  END;
  INSERT INTO decision_counts (policy, day, rule, n)
  SELECT policy, (at - ((at % 86400000) + 86400000) % 86400000) / 86400000 AS day, rule, count(*)
  FROM decisions WHERE mode = 'live' GROUP BY policy, day, rule;
`
