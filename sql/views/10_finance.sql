-- What finance sees (product.md "Finance views"): read-only views in schema finance,
-- account numbers masked, readable by the role finance_reader and nothing else.
-- Repeatable: the views hold no data, so they are dropped and created afresh, and their
-- grants given again, whenever this file changes.

DROP VIEW IF EXISTS finance.collections, finance.period_summary, finance.program_allocation,
    finance.participants, finance.period_results, finance.double_collections, finance.banks,
    finance.closed_periods, finance.files_awaiting_return, finance.status_changes, finance.period_collection;

-- All but the last four digits replaced by '*'.
CREATE OR REPLACE FUNCTION finance.mask(digits text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN length(digits) <= 4 THEN repeat('*', length(digits))
                ELSE repeat('*', length(digits) - 4) || right(digits, 4) END;

-- One row per debit instruction.
CREATE VIEW finance.collections AS
SELECT i.period::text   AS period,
       i.bank_code,
       i.attempt,
       i.reference,
       i.kpj::text      AS kpj,
       i.amount,
       i.jkk,
       i.jkm,
       i.jht,
       i.status,
       i.outcome,
       i.response_code,
       i.debited_on,
       finance.mask(i.account_no) AS account_masked,
       f.name           AS file_name,
       i.base,
       f.debit_date,
       i.returned_at::date AS returned_on
  FROM autodebet.debit_instruction i
  JOIN autodebet.debit_file f
    ON f.bank_code = i.bank_code AND f.period = i.period
   AND f.attempt = i.attempt AND f.sequence = i.file_sequence;

-- Per period, bank and attempt. A cancelled debit (its file cancelled, sent again under
-- a new reference) is not counted as submitted; a reversed one was submitted but is
-- never counted as paid. paid_count is "debits paid" (per attempt). debit_date is the
-- attempt's (its latest file not cancelled, a replacement's when one was sent);
-- returned_on the day the attempt's last return came in, once no debit awaits one.
CREATE VIEW finance.period_summary AS
SELECT s.period::text AS period, s.bank_code, s.attempt,
       s.submitted_count, s.submitted_amount, s.paid_count, s.paid_amount, s.failed_count,
       s.outstanding_count, s.cancelled_count, s.reversed_count, s.reversed_amount,
       (SELECT max(f.debit_date) FROM autodebet.debit_file f
         WHERE (f.bank_code, f.period, f.attempt) = (s.bank_code, s.period, s.attempt)
           AND f.cancelled_at IS NULL) AS debit_date,
       CASE WHEN s.outstanding_count = 0 THEN s.last_returned_at::date END AS returned_on
  FROM (SELECT period, bank_code, attempt,
               count(*) FILTER (WHERE status <> 'cancelled')       AS submitted_count,
               coalesce(sum(amount) FILTER (WHERE status <> 'cancelled'), 0)::bigint AS submitted_amount,
               count(*) FILTER (WHERE status = 'paid')             AS paid_count,
               coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0)::bigint AS paid_amount,
               count(*) FILTER (WHERE status = 'failed')           AS failed_count,
               count(*) FILTER (WHERE status = 'submitted')        AS outstanding_count,
               count(*) FILTER (WHERE status = 'cancelled')        AS cancelled_count,
               count(*) FILTER (WHERE status = 'reversed')         AS reversed_count,
               coalesce(sum(amount) FILTER (WHERE status = 'reversed'), 0)::bigint AS reversed_amount,
               max(returned_at)                                    AS last_returned_at
          FROM autodebet.debit_instruction
         GROUP BY period, bank_code, attempt) s;

-- Money collected, by program.
CREATE VIEW finance.program_allocation AS
SELECT period::text AS period, bank_code,
       sum(jkk)::bigint AS jkk, sum(jkm)::bigint AS jkm, sum(jht)::bigint AS jht, sum(amount)::bigint AS total
  FROM autodebet.debit_instruction
 WHERE status = 'paid'
 GROUP BY period, bank_code;

CREATE VIEW finance.participants AS
SELECT kpj::text AS kpj, name, status, paid_through::text AS paid_through, unpaid_streak,
       lapsed_since::text AS lapsed_since
  FROM autodebet.participant;

CREATE VIEW finance.period_results AS
SELECT kpj::text AS kpj, period::text AS period, result
  FROM autodebet.period_result;

-- Double payments: every paid debit whose period the participant also paid through
-- another channel, for refund or credit.
CREATE VIEW finance.double_collections AS
SELECT i.period::text AS period,
       i.bank_code,
       i.reference,
       i.kpj::text AS kpj,
       i.amount,
       i.debited_on,
       p.paid_through::text AS paid_through
  FROM autodebet.debit_instruction i
  JOIN autodebet.participant p ON p.kpj = i.kpj
 WHERE i.status = 'paid'
   AND autodebet.paid_elsewhere(p.paid_through, i.period);

-- Per bank, so reports can show names.
CREATE VIEW finance.banks AS
SELECT code AS bank_code, name, layout, active FROM autodebet.bank;

-- Periods closed, with the participants' counts of the latest close.
CREATE VIEW finance.closed_periods AS
SELECT period::text AS period, closed_at, participants, paid, unpaid FROM autodebet.closed_period;

