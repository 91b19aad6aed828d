-- Settling a period (product.md "close"): who is in it, who paid, who lapses. Results
-- are recomputed from the recorded facts, so close may run again. Repeatable.

-- Three unpaid periods in a row lapse a participant (nonaktif).
CREATE OR REPLACE FUNCTION autodebet.lapse_after() RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 3;

-- The participants of a period and their result: everyone with a mandate covering it
-- that is active or suspended, or with any instruction for it; paid when one of their
-- instructions was paid or the period was paid through another channel.
CREATE OR REPLACE FUNCTION autodebet.period_results_due(p_period autodebet.period)
RETURNS TABLE (kpj text, result text)
LANGUAGE sql STABLE AS $$
    WITH scope AS (
        SELECT m.kpj FROM autodebet.mandate m
         WHERE m.status IN ('active', 'suspended') AND m.start_period <= p_period
           AND (m.end_period IS NULL OR p_period <= m.end_period)
        UNION
        SELECT i.kpj FROM autodebet.debit_instruction i WHERE i.period = p_period
    )
    SELECT s.kpj,
           CASE WHEN autodebet.paid_elsewhere(p.paid_through, p_period)
                  OR EXISTS (SELECT FROM autodebet.debit_instruction i
                              WHERE i.kpj = s.kpj AND i.period = p_period AND i.status = 'paid')
                THEN 'paid' ELSE 'unpaid' END
      FROM scope s JOIN autodebet.participant p ON p.kpj = s.kpj
$$;

-- Records the period's results afresh; returns the participants and how many paid.
CREATE OR REPLACE FUNCTION autodebet.record_period_results(p_period autodebet.period)
RETURNS TABLE (participant_count bigint, paid_count bigint)
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM autodebet.period_result r WHERE r.period = p_period;
    RETURN QUERY
    WITH written AS (
        INSERT INTO autodebet.period_result (kpj, period, result)
        SELECT d.kpj, p_period, d.result FROM autodebet.period_results_due(p_period) d
        RETURNING period_result.result
    )
    SELECT count(*), count(*) FILTER (WHERE w.result = 'paid') FROM written w;
END $$;

-- Every participant's status, streak and lapse date from its results: the unpaid streak
-- counts the latest results back to the latest paid one; lapse_after() or more lapse the
-- participant since the period of the one that reached it. Returns how many lapsed and
-- how many were reinstated by this derivation.
CREATE OR REPLACE FUNCTION autodebet.derive_participant_statuses()
RETURNS TABLE (lapsed_count bigint, reinstated_count bigint)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    WITH ranked AS (
        SELECT r.kpj, r.period, r.result,
               row_number() OVER (PARTITION BY r.kpj ORDER BY r.period DESC) AS rn
          FROM autodebet.period_result r
    ), streaks AS (
        SELECT ranked.kpj,
               coalesce(min(ranked.rn) FILTER (WHERE ranked.result = 'paid') - 1, count(*)) AS streak
          FROM ranked GROUP BY ranked.kpj
    ), lapses AS (
        -- The period whose unpaid result made the streak reach lapse_after(): one join,
        -- not a lookup per lapsed participant.
        SELECT r.kpj, r.period AS since
          FROM ranked r JOIN streaks s ON s.kpj = r.kpj
         WHERE s.streak >= autodebet.lapse_after() AND r.rn = s.streak - (autodebet.lapse_after() - 1)
    ), derived AS (
        SELECT s.kpj, s.streak, cur.status AS old_status,
               CASE WHEN s.streak >= autodebet.lapse_after() THEN 'lapsed' ELSE 'active' END AS new_status,
               l.since
          FROM streaks s JOIN autodebet.participant cur ON cur.kpj = s.kpj
          LEFT JOIN lapses l ON l.kpj = s.kpj
    ), changed AS (
        UPDATE autodebet.participant p
           SET status = d.new_status, unpaid_streak = d.streak,
               lapsed_since = CASE WHEN d.new_status = 'lapsed' THEN d.since END, updated_at = now()
          FROM derived d
         WHERE p.kpj = d.kpj
           AND (p.status, p.unpaid_streak, p.lapsed_since)
               IS DISTINCT FROM (d.new_status, d.streak, CASE WHEN d.new_status = 'lapsed' THEN d.since END)
        RETURNING d.old_status, d.new_status
    )
    SELECT count(*) FILTER (WHERE c.old_status = 'active' AND c.new_status = 'lapsed'),
           count(*) FILTER (WHERE c.old_status = 'lapsed' AND c.new_status = 'active')
      FROM changed c;
END $$;
