-- `make bench`, the "history" state: the registry in bench.history_csv given 24 closed
-- periods (2024-12 to 2026-11) behind it, synthesized in SQL and untimed, as two years of
-- autodebet would have left them: every participant with an older mandate (since
-- superseded) debited every month, most paid at attempt 1, some at attempt 2, some not at
-- all, and 3% unpaid for the last six months (lapsed); files, attempts and return files
-- recorded, every period closed through autodebet's own rules (period results, statuses).
-- The timed month then imports the same registry (new mandates for the same people),
-- generates, settles and closes 2026-12 on top of it.
SET work_mem = '256MB';
SET synchronous_commit = off;

INSERT INTO autodebet.participant (kpj, nik, name, paid_through)
SELECT DISTINCT ON (kpj) kpj, nik, name, max(paid_through) OVER (PARTITION BY kpj)
  FROM bench.history_csv ORDER BY kpj, (status = 'active') DESC;

INSERT INTO autodebet.mandate (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                               signed_on, start_period, status, status_reason)
SELECT 'H' || mandate_ref, kpj, sector, income, jht, bank_code, account_no, coalesce(nullif(account_name, ''), name),
       DATE '2024-11-01', '2024-12', 'superseded', 'bench history'
  FROM bench.history_csv WHERE status = 'active' ORDER BY mandate_ref;

CREATE TEMP TABLE history_period AS
SELECT to_char(d, 'YYYY-MM')::autodebet.period AS period, row_number() OVER (ORDER BY d)::int AS k
  FROM generate_series(DATE '2024-12-01', DATE '2026-11-01', INTERVAL '1 month') d;
SELECT autodebet.ensure_instruction_partition(period) FROM history_period;

-- Attempt 1 for everyone; attempt 2 after a failed attempt 1. u decides the month.
INSERT INTO autodebet.debit_instruction
    (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence, account_no, account_name,
     amount, jkk, jkm, jht, tariff_id, status, outcome, response_code, debited_on, returned_at, base)
SELECT autodebet.instruction_reference(h.period, a.attempt, m.id), m.id, m.kpj, m.bank_code, h.period, a.attempt, 1,
       m.account_no, m.account_name, 16800, 10000, 6800, 0, (SELECT min(id) FROM autodebet.tariff),
       CASE WHEN a.paid THEN 'paid' ELSE 'failed' END, CASE WHEN a.paid THEN 'paid' ELSE 'insufficient_funds' END,
       CASE WHEN a.paid THEN '00' ELSE '51' END, CASE WHEN a.paid THEN (h.period || '-07')::date END, now(), m.income
  FROM history_period h
 CROSS JOIN autodebet.mandate m
 CROSS JOIN LATERAL (SELECT abs(hashtext(m.kpj || h.period)) % 100 AS u,
                            abs(hashtext(m.kpj)) % 100 < 3 AND h.k > 18 AS chronic) o
 CROSS JOIN LATERAL (VALUES (1, NOT o.chronic AND o.u < 88), (2, NOT o.chronic AND o.u BETWEEN 88 AND 95)) a (attempt, paid)
 WHERE m.status_reason = 'bench history' AND (a.attempt = 1 OR o.chronic OR o.u >= 88)
 ORDER BY h.period, a.attempt, m.id;

INSERT INTO autodebet.attempt (bank_code, period, number, debit_date, instruction_count, total_amount)
SELECT bank_code, period, attempt, (period || '-07')::date, count(*), sum(amount)
  FROM autodebet.debit_instruction GROUP BY bank_code, period, attempt;
INSERT INTO autodebet.debit_file (bank_code, period, attempt, sequence, name, layout, sha256, record_count,
                                  total_amount, creation_date, debit_date)
SELECT a.bank_code, a.period, a.number, 1,
       format('AD_%s_%s_A%s_S001.txt', a.bank_code, replace(a.period, '-', ''), a.number), b.layout,
       encode(sha256(convert_to('debit ' || a.bank_code || a.period || a.number, 'UTF8')), 'hex'),
       a.instruction_count, a.total_amount, a.debit_date - 3, a.debit_date
  FROM autodebet.attempt a JOIN autodebet.bank b ON b.code = a.bank_code;
INSERT INTO autodebet.return_file (sha256, file_name, status, layout, bank_code, period, attempt, file_sequence,
                                   debit_file, detail_count, paid_count, paid_amount, failed_count)
SELECT encode(sha256(convert_to('return ' || f.name, 'UTF8')), 'hex'), 'RET_' || f.name, 'imported', f.layout,
       f.bank_code, f.period, f.attempt, f.sequence, f.name, f.record_count, s.paid, s.paid_amount, f.record_count - s.paid
  FROM autodebet.debit_file f
 CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE i.status = 'paid') AS paid,
                            coalesce(sum(i.amount) FILTER (WHERE i.status = 'paid'), 0) AS paid_amount
                       FROM autodebet.debit_instruction i
                      WHERE (i.bank_code, i.period, i.attempt) = (f.bank_code, f.period, f.attempt)) s;

-- Each period closed by autodebet's rules, oldest first, as the monthly closes did: its
-- results written with the states they leave (autodebet.write_period_results), then
-- every participant's status from its latest result.
CREATE TEMP TABLE history_result AS
SELECT period, kpj, CASE WHEN bool_or(status = 'paid') THEN 'paid' ELSE 'unpaid' END AS result
  FROM autodebet.debit_instruction GROUP BY period, kpj;
CREATE INDEX ON history_result (period);
ANALYZE history_result;
DO $$
DECLARE
    p autodebet.period;
BEGIN
    FOR p IN SELECT period FROM history_period ORDER BY period LOOP
        DROP TABLE IF EXISTS pg_temp.result_due;
        CREATE TEMP TABLE result_due AS SELECT kpj, result FROM history_result WHERE period = p ORDER BY kpj;
        ANALYZE pg_temp.result_due;
        PERFORM autodebet.write_period_results(p);
        INSERT INTO autodebet.closed_period (period, participants, paid, unpaid)
        SELECT p, count(*), count(*) FILTER (WHERE result = 'paid'), count(*) FILTER (WHERE result = 'unpaid')
          FROM pg_temp.result_due;
    END LOOP;
END $$;
CREATE TEMP TABLE close_scope AS SELECT kpj FROM autodebet.participant;
SELECT * FROM autodebet.derive_participant_statuses('2026-11');
