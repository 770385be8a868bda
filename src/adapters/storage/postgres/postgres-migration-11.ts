/**
 * Migration 11: live decisions counted per policy, rule and UTC day, for the daily caps (see the SQLite twin). Here
 * the triggers run once per statement over its transition tables, so a batch of decisions is one upsert.
 */
export const POSTGRES_MIGRATION_11 = `
  CREATE TABLE decision_counts (
    policy text COLLATE "C" NOT NULL,
    day bigint NOT NULL,
    rule text COLLATE "C" NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (policy, day, rule)
  );
  CREATE FUNCTION decision_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO decision_counts (policy, day, rule, n)
      SELECT policy, (at - ((at % 86400000) + 86400000) % 86400000) / 86400000 AS day, rule, -count(*)
      FROM old_decisions WHERE mode = 'live' GROUP BY 1, 2, 3
      ON CONFLICT (policy, day, rule) DO UPDATE SET n = decision_counts.n + excluded.n;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO decision_counts (policy, day, rule, n)
      SELECT policy, (at - ((at % 86400000) + 86400000) % 86400000) / 86400000 AS day, rule, count(*)
      FROM new_decisions WHERE mode = 'live' GROUP BY 1, 2, 3
      ON CONFLICT (policy, day, rule) DO UPDATE SET n = decision_counts.n + excluded.n;
    END IF;
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER decision_counts_insert AFTER INSERT ON decisions REFERENCING NEW TABLE AS new_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION decision_counts_follow();
  CREATE TRIGGER decision_counts_delete AFTER DELETE ON decisions REFERENCING OLD TABLE AS old_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION decision_counts_follow();
  CREATE TRIGGER decision_counts_update AFTER UPDATE ON decisions
    REFERENCING OLD TABLE AS old_decisions NEW TABLE AS new_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION decision_counts_follow();
  INSERT INTO decision_counts (policy, day, rule, n)
  SELECT policy, (at - ((at % 86400000) + 86400000) % 86400000) / 86400000 AS day, rule, count(*)
  FROM decisions WHERE mode = 'live' GROUP BY 1, 2, 3;
`
