-- Debit instructions partitioned by period (LIST, one partition a month): a month's work
-- touches its own partition and indexes, whatever the history behind it, and an old
-- month can be archived (autodebet archive) by detaching its partition, without
-- touching the current ones. Partitions are made by autodebet.ensure_instruction_partition
-- (generate calls it before its transaction). Every unique rule keeps holding: a
-- reference embeds its period, so (reference, period) is as unique as reference was.

-- The finance views read the table; sql/views makes them again after this migration.
DROP VIEW IF EXISTS finance.collections, finance.period_summary, finance.program_allocation,
    finance.double_collections, finance.files_awaiting_return;

ALTER TABLE autodebet.debit_instruction RENAME TO debit_instruction_unpartitioned;
ALTER INDEX autodebet.debit_instruction_pkey RENAME TO debit_instruction_unpartitioned_pkey;
ALTER INDEX autodebet.debit_instruction_by_file RENAME TO debit_instruction_unpartitioned_by_file;
ALTER INDEX autodebet.debit_instruction_one_live_per_period RENAME TO debit_instruction_unpartitioned_one_live;
ALTER INDEX autodebet.debit_instruction_reference RENAME TO debit_instruction_unpartitioned_reference;
ALTER INDEX autodebet.debit_instruction_verdicts_by_return_file RENAME TO debit_instruction_unpartitioned_verdicts;

CREATE TABLE autodebet.debit_instruction (
    id             bigint NOT NULL DEFAULT nextval('autodebet.debit_instruction_id_seq'),
    reference      text COLLATE "C" NOT NULL CHECK (reference ~ '^[A-Z0-9]{1,20}$'),
    mandate_id     bigint NOT NULL,
    kpj            text COLLATE "C" NOT NULL,
    bank_code      text COLLATE "C" NOT NULL,
    period         autodebet.period NOT NULL,
    attempt        int  NOT NULL CHECK (attempt BETWEEN 1 AND 3),
    file_sequence  int  NOT NULL,
    account_no     text COLLATE "C" NOT NULL,
    account_name   text NOT NULL,
    amount         bigint NOT NULL CHECK (amount > 0),
    jkk            bigint NOT NULL CHECK (jkk >= 0),
    jkm            bigint NOT NULL CHECK (jkm >= 0),
    jht            bigint NOT NULL CHECK (jht >= 0),
    tariff_id      int    NOT NULL,
    status         text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'paid', 'failed')),
    outcome        text CHECK (outcome IN ('paid', 'insufficient_funds', 'temporary',
                                           'account_invalid', 'mandate_invalid', 'rejected')),
    response_code  text,
    debited_on     date,
    returned_at    timestamptz,
    return_file_id bigint,
    base           bigint NOT NULL CONSTRAINT debit_instruction_base_positive CHECK (base > 0),
    CHECK (amount = jkk + jkm + jht),
    CHECK ((status = 'submitted') = (outcome IS NULL)),
    CHECK ((status = 'paid') = (outcome IS NOT DISTINCT FROM 'paid')),
    CHECK ((status = 'paid') = (debited_on IS NOT NULL)),
    PRIMARY KEY (id, period)
) PARTITION BY LIST (period);
ALTER SEQUENCE autodebet.debit_instruction_id_seq OWNED BY autodebet.debit_instruction.id;

-- A reference names one instruction for ever (it is built from period, attempt and mandate).
CREATE UNIQUE INDEX debit_instruction_reference ON autodebet.debit_instruction (reference, period);
-- At most one live instruction per participant and period.
CREATE UNIQUE INDEX debit_instruction_one_live_per_period
    ON autodebet.debit_instruction (kpj, period) WHERE status IN ('submitted', 'paid');
CREATE INDEX debit_instruction_by_file
    ON autodebet.debit_instruction (period, bank_code, attempt, file_sequence);
CREATE INDEX debit_instruction_verdicts_by_return_file
    ON autodebet.debit_instruction (return_file_id) WHERE outcome IN ('account_invalid', 'mandate_invalid');

-- The name of a period's partition (in schema autodebet, or archive once archived).
CREATE FUNCTION autodebet.instruction_partition(p_period autodebet.period) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'debit_instruction_' || replace(p_period, '-', '_');

-- The partition of a period, made when missing; its indexes are named after the
-- parent's, so that a refusal names the rule (debit_instruction_reference_2026_12).
CREATE FUNCTION autodebet.ensure_instruction_partition(p_period autodebet.period) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    suffix text := replace(p_period, '-', '_');
    partition text := autodebet.instruction_partition(p_period);
BEGIN
    IF to_regclass('autodebet.' || partition) IS NOT NULL THEN
        RETURN partition;
    END IF;
    EXECUTE format('CREATE TABLE autodebet.%I (LIKE autodebet.debit_instruction INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition);
    EXECUTE format('ALTER TABLE autodebet.%I ADD CONSTRAINT %I CHECK (period = %L)', partition, partition || '_period', p_period);
    EXECUTE format('CREATE UNIQUE INDEX %I ON autodebet.%I (reference, period)', 'debit_instruction_reference_' || suffix, partition);
    EXECUTE format('CREATE UNIQUE INDEX %I ON autodebet.%I (kpj, period) WHERE status IN (''submitted'', ''paid'')',
                   'debit_instruction_one_live_per_period_' || suffix, partition);
    EXECUTE format('CREATE INDEX %I ON autodebet.%I (period, bank_code, attempt, file_sequence)',
                   'debit_instruction_by_file_' || suffix, partition);
    EXECUTE format('CREATE INDEX %I ON autodebet.%I (return_file_id) WHERE outcome IN (''account_invalid'', ''mandate_invalid'')',
                   'debit_instruction_verdicts_' || suffix, partition);
    EXECUTE format('ALTER TABLE autodebet.%I ADD PRIMARY KEY (id, period)', partition);
    EXECUTE format('ALTER TABLE autodebet.debit_instruction ATTACH PARTITION autodebet.%I FOR VALUES IN (%L)', partition, p_period);
    RETURN partition;
END $$;

SELECT autodebet.ensure_instruction_partition(period)
  FROM (SELECT DISTINCT period FROM autodebet.debit_instruction_unpartitioned) p;
INSERT INTO autodebet.debit_instruction SELECT
    id, reference, mandate_id, kpj, bank_code, period, attempt, file_sequence, account_no, account_name,
    amount, jkk, jkm, jht, tariff_id, status, outcome, response_code, debited_on, returned_at, return_file_id, base
  FROM autodebet.debit_instruction_unpartitioned;
DROP TABLE autodebet.debit_instruction_unpartitioned;

-- Archived periods: their partitions, detached, in a schema of their own.
CREATE SCHEMA archive;
CREATE TABLE autodebet.archived_period (
    period      autodebet.period PRIMARY KEY,
    archived_at timestamptz NOT NULL DEFAULT now(),
    instructions bigint NOT NULL,
    partition   text NOT NULL
);
