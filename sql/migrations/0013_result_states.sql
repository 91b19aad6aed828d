-- Close in constant work per participant, however long the history (issue 8): each result
-- keeps the state it leaves its participant in (the unpaid streak, since when lapsed, the
-- change of status it makes), so close of a period reads each participant's previous
-- result once instead of counting back through its results; and the results are keyed by
-- (period, kpj), so a period's results are written at the end of the key, together, not
-- into every participant's corner of a (kpj, period) index (which dirtied ten times the
-- pages with two years behind it). The participant's results are read through
-- autodebet.participant_results (one probe per closed period).
ALTER TABLE autodebet.period_result
    ADD COLUMN unpaid_streak int NOT NULL DEFAULT 0 CHECK (unpaid_streak >= 0),
    ADD COLUMN lapsed_since autodebet.period,
    ADD COLUMN change text CHECK (change IN ('lapsed', 'reinstated'));

-- The states of the results already recorded: a one-time conversion, by the rule close
-- applies one result at a time (autodebet.result_state, sql/functions/40_close.sql): the
-- unpaid streak counts the unpaid results since the latest paid one; lapse_after() (3) of
-- them lapse the participant, since the period of the third; the result that lapses or
-- reinstates it records that change.
WITH runs AS (
    SELECT r.kpj, r.period, r.result,
           count(*) FILTER (WHERE r.result = 'paid') OVER (PARTITION BY r.kpj ORDER BY r.period) AS run
      FROM autodebet.period_result r
), streaks AS (
    SELECT u.kpj, u.period, u.run,
           CASE WHEN u.result = 'paid' THEN 0
                ELSE (row_number() OVER (PARTITION BY u.kpj, u.run ORDER BY u.period))::int - (u.run > 0)::int END AS streak
      FROM runs u
), dated AS (
    -- The period of the third unpaid result of the run (results, not months, count).
    SELECT s.kpj, s.period, s.streak,
           coalesce(lag(s.streak) OVER (PARTITION BY s.kpj ORDER BY s.period), 0) AS before,
           CASE WHEN s.streak >= 3 THEN
                max(s.period) FILTER (WHERE s.streak = 3) OVER (PARTITION BY s.kpj, s.run ORDER BY s.period) END AS lapsed_since
      FROM streaks s
)
UPDATE autodebet.period_result r
   SET unpaid_streak = d.streak, lapsed_since = d.lapsed_since,
       change = CASE WHEN d.streak >= 3 AND d.before < 3 THEN 'lapsed'
                     WHEN d.streak < 3 AND d.before >= 3 THEN 'reinstated' END
  FROM dated d
 WHERE (r.kpj, r.period) = (d.kpj, d.period)
   AND (d.streak > 0 OR d.before >= 3);   -- the others keep the defaults: 0, none, none

ALTER TABLE autodebet.period_result DROP CONSTRAINT period_result_pkey;
ALTER TABLE autodebet.period_result ADD PRIMARY KEY (period, kpj);
DROP INDEX autodebet.period_result_by_period;
