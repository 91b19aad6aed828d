-- What finance sees (product.md "Finance views"): read-only views in schema finance,
-- account numbers masked, readable by the role finance_reader and nothing else.
-- Repeatable: the views hold no data, so they are dropped and created afresh, and their
-- grants given again, whenever this file changes.

DROP VIEW IF EXISTS finance.collections, finance.period_summary, finance.program_allocation,
    finance.participants, finance.period_results, finance.double_collections, finance.banks,
    finance.closed_periods, finance.files_awaiting_return;

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
       i.base
  FROM autodebet.debit_instruction i
  JOIN autodebet.debit_file f
    ON f.bank_code = i.bank_code AND f.period = i.period
   AND f.attempt = i.attempt AND f.sequence = i.file_sequence;

-- Per period, bank and attempt. A cancelled debit (its file cancelled, sent again under
-- a new reference) is not counted as submitted; a reversed one was submitted but is
-- never counted as paid.
CREATE VIEW finance.period_summary AS
SELECT period::text AS period, bank_code, attempt,
       count(*) FILTER (WHERE status <> 'cancelled')       AS submitted_count,
       coalesce(sum(amount) FILTER (WHERE status <> 'cancelled'), 0)::bigint AS submitted_amount,
       count(*) FILTER (WHERE status = 'paid')             AS paid_count,
       coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0)::bigint AS paid_amount,
       count(*) FILTER (WHERE status = 'failed')           AS failed_count,
       count(*) FILTER (WHERE status = 'submitted')        AS outstanding_count,
       count(*) FILTER (WHERE status = 'cancelled')        AS cancelled_count,
       count(*) FILTER (WHERE status = 'reversed')         AS reversed_count,
       coalesce(sum(amount) FILTER (WHERE status = 'reversed'), 0)::bigint AS reversed_amount
  FROM autodebet.debit_instruction
 GROUP BY period, bank_code, attempt;

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

-- Views run with their owner's rights, so finance_reader needs only these grants.
GRANT USAGE ON SCHEMA finance TO finance_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA finance TO finance_reader;
GRANT EXECUTE ON FUNCTION finance.mask(text) TO finance_reader;
