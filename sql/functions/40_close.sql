-- Settling a period (product.md "close"): who is in it, who paid, who lapses. Results
-- are recomputed from the recorded facts, so close may run again. Repeatable.

-- Three unpaid periods in a row lapse a participant (nonaktif).
CREATE OR REPLACE FUNCTION autodebet.lapse_after() RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 3;

-- The participants of a period and their result: everyone with a mandate covering it
-- that is active or suspended, or with any instruction for it (but a cancelled one, which
-- never reached the bank); paid when one of their instructions was paid (not reversed)
-- or the period was paid through another channel.
CREATE OR REPLACE FUNCTION autodebet.period_results_due(p_period autodebet.period)
RETURNS TABLE (kpj text, result text)
LANGUAGE sql STABLE AS $$
    WITH scope AS (
        SELECT m.kpj FROM autodebet.mandate m
         WHERE m.status IN ('active', 'suspended') AND m.start_period <= p_period
           AND (m.end_period IS NULL OR p_period <= m.end_period)
        UNION
        SELECT i.kpj FROM autodebet.debit_instruction i WHERE i.period = p_period AND i.status <> 'cancelled'
    )
    SELECT s.kpj,
           CASE WHEN autodebet.paid_elsewhere(p.paid_through, p_period)
                  OR EXISTS (SELECT FROM autodebet.debit_instruction i
                              WHERE i.kpj = s.kpj AND i.period = p_period AND i.status = 'paid')
                THEN 'paid' ELSE 'unpaid' END
      FROM scope s JOIN autodebet.participant p ON p.kpj = s.kpj
$$;

-- The status a participant has after a result that leaves it with this unpaid streak.
CREATE OR REPLACE FUNCTION autodebet.status_after(p_unpaid_streak int) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN p_unpaid_streak >= autodebet.lapse_after() THEN 'lapsed' ELSE 'active' END;

-- The state a result leaves its participant in, from the state its previous result left
-- (none for a first result): the unpaid streak counts the unpaid results since the latest
-- paid one; lapse_after() of them lapse the participant, since the period of the one that
-- reached it; and the change of status this result makes, if any. The one home of the
-- lapse rule: close applies it to each result, in period order.
CREATE OR REPLACE FUNCTION autodebet.result_state(
    p_period autodebet.period, p_result text, p_previous_streak int, p_previous_lapsed_since autodebet.period)
RETURNS TABLE (unpaid_streak int, lapsed_since autodebet.period, change text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT s.streak,
           CASE WHEN s.streak > autodebet.lapse_after() THEN p_previous_lapsed_since
                WHEN s.streak = autodebet.lapse_after() THEN p_period END,
           CASE WHEN autodebet.status_after(s.streak) = autodebet.status_after(coalesce(p_previous_streak, 0)) THEN NULL
                WHEN autodebet.status_after(s.streak) = 'lapsed' THEN 'lapsed' ELSE 'reinstated' END
      FROM (SELECT CASE WHEN p_result = 'paid' THEN 0 ELSE coalesce(p_previous_streak, 0) + 1 END AS streak) s
$$;

-- For each participant in pg_temp.state_wanted (kpj), the state its latest result before
-- p_before (any, when null) left it in, into pg_temp.state_found. The closed periods are
-- searched newest first, each with one probe of the (period, kpj) key per participant not
-- yet found: a participant with a result last month costs one probe, however long the
-- history. At most one pass per closed period.
CREATE OR REPLACE FUNCTION autodebet.find_previous_states(p_before autodebet.period)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    earlier autodebet.period;
    remaining bigint;
    found_now bigint;
BEGIN
    DROP TABLE IF EXISTS pg_temp.state_found, pg_temp.state_missing, pg_temp.state_rest;
    CREATE TEMP TABLE state_found (kpj text COLLATE "C" PRIMARY KEY, unpaid_streak int NOT NULL,
                                   lapsed_since autodebet.period) ON COMMIT DROP;
    CREATE TEMP TABLE state_missing ON COMMIT DROP AS SELECT w.kpj FROM pg_temp.state_wanted w ORDER BY w.kpj;
    GET DIAGNOSTICS remaining = ROW_COUNT;
    ANALYZE pg_temp.state_missing;
    FOR earlier IN SELECT c.period FROM autodebet.closed_period c
                    WHERE p_before IS NULL OR c.period < p_before ORDER BY c.period DESC LOOP
        EXIT WHEN remaining = 0;
        INSERT INTO pg_temp.state_found
        SELECT r.kpj, r.unpaid_streak, r.lapsed_since
          FROM pg_temp.state_missing m JOIN autodebet.period_result r ON r.period = earlier AND r.kpj = m.kpj;
        GET DIAGNOSTICS found_now = ROW_COUNT;
        CONTINUE WHEN found_now = 0;
        remaining := remaining - found_now;
        ANALYZE pg_temp.state_found;
        -- Everyone found (the usual case: all had a result last month): no rest to build.
        EXIT WHEN remaining = 0;
        -- The rest rebuilt rather than deleted from: usually nearly all are found at once.
        CREATE TEMP TABLE state_rest ON COMMIT DROP AS
        SELECT m.kpj FROM pg_temp.state_missing m
         WHERE NOT EXISTS (SELECT FROM pg_temp.state_found f WHERE f.kpj = m.kpj) ORDER BY m.kpj;
        DROP TABLE pg_temp.state_missing;
        ALTER TABLE pg_temp.state_rest RENAME TO state_missing;
        ANALYZE pg_temp.state_missing;
    END LOOP;
END $$;

-- Writes period p_period's results for the participants in pg_temp.result_due (kpj,
-- result), none of them recorded for it, each with the state it leaves its participant
-- in, from the state its previous result left. In key order: the rows go together at the
-- period's end of the (period, kpj) key.
CREATE OR REPLACE FUNCTION autodebet.write_period_results(p_period autodebet.period)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.state_wanted;
    CREATE TEMP TABLE state_wanted ON COMMIT DROP AS SELECT d.kpj FROM pg_temp.result_due d;
    PERFORM autodebet.find_previous_states(p_period);
    INSERT INTO autodebet.period_result (period, kpj, result, unpaid_streak, lapsed_since, change)
    SELECT p_period, d.kpj, d.result, s.unpaid_streak, s.lapsed_since, s.change
      FROM pg_temp.result_due d
      LEFT JOIN pg_temp.state_found f ON f.kpj = d.kpj
     CROSS JOIN LATERAL autodebet.result_state(p_period, d.result, f.unpaid_streak, f.lapsed_since) s
     ORDER BY d.kpj;
