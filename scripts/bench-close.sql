-- `make bench`, the pure-SQL side of `autodebet close --period P`: the period's results,
-- streaks and lapses through the same rules (autodebet.record_period_results,
-- autodebet.derive_participant_statuses), rolled back (psql -v period=P).
BEGIN;
SET LOCAL work_mem = '256MB';
SELECT * FROM autodebet.record_period_results(:'period') \gset
INSERT INTO autodebet.closed_period (period, participants, paid, unpaid)
VALUES (:'period', :participant_count, :paid_count, :participant_count - :paid_count)
    ON CONFLICT (period) DO UPDATE SET closed_at = now(), participants = excluded.participants,
       paid = excluded.paid, unpaid = excluded.unpaid;
SELECT coalesce(sum(participants_paid), 0) AS by_debit, coalesce(sum(paid_elsewhere), 0) AS elsewhere
  FROM finance.period_collection WHERE period = :'period';
SELECT * FROM autodebet.derive_participant_statuses(:'period');
ROLLBACK;