-- The debit files still awaiting their bank's return, and how many of their debits.
-- The one home of this rule: generation, close and report all read it.
CREATE VIEW finance.files_awaiting_return AS
SELECT i.period::text AS period, f.name AS file_name, f.bank_code, f.attempt, count(*) AS awaiting
  FROM autodebet.debit_instruction i
  JOIN autodebet.debit_file f ON (f.bank_code, f.period, f.attempt, f.sequence)
                               = (i.bank_code, i.period, i.attempt, i.file_sequence)
 WHERE i.status = 'submitted'
 GROUP BY i.period, f.name, f.bank_code, f.attempt;

-- The collection rate, defined once: participants paid (by a debit, any attempt) as a
-- share of participants due (those the bank was asked to debit), in percent to one
-- decimal; null while none of their debits has been answered (nothing to rate yet).
-- finance.period_collection and every total in `autodebet report` use it.
CREATE OR REPLACE FUNCTION finance.collection_rate(paid bigint, due bigint, answered bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN due > 0 AND answered > 0 THEN round(100.0 * paid / due, 1) END;

-- Per period and bank, in participants (one participant counts once, whatever its
-- attempts): participants_due, the participants the bank was asked to debit (a debit not
-- cancelled); participants_paid, those paid by a debit in any attempt (not reversed);
-- collection_rate (above); and, once the period is closed (from its recorded results,
-- finance.period_results), paid_elsewhere, participants whose period is paid and was paid
-- by no debit here (paid_through), and unpaid, whose result is unpaid (debited or not:
-- a suspended mandate is not debited). So paid_elsewhere + participants_paid summed over
-- the banks is close's "paid", and unpaid its "unpaid". A participant not debited counts
-- at the bank of its mandate (the active one, else its latest). Money paid by program:
-- jkk, jkm, jht, total.
-- One aggregation of the period's debits and results by participant, no join: close reads
-- this view in the transaction that has just written the results, whose statistics are
-- stale, and a join planned on them ran one scan per participant (13 s for 4,458).
CREATE VIEW finance.period_collection AS
SELECT p.period::text AS period,
       coalesce(p.debit_bank,
                (SELECT m.bank_code FROM autodebet.mandate m WHERE m.kpj = p.kpj AND m.status = 'active'),
                (SELECT m.bank_code FROM autodebet.mandate m WHERE m.kpj = p.kpj AND m.status <> 'active'
                  ORDER BY m.id DESC LIMIT 1)) AS bank_code,
       count(*) FILTER (WHERE p.debited)                   AS participants_due,
       count(*) FILTER (WHERE p.paid_by_debit)             AS participants_paid,
       finance.collection_rate(count(*) FILTER (WHERE p.paid_by_debit), count(*) FILTER (WHERE p.debited),
                               count(*) FILTER (WHERE p.answered)) AS collection_rate,
       count(*) FILTER (WHERE p.result = 'paid' AND NOT p.paid_by_debit) AS paid_elsewhere,
       count(*) FILTER (WHERE p.result = 'unpaid')         AS unpaid,
       coalesce(sum(p.jkk), 0)::bigint AS jkk, coalesce(sum(p.jkm), 0)::bigint AS jkm,
       coalesce(sum(p.jht), 0)::bigint AS jht, coalesce(sum(p.total), 0)::bigint AS total
  FROM (SELECT u.period, u.kpj, min(u.bank_code) AS debit_bank,
               bool_or(u.debited) AS debited, bool_or(u.paid) AS paid_by_debit, bool_or(u.answered) AS answered,
               max(u.result) AS result,
               sum(u.jkk) AS jkk, sum(u.jkm) AS jkm, sum(u.jht) AS jht, sum(u.total) AS total
          FROM (SELECT i.period, i.kpj, i.bank_code, true AS debited, i.status = 'paid' AS paid,
                       i.status <> 'submitted' AS answered, NULL::text AS result,
                       CASE WHEN i.status = 'paid' THEN i.jkk END AS jkk, CASE WHEN i.status = 'paid' THEN i.jkm END AS jkm,
                       CASE WHEN i.status = 'paid' THEN i.jht END AS jht, CASE WHEN i.status = 'paid' THEN i.amount END AS total
                  FROM autodebet.debit_instruction i
                 WHERE i.status <> 'cancelled'
                UNION ALL
                SELECT r.period, r.kpj, NULL, false, false, false, r.result, NULL, NULL, NULL, NULL
                  FROM autodebet.period_result r) u
         GROUP BY u.period, u.kpj) p
 GROUP BY 1, 2;

-- Lapses and reinstatements, one row each, as close recorded them with the results (so a
-- close run again recomputes them): a participant lapses (active to lapsed) at the result
-- that makes lapse_after() unpaid results in a row, counting its own results only, and is
-- reinstated (lapsed to active) at the paid result that ends such a run
-- (autodebet.result_state).
CREATE VIEW finance.status_changes AS
SELECT r.kpj::text AS kpj, r.period::text AS period,
       CASE r.change WHEN 'lapsed' THEN 'active' ELSE 'lapsed' END AS from_status,
       CASE r.change WHEN 'lapsed' THEN 'lapsed' ELSE 'active' END AS to_status
  FROM autodebet.period_result r
 WHERE r.change IS NOT NULL;

-- Views run with their owner's rights, so finance_reader needs only these grants.
GRANT USAGE ON SCHEMA finance TO finance_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA finance TO finance_reader;
GRANT EXECUTE ON FUNCTION finance.mask(text) TO finance_reader;
GRANT EXECUTE ON FUNCTION finance.collection_rate(bigint, bigint, bigint) TO finance_reader;
