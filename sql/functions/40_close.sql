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

-- Records the period's results afresh; returns the participants and how many paid. The
-- participants whose result for the period was recorded before or is now are kept in
-- pg_temp.close_scope: only their statuses can change.
CREATE OR REPLACE FUNCTION autodebet.record_period_results(p_period autodebet.period)
RETURNS TABLE (participant_count bigint, paid_count bigint)
LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.close_scope;
    CREATE TEMP TABLE close_scope (kpj text COLLATE "C" PRIMARY KEY) ON COMMIT DROP;
    INSERT INTO pg_temp.close_scope SELECT r.kpj FROM autodebet.period_result r WHERE r.period = p_period;
    DELETE FROM autodebet.period_result r WHERE r.period = p_period;
    RETURN QUERY
    WITH written AS (
        INSERT INTO autodebet.period_result (kpj, period, result)
        -- In key order: each leaf page of the (kpj, period) index, years of periods deep, is
        -- visited once, not once per participant at random.
        SELECT d.kpj, p_period, d.result FROM autodebet.period_results_due(p_period) d ORDER BY d.kpj
        RETURNING period_result.kpj, period_result.result
    ), scoped AS (
        INSERT INTO pg_temp.close_scope SELECT w.kpj FROM written w ON CONFLICT DO NOTHING
    )
    SELECT count(*), count(*) FILTER (WHERE w.result = 'paid') FROM written w;
    ANALYZE pg_temp.close_scope;
END $$;

-- The statuses of the participants in pg_temp.close_scope, from their results: the unpaid
-- streak counts the results after the latest paid one; lapse_after() or more lapse the
-- participant since the period of the one that reached it. Each participant's trailing
-- results are read through the index on (kpj, period), back to its latest paid result
-- only (a range condition the index can use: after last_paid, or after '' when none), so
-- a close costs the same with two years of history as with two months.
-- Returns how many lapsed and how many were reinstated.
DROP FUNCTION IF EXISTS autodebet.derive_participant_statuses();
CREATE OR REPLACE FUNCTION autodebet.derive_participant_statuses(p_period autodebet.period)
RETURNS TABLE (lapsed_count bigint, reinstated_count bigint)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    WITH tails AS (
        SELECT s.kpj, cur.status AS old_status, paid.period AS last_paid
          FROM pg_temp.close_scope s
          JOIN autodebet.participant cur ON cur.kpj = s.kpj
          LEFT JOIN LATERAL (SELECT r.period FROM autodebet.period_result r
                              WHERE r.kpj = s.kpj AND r.result = 'paid'
                              ORDER BY r.period DESC LIMIT 1) paid ON true
    ), streaks AS (
        SELECT t.kpj, t.old_status, u.streak, u.since
          FROM tails t
         CROSS JOIN LATERAL (
               SELECT count(*) AS streak,
                      (array_agg(r.period ORDER BY r.period))[autodebet.lapse_after()] AS since
                 FROM autodebet.period_result r
                WHERE r.kpj = t.kpj AND r.period::text > coalesce(t.last_paid::text, '')) u
    ), derived AS (
        SELECT st.kpj, st.streak, st.old_status,
               CASE WHEN st.streak >= autodebet.lapse_after() THEN 'lapsed' ELSE 'active' END AS new_status,
               CASE WHEN st.streak >= autodebet.lapse_after() THEN st.since END AS since
          FROM streaks st
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
