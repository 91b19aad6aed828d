-- Operations (product.md "Operations: when a file goes wrong"): a debit file can be
-- cancelled while no return answers it, a paid debit can be reversed, and a bank says
-- within how many business days it answers. The rules that read these columns are in
-- sql/functions/60_operations.sql.

-- Business days after the debit date within which the bank's return is expected.
ALTER TABLE autodebet.bank
    ADD COLUMN return_days int NOT NULL DEFAULT 2 CONSTRAINT bank_return_days_range CHECK (return_days BETWEEN 0 AND 60);

-- A cancelled file: the bank rejected it whole, or it never reached the bank.
ALTER TABLE autodebet.debit_file
    ADD COLUMN cancelled_at timestamptz,
    ADD COLUMN cancel_reason text,
    ADD CONSTRAINT debit_file_cancellation CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL)
                                                  AND (cancel_reason IS NULL OR cancel_reason <> ''));

-- Where a debit file stands, as autodebet.debit_files() derives it.
CREATE DOMAIN autodebet.debit_file_status AS text
    CONSTRAINT debit_file_status_values CHECK (VALUE IN ('awaiting', 'answered', 'cancelled'));

-- Instructions gain two statuses: cancelled (its file was cancelled; it never reached
-- the bank, blocks nothing, and is sent again under a new reference) and reversed (the
-- bank took back a debit it had reported paid: it keeps its outcome and date, and counts
-- as collected nowhere). Dropped on the partitioned table, the checks go from every
-- partition; added there, they are checked on every partition and copied to new ones.
ALTER TABLE autodebet.debit_instruction
    ADD COLUMN reversed_at timestamptz,
    ADD COLUMN reversal_reason text;
-- The four checks on status were made without names (0008 named them after a renamed
-- table: debit_instruction_status_check1, _check5 …): found by what they say.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'autodebet.debit_instruction'::regclass AND contype = 'c'
                AND pg_get_constraintdef(oid) ~ '\mstatus\M'
    LOOP
        EXECUTE format('ALTER TABLE autodebet.debit_instruction DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE autodebet.debit_instruction
    ADD CONSTRAINT debit_instruction_status_check
        CHECK (status IN ('submitted', 'paid', 'failed', 'cancelled', 'reversed')),
    ADD CONSTRAINT debit_instruction_outcome_once_answered
        CHECK ((status = 'submitted' OR status = 'cancelled') = (outcome IS NULL)),
    ADD CONSTRAINT debit_instruction_paid_outcome
        CHECK ((status = 'paid' OR status = 'reversed') = (outcome IS NOT DISTINCT FROM 'paid')),
    ADD CONSTRAINT debit_instruction_debited_on
        CHECK ((status = 'paid' OR status = 'reversed') = (debited_on IS NOT NULL)),
    ADD CONSTRAINT debit_instruction_reversal
        CHECK ((status = 'reversed') = (reversed_at IS NOT NULL AND coalesce(reversal_reason, '') <> ''));
