-- Who is debited (product.md "generate"): attempt 1 from the mandates, attempt N+1 from
-- attempt N's retryable failures, and the debit files still awaiting their return.
-- Generation and the pure-SQL benchmark both call these. Repeatable.

-- A live instruction blocks another for the participant and period: one awaiting its
-- return, or one paid. (The unique index debit_instruction_one_live_per_period states
-- the same predicate, as it must be immutable; a test checks they agree.)
CREATE OR REPLACE FUNCTION autodebet.instruction_is_live(p_status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN p_status IN ('submitted', 'paid');

-- A period is paid through another channel (a counter, an app) when the participant's
-- paid_through reaches it. Attempt 1, every retry, close and finance.double_collections
-- all ask this one question.
CREATE OR REPLACE FUNCTION autodebet.paid_elsewhere(p_paid_through autodebet.period, p_period autodebet.period)
RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(p_paid_through >= p_period, false);

-- A reference names one instruction for ever: 'AD', the period (YYYYMM), the attempt,
-- and the mandate id in 11 digits: 20 characters of A-Z 0-9, unique across banks and
-- periods, and the same when a run is repeated.
CREATE OR REPLACE FUNCTION autodebet.instruction_reference(p_period autodebet.period, p_attempt int, p_mandate_id bigint)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'AD' || replace(p_period, '-', '') || p_attempt::text || lpad(p_mandate_id::text, 11, '0');

-- Attempt 1 of a period at every bank: every active mandate (participants who lapsed keep
-- theirs) whose period range contains the period, whose participant has not paid the
-- period through other channels, and who has no live instruction for the period (e.g.
-- one sent through a mandate at another bank before it was superseded). The
-- contribution comes from the tariff and tier table in force for the period. For all
-- banks at once, so that generate joins the participants once, not once per bank.
DROP FUNCTION IF EXISTS autodebet.first_attempt_due(autodebet.period);
CREATE FUNCTION autodebet.first_attempt_due(p_period autodebet.period)
RETURNS TABLE (bank_code text, mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE AS $$
    SELECT m.bank_code, m.id, m.kpj, p.nik, m.account_no, m.account_name,
           c.jkk + c.jkm + c.jht, c.jkk, c.jkm, c.jht, c.tariff_id, c.base
      FROM autodebet.mandate m
      JOIN autodebet.participant p ON p.kpj = m.kpj
     CROSS JOIN LATERAL autodebet.contribution(m.sector, m.income, m.jht, p_period) c
     WHERE m.status = 'active'
       AND m.start_period <= p_period
       AND (m.end_period IS NULL OR p_period <= m.end_period)
       AND NOT autodebet.paid_elsewhere(p.paid_through, p_period)
       AND NOT EXISTS (SELECT FROM autodebet.debit_instruction i
                        WHERE i.kpj = m.kpj AND i.period = p_period
                          AND autodebet.instruction_is_live(i.status))
$$;

-- Attempt 1 of a period at one bank (the rule above, for that bank).
CREATE OR REPLACE FUNCTION autodebet.first_attempt_due(p_bank text, p_period autodebet.period)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE AS $$
    SELECT d.mandate_id, d.kpj, d.nik, d.account_no, d.account_name, d.amount, d.jkk, d.jkm, d.jht, d.tariff_id, d.base
      FROM autodebet.first_attempt_due(p_period) d
     WHERE d.bank_code = p_bank
$$;

-- Attempt N+1 at one bank: the instructions of attempt N that failed with a retryable
-- outcome (insufficient funds, bank unavailable), for the same amount, parts and base,
-- while the mandate is still active, the participant has not meanwhile paid the period
-- through another channel, and nothing else is live for the participant and period.
CREATE OR REPLACE FUNCTION autodebet.retry_due(p_bank text, p_period autodebet.period, p_attempt int)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE AS $$
    SELECT i.mandate_id, i.kpj, p.nik, m.account_no, m.account_name,
           i.amount, i.jkk, i.jkm, i.jht, i.tariff_id, i.base
      FROM autodebet.debit_instruction i
      JOIN autodebet.mandate m ON m.id = i.mandate_id
      JOIN autodebet.participant p ON p.kpj = i.kpj
     WHERE i.bank_code = p_bank AND i.period = p_period AND i.attempt = p_attempt - 1
       AND i.status = 'failed' AND i.outcome IN ('insufficient_funds', 'temporary')
       AND m.status = 'active'
       AND NOT autodebet.paid_elsewhere(p.paid_through, p_period)
       AND NOT EXISTS (SELECT FROM autodebet.debit_instruction l
                        WHERE l.kpj = i.kpj AND l.period = p_period AND autodebet.instruction_is_live(l.status))
$$;

-- The due rows of any attempt: attempt 1 from the mandates, later ones from the failures.
CREATE OR REPLACE FUNCTION autodebet.attempt_due(p_bank text, p_period autodebet.period, p_attempt int)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM autodebet.first_attempt_due(p_bank, p_period) WHERE p_attempt = 1
    UNION ALL
    SELECT * FROM autodebet.retry_due(p_bank, p_period, p_attempt) WHERE p_attempt > 1
$$;

-- The debit files of a period with instructions still awaiting the bank's return, and
-- how many: the rule is the view finance.files_awaiting_return; generation (is the next
-- attempt due?) and close (may the period close?) ask it through this function.
CREATE OR REPLACE FUNCTION autodebet.files_awaiting_return(p_period autodebet.period)
RETURNS TABLE (name text, bank_code text, attempt int, awaiting bigint)
LANGUAGE sql STABLE AS $$
    SELECT w.file_name, w.bank_code, w.attempt, w.awaiting
      FROM finance.files_awaiting_return w
     WHERE w.period = p_period::text
     ORDER BY w.file_name
$$;
