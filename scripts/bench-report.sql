-- `make bench`, the pure-SQL side of `autodebet report --period P`: the same queries over
-- the finance views (psql -v period=P).
SELECT s.bank_code, coalesce(b.name, '') AS name, s.attempt, s.submitted_count, s.submitted_amount,
       s.paid_count, s.paid_amount, s.outstanding_count, s.cancelled_count, s.reversed_count, s.reversed_amount
  FROM finance.period_summary s LEFT JOIN finance.banks b USING (bank_code)
 WHERE s.period = :'period' ORDER BY s.bank_code, s.attempt;
SELECT bank_code, attempt, outcome, count(*) AS n FROM finance.collections
 WHERE period = :'period' AND status = 'failed' GROUP BY bank_code, attempt, outcome;
SELECT file_name FROM finance.files_awaiting_return WHERE period = :'period' ORDER BY file_name;
SELECT 1 FROM finance.closed_periods WHERE period = :'period';
SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM finance.double_collections WHERE period = :'period';
SELECT c.period, c.bank_code, coalesce(b.name, '') AS name, c.participants_due, c.participants_paid,
       c.collection_rate::text AS collection_rate, c.paid_elsewhere, c.unpaid, c.jkk, c.jkm, c.jht, c.total
  FROM finance.period_collection c LEFT JOIN finance.banks b USING (bank_code)
 WHERE c.period BETWEEN :'period' AND :'period' ORDER BY c.period, c.bank_code;
SELECT coalesce(sum(participants_due), 0)::bigint AS participants_due, coalesce(sum(participants_paid), 0)::bigint AS participants_paid,
       finance.collection_rate(coalesce(sum(participants_paid), 0)::bigint, coalesce(sum(participants_due), 0)::bigint,
                               count(collection_rate))::text AS collection_rate,
       coalesce(sum(paid_elsewhere), 0)::bigint AS paid_elsewhere, coalesce(sum(unpaid), 0)::bigint AS unpaid,
       coalesce(sum(jkk), 0)::bigint AS jkk, coalesce(sum(jkm), 0)::bigint AS jkm,
       coalesce(sum(jht), 0)::bigint AS jht, coalesce(sum(total), 0)::bigint AS total
  FROM finance.period_collection WHERE period BETWEEN :'period' AND :'period';
