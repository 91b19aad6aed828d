-- Operations (product.md "Operations: when a file goes wrong"): where each debit file
-- stands, cancelling one and writing its replacement, reversing a paid debit, and what
-- needs a person. The commands files list/cancel, instructions reverse, status and
-- generate call these; none restates them. Repeatable.

-- Business days after p_from up to and including p_to: Monday to Friday, not a holiday
-- or cuti bersama (the same calendar as Sources/Autodebet/Calendar/BusinessCalendar).
CREATE OR REPLACE FUNCTION autodebet.business_days_after(p_from date, p_to date) RETURNS int
LANGUAGE sql STABLE AS $$
    SELECT count(*)::int
      FROM generate_series(p_from + 1, p_to, interval '1 day') AS g(d)
     WHERE extract(isodow FROM g.d) < 6
       AND NOT EXISTS (SELECT FROM autodebet.holiday h WHERE h.day = g.d::date)
$$;

-- Every debit file and where it stands, as of p_today: the one home of the rule.
-- cancelled: cancelled by operations; answered: a return file was imported for it;
-- awaiting: neither, aged in business days since its debit date, and overdue once
-- that age passes the bank's return_days.
CREATE OR REPLACE FUNCTION autodebet.debit_files(p_today date)
RETURNS TABLE (name text, bank_code text, bank_name text, period text, attempt int, sequence int,
               record_count bigint, total_amount bigint, debit_date date, sha256 text,
               status autodebet.debit_file_status, age_business_days int, overdue boolean,
               return_file text, cancelled_at timestamptz, cancel_reason text)
LANGUAGE sql STABLE AS $$
    SELECT f.name, f.bank_code, b.name, f.period::text, f.attempt, f.sequence, f.record_count, f.total_amount,
           f.debit_date, f.sha256, s.status::autodebet.debit_file_status, a.age,
           coalesce(a.age > b.return_days, false), r.file_name, f.cancelled_at, f.cancel_reason
      FROM autodebet.debit_file f
      JOIN autodebet.bank b ON b.code = f.bank_code
      LEFT JOIN autodebet.return_file r ON r.debit_file = f.name AND r.status = 'imported'
     CROSS JOIN LATERAL (SELECT CASE WHEN f.cancelled_at IS NOT NULL THEN 'cancelled'
                                     WHEN r.id IS NOT NULL THEN 'answered'
                                     ELSE 'awaiting' END AS status) s
     CROSS JOIN LATERAL (SELECT CASE WHEN s.status = 'awaiting'
                                     THEN autodebet.business_days_after(f.debit_date, p_today) END AS age) a
$$;

-- Cancels a debit file while it awaits its return (debit_files() says so; anything else
-- is left alone): the file is marked with the reason, and its instructions become
-- cancelled. Returns how many instructions were cancelled (0: not an awaiting file).
DROP FUNCTION IF EXISTS autodebet.cancel_debit_file(text, text);
CREATE OR REPLACE FUNCTION autodebet.cancel_debit_file(p_name text, p_reason text, p_today date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    f autodebet.debit_file;
    cancelled bigint;
BEGIN
    UPDATE autodebet.debit_file SET cancelled_at = now(), cancel_reason = p_reason
     WHERE name = p_name
       AND EXISTS (SELECT FROM autodebet.debit_files(p_today) s WHERE s.name = p_name AND s.status = 'awaiting')
    RETURNING * INTO f;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    UPDATE autodebet.debit_instruction i SET status = 'cancelled'
     WHERE i.period = f.period AND i.bank_code = f.bank_code AND i.attempt = f.attempt
       AND i.file_sequence = f.sequence AND i.status = 'submitted';
    GET DIAGNOSTICS cancelled = ROW_COUNT;
    RETURN cancelled;
END $$;

-- What replaces the cancelled instructions of an attempt at a bank: each participant
-- whose latest instruction in the attempt is a cancelled one, for the same amount, parts
-- and base, on the mandate's current account, while that mandate is still active, the
-- period is not paid through another channel, and nothing else is live for the
-- participant and period. `round` counts the mandate's cancelled instructions in the
-- attempt: the replacement's reference embeds it, so it is new. One pass over the
-- attempt's instructions (windows, not a correlated scan per row), then the live index.
CREATE OR REPLACE FUNCTION autodebet.replacement_due(p_bank text, p_period autodebet.period, p_attempt int)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint, round int)
LANGUAGE sql STABLE AS $$
    SELECT x.mandate_id, x.kpj, p.nik, m.account_no, m.account_name,
           x.amount, x.jkk, x.jkm, x.jht, x.tariff_id, x.base, x.round
      FROM (SELECT i.mandate_id, i.kpj, i.status, i.amount, i.jkk, i.jkm, i.jht, i.tariff_id, i.base,
                   row_number() OVER (PARTITION BY i.kpj ORDER BY i.id DESC) AS latest,
                   (count(*) FILTER (WHERE i.status = 'cancelled') OVER (PARTITION BY i.mandate_id))::int AS round
              FROM autodebet.debit_instruction i
             WHERE i.bank_code = p_bank AND i.period = p_period AND i.attempt = p_attempt) x
      JOIN autodebet.mandate m ON m.id = x.mandate_id
      JOIN autodebet.participant p ON p.kpj = x.kpj
     WHERE x.latest = 1 AND x.status = 'cancelled'
       AND m.status = 'active'
       AND NOT autodebet.paid_elsewhere(p.paid_through, p_period)
       AND NOT EXISTS (SELECT FROM autodebet.debit_instruction l
                        WHERE l.kpj = x.kpj AND l.period = p_period AND autodebet.instruction_is_live(l.status))