END $$;

-- Records the period's results afresh; returns the participants and how many paid. When
-- later periods are closed, the states of their results follow from this period's, so
-- theirs are written again, period by period, for the participants whose state here
-- changed. The participants whose status may change are kept in pg_temp.close_scope.
CREATE OR REPLACE FUNCTION autodebet.record_period_results(p_period autodebet.period)
RETURNS TABLE (participant_count bigint, paid_count bigint)
LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.close_before, pg_temp.result_due, pg_temp.close_scope;
    CREATE TEMP TABLE close_before ON COMMIT DROP AS
    SELECT r.kpj, r.result, r.unpaid_streak, r.lapsed_since FROM autodebet.period_result r WHERE r.period = p_period;
    DELETE FROM autodebet.period_result r WHERE r.period = p_period;
    CREATE TEMP TABLE result_due ON COMMIT DROP AS
    SELECT d.kpj, d.result FROM autodebet.period_results_due(p_period) d ORDER BY d.kpj;
    ANALYZE pg_temp.result_due;
    PERFORM autodebet.write_period_results(p_period);
    CREATE TEMP TABLE close_scope ON COMMIT DROP AS
    SELECT d.kpj FROM pg_temp.result_due d UNION SELECT b.kpj FROM pg_temp.close_before b;
    IF EXISTS (SELECT FROM autodebet.closed_period c WHERE c.period > p_period) THEN
        PERFORM autodebet.restate_later_results(p_period);
    END IF;
    ANALYZE pg_temp.close_scope;
    RETURN QUERY SELECT count(*), count(*) FILTER (WHERE d.result = 'paid') FROM pg_temp.result_due d;
END $$;

-- After p_period's results were written again: the later closed periods' results of the
-- participants whose state at p_period changed, written again in period order (their
-- results stay; their states follow). Those participants join pg_temp.close_scope.
CREATE OR REPLACE FUNCTION autodebet.restate_later_results(p_period autodebet.period)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    later autodebet.period;
BEGIN
    DROP TABLE IF EXISTS pg_temp.close_changed;
    CREATE TEMP TABLE close_changed ON COMMIT DROP AS
    SELECT coalesce(n.kpj, b.kpj) AS kpj
      FROM (SELECT r.kpj, r.result, r.unpaid_streak, r.lapsed_since
              FROM autodebet.period_result r WHERE r.period = p_period) n
      FULL JOIN pg_temp.close_before b ON b.kpj = n.kpj
     WHERE (n.result, n.unpaid_streak, n.lapsed_since) IS DISTINCT FROM (b.result, b.unpaid_streak, b.lapsed_since);
    ANALYZE pg_temp.close_changed;
    FOR later IN SELECT c.period FROM autodebet.closed_period c WHERE c.period > p_period ORDER BY c.period LOOP
        DROP TABLE IF EXISTS pg_temp.result_due;
        CREATE TEMP TABLE result_due (kpj text COLLATE "C", result text) ON COMMIT DROP;
        WITH gone AS (
            DELETE FROM autodebet.period_result r USING pg_temp.close_changed c
             WHERE r.period = later AND r.kpj = c.kpj
            RETURNING r.kpj, r.result
        )
        INSERT INTO pg_temp.result_due SELECT g.kpj, g.result FROM gone g ORDER BY g.kpj;
        ANALYZE pg_temp.result_due;
        PERFORM autodebet.write_period_results(later);
    END LOOP;
    INSERT INTO pg_temp.close_scope SELECT c.kpj FROM pg_temp.close_changed c
     WHERE NOT EXISTS (SELECT FROM pg_temp.close_scope s WHERE s.kpj = c.kpj);
