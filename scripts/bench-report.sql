-- `make bench`, the pure-SQL side of `autodebet report --period P`: the same queries over
-- the finance views (psql -v period=P).
SELECT s.bank_code, coalesce(b.name, '') AS name, s.attempt, s.submitted_count, s.submitted_amount,
       s.paid_count, s.paid_amount, s.outstanding_count
  FROM finance.period_summary s LEFT JOIN finance.banks b USING (bank_code)
 WHERE s.period = :'period' ORDER BY s.bank_code, s.attempt;
SELECT bank_code, attempt, outcome, count(*) AS n FROM finance.collections
 WHERE period = :'period' AND status = 'failed' GROUP BY bank_code, attempt, outcome;
SELECT file_name FROM finance.files_awaiting_return WHERE period = :'period' ORDER BY file_name;
SELECT 1 FROM finance.closed_periods WHERE period = :'period';
SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM finance.double_collections WHERE period = :'period';