$$;

-- The rows generate writes for a bank's attempt: the attempt itself, or the replacement
-- of its cancelled instructions (round 0 for the attempt's own rows).
CREATE OR REPLACE FUNCTION autodebet.generation_due(p_bank text, p_period autodebet.period, p_attempt int,
                                                    p_replacement boolean)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint, round int)
LANGUAGE sql STABLE AS $$
    SELECT d.*, 0 FROM autodebet.attempt_due(p_bank, p_period, p_attempt) d WHERE NOT p_replacement
    UNION ALL
    SELECT * FROM autodebet.replacement_due(p_bank, p_period, p_attempt) WHERE p_replacement
$$;

-- The reference of a generated instruction: instruction_reference() ('AD', period,
-- attempt, mandate id) for an attempt's own rows; for its n-th replacement the same with
-- 'AE', 'AF', … 'AZ' (n = 1 … 22) in place of 'AD': 20 characters, never used before.
CREATE OR REPLACE FUNCTION autodebet.generation_reference(p_period autodebet.period, p_attempt int,
                                                          p_mandate_id bigint, p_round int)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN p_round = 0 THEN autodebet.instruction_reference(p_period, p_attempt, p_mandate_id)
                WHEN p_round BETWEEN 1 AND 22
                THEN 'A' || chr(ascii('D') + p_round) || substr(autodebet.instruction_reference(p_period, p_attempt, p_mandate_id), 3)
                END;

-- Reverses a paid instruction, and only a paid one: it keeps its outcome and debit date,
-- and is counted as collected nowhere. Returns 1, or 0 when it was not paid.
CREATE OR REPLACE FUNCTION autodebet.reverse_instruction(p_reference text, p_period autodebet.period, p_reason text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    reversed bigint;
BEGIN
    UPDATE autodebet.debit_instruction
       SET status = 'reversed', reversed_at = now(), reversal_reason = p_reason
     WHERE period = p_period AND reference = p_reference AND status = 'paid';
    GET DIAGNOSTICS reversed = ROW_COUNT;
    RETURN reversed;
END $$;

-- Refused return files that still need a person: not followed by an imported return of
-- the same debit file, and not for a file operations has cancelled since. A refusal that
-- named no known debit file counts for 30 days.
CREATE OR REPLACE FUNCTION autodebet.open_refusals(p_today date)
RETURNS TABLE (file_name text, received_at timestamptz, debit_file text, error_count int, first_error text)
LANGUAGE sql STABLE AS $$
    SELECT r.file_name, r.received_at, r.debit_file, r.error_count, r.errors[1]
      FROM autodebet.return_file r
      LEFT JOIN autodebet.debit_file f ON f.name = r.debit_file
     WHERE r.status = 'rejected'
       AND NOT EXISTS (SELECT FROM autodebet.return_file a
                        WHERE a.status = 'imported' AND a.debit_file = r.debit_file AND a.received_at >= r.received_at)
       AND (f.name IS NULL OR f.cancelled_at IS NULL)
       AND (f.name IS NOT NULL OR r.received_at::date > p_today - 30)
     ORDER BY r.received_at
$$;

-- Periods that may still need work: generated, not archived, and not closed, or closed
-- but since then given a return (close again) or a file that awaits one (a late retry).
CREATE OR REPLACE FUNCTION autodebet.open_periods(p_today date)
RETURNS TABLE (period text, closed boolean, late_returns bigint, awaiting_files bigint)
LANGUAGE sql STABLE AS $$
    SELECT s.period, s.closed, s.late_returns, s.awaiting_files
      FROM (SELECT a.period::text AS period, c.period IS NOT NULL AS closed,
                   (SELECT count(*) FROM autodebet.return_file r
                     WHERE r.period = a.period AND r.status = 'imported' AND r.received_at > c.closed_at) AS late_returns,
                   (SELECT count(*) FROM autodebet.debit_files(p_today) f
                     WHERE f.period = a.period::text AND f.status = 'awaiting') AS awaiting_files
              FROM (SELECT DISTINCT period FROM autodebet.attempt) a
              LEFT JOIN autodebet.closed_period c ON c.period = a.period
             WHERE NOT EXISTS (SELECT FROM autodebet.archived_period x WHERE x.period = a.period)) s
     WHERE NOT s.closed OR s.late_returns > 0 OR s.awaiting_files > 0
     ORDER BY s.period
$$;

-- The banks of a period whose latest attempt has cancelled debits still to be sent again
-- (replacement_due), and how many: close waits for their replacement and its return.
CREATE OR REPLACE FUNCTION autodebet.replacements_due(p_period autodebet.period)
RETURNS TABLE (bank_code text, attempt int, debits bigint)
LANGUAGE sql STABLE AS $$
    SELECT a.bank_code, a.number, r.n
      FROM (SELECT DISTINCT ON (x.bank_code) x.bank_code, x.number FROM autodebet.attempt x
             WHERE x.period = p_period ORDER BY x.bank_code, x.number DESC) a
     CROSS JOIN LATERAL (SELECT count(*) AS n FROM autodebet.replacement_due(a.bank_code, p_period, a.number)) r
     WHERE r.n > 0
     ORDER BY a.bank_code
$$;