END $$;

-- The statuses of the participants in pg_temp.close_scope: the state their latest result
-- left them in (active with no streak when they have none). Returns how many lapsed and
-- how many were reinstated.
DROP FUNCTION IF EXISTS autodebet.derive_participant_statuses();
CREATE OR REPLACE FUNCTION autodebet.derive_participant_statuses(p_period autodebet.period)
RETURNS TABLE (lapsed_count bigint, reinstated_count bigint)
LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.state_wanted;
    CREATE TEMP TABLE state_wanted ON COMMIT DROP AS SELECT s.kpj FROM pg_temp.close_scope s;
    PERFORM autodebet.find_previous_states(NULL);
    RETURN QUERY
    WITH derived AS (
        SELECT s.kpj, cur.status AS old_status, coalesce(f.unpaid_streak, 0) AS streak, f.lapsed_since AS since,
               autodebet.status_after(coalesce(f.unpaid_streak, 0)) AS new_status
          FROM pg_temp.close_scope s
          JOIN autodebet.participant cur ON cur.kpj = s.kpj
          LEFT JOIN pg_temp.state_found f ON f.kpj = s.kpj
    ), changed AS (
        UPDATE autodebet.participant p
           SET status = d.new_status, unpaid_streak = d.streak, lapsed_since = d.since, updated_at = now()
          FROM derived d
         WHERE p.kpj = d.kpj
           AND (p.status, p.unpaid_streak, p.lapsed_since) IS DISTINCT FROM (d.new_status, d.streak, d.since)
        RETURNING d.old_status, d.new_status
    )
    SELECT count(*) FILTER (WHERE c.old_status = 'active' AND c.new_status = 'lapsed'),
           count(*) FILTER (WHERE c.old_status = 'lapsed' AND c.new_status = 'active')
      FROM changed c;
END $$;

-- Where `autodebet participant` starts listing attempts: every period not yet closed, and
-- the p_recent latest closed ones; older closed periods show their result only. NULL: list
-- everything (nothing closed, or no file yet). Passed to the lookup as a constant, so that
-- a new connection opens those months' partitions only: planning over every month of two
-- years costs it 9 to 15 ms before it reads a row.
CREATE OR REPLACE FUNCTION autodebet.attempts_listed_from(p_recent int)
RETURNS autodebet.period
LANGUAGE sql STABLE AS $$
    SELECT least(
        (SELECT min(f.period) FROM autodebet.debit_file f
          WHERE NOT EXISTS (SELECT FROM autodebet.closed_period c WHERE c.period = f.period)),
        (SELECT min(r.period) FROM (SELECT c.period FROM autodebet.closed_period c
                                     ORDER BY c.period DESC LIMIT greatest(p_recent, 1)) r))
$$;

-- A participant's recorded results, a probe of the (period, kpj) key per closed period.
-- The probe is a LATERAL subquery with LIMIT 1 (the key is unique) so that it cannot be
-- flattened into a join: as a join it was planned as a scan of every period's results
-- whenever closed_period had no statistics, as in a new deployment's first years (the
-- planner then assumes 880 closed periods, and autovacuum analyzes the table only after
-- 50 closes): 26 ms a lookup at 200,000 participants and one closed month.
CREATE OR REPLACE FUNCTION autodebet.participant_results(p_kpj text)
RETURNS TABLE (period autodebet.period, result text, unpaid_streak int, change text)
LANGUAGE sql STABLE AS $$
    SELECT c.period, r.result, r.unpaid_streak, r.change
      FROM autodebet.closed_period c
     CROSS JOIN LATERAL (SELECT r.result, r.unpaid_streak, r.change FROM autodebet.period_result r
                          WHERE r.period = c.period AND r.kpj = p_kpj LIMIT 1) r
     ORDER BY c.period
$$;
