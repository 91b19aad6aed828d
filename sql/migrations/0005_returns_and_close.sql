-- Return files, retries, period close and lapse, and the remaining finance views.

-- Every return file handed to `returns import`, accepted or refused, by SHA-256. An
-- imported file is imported once (whatever its name), and a debit file is answered by
-- one imported return. A refused file is recorded with its errors and changes nothing else.
CREATE TABLE autodebet.return_file (
    id            bigserial PRIMARY KEY,
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    file_name     text NOT NULL,
    status        text NOT NULL CHECK (status IN ('imported', 'rejected')),
    layout        text,
    bank_code     text COLLATE "C",
    period        autodebet.period,
    attempt       int,
    file_sequence int,
    debit_file    text COLLATE "C",
    detail_count  bigint,
    paid_count    bigint,
    paid_amount   bigint,
    failed_count  bigint,
    error_count   int NOT NULL DEFAULT 0,
    errors        text[] NOT NULL DEFAULT '{}',   -- the first errors, masked
    received_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'imported') = (error_count = 0))
);
CREATE UNIQUE INDEX return_file_imported_once ON autodebet.return_file (sha256) WHERE status = 'imported';
CREATE UNIQUE INDEX return_file_answers_once
    ON autodebet.return_file (bank_code, period, attempt, file_sequence) WHERE status = 'imported';

ALTER TABLE autodebet.debit_instruction ADD COLUMN return_file_id bigint;

-- Attempt N+1 at one bank: the instructions of attempt N that failed with a retryable
-- outcome (insufficient funds, bank unavailable), for the same amount and parts, while
-- the mandate is still active and nothing else is live for the participant and period.
CREATE FUNCTION autodebet.retry_due(p_bank text, p_period autodebet.period, p_attempt int)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int)
LANGUAGE sql STABLE AS $$
    SELECT i.mandate_id, i.kpj, p.nik, m.account_no, m.account_name,
           i.amount, i.jkk, i.jkm, i.jht, i.tariff_id
      FROM autodebet.debit_instruction i
      JOIN autodebet.mandate m ON m.id = i.mandate_id
      JOIN autodebet.participant p ON p.kpj = i.kpj
     WHERE i.bank_code = p_bank AND i.period = p_period AND i.attempt = p_attempt - 1
       AND i.status = 'failed' AND i.outcome IN ('insufficient_funds', 'temporary')
       AND m.status = 'active'
       AND NOT EXISTS (SELECT FROM autodebet.debit_instruction l
                        WHERE l.kpj = i.kpj AND l.period = p_period AND l.status IN ('submitted', 'paid'))
$$;

-- The due rows of any attempt: attempt 1 from the mandates, later ones from the failures.
CREATE FUNCTION autodebet.attempt_due(p_bank text, p_period autodebet.period, p_attempt int)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int)
LANGUAGE sql STABLE AS $$
    SELECT * FROM autodebet.first_attempt_due(p_bank, p_period) WHERE p_attempt = 1
    UNION ALL
    SELECT * FROM autodebet.retry_due(p_bank, p_period, p_attempt) WHERE p_attempt > 1
$$;

-- Periods closed, and each participant's result for each: derived from the recorded
-- facts (instructions, paid_through) by `close`, which may run again and recompute.
CREATE TABLE autodebet.closed_period (
    period       autodebet.period PRIMARY KEY,
    closed_at    timestamptz NOT NULL DEFAULT now(),
    participants bigint NOT NULL,
    paid         bigint NOT NULL,
    unpaid       bigint NOT NULL
);

CREATE TABLE autodebet.period_result (
    kpj    text COLLATE "C" NOT NULL,
    period autodebet.period NOT NULL,
    result text NOT NULL CHECK (result IN ('paid', 'unpaid')),
    PRIMARY KEY (kpj, period)
);
CREATE INDEX period_result_by_period ON autodebet.period_result (period);

ALTER TABLE autodebet.participant ADD COLUMN unpaid_streak int NOT NULL DEFAULT 0;

-- Finance views (names and columns per the product contract).
CREATE VIEW finance.period_summary AS
SELECT period::text AS period, bank_code, attempt,
       count(*)                                            AS submitted_count,
       sum(amount)::bigint                                 AS submitted_amount,
       count(*) FILTER (WHERE status = 'paid')             AS paid_count,
       coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0)::bigint AS paid_amount,
       count(*) FILTER (WHERE status = 'failed')           AS failed_count,
       count(*) FILTER (WHERE status = 'submitted')        AS outstanding_count
  FROM autodebet.debit_instruction
 GROUP BY period, bank_code, attempt;

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

GRANT SELECT ON ALL TABLES IN SCHEMA finance TO finance_reader;
