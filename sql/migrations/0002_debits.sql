-- Debit attempts, files and instructions.

-- One row per bank, period and attempt that has been generated: its presence is what
-- makes `generate` idempotent. Written in the same transaction as its files and instructions.
CREATE TABLE autodebet.attempt (
    bank_code         text COLLATE "C" NOT NULL REFERENCES autodebet.bank,
    period            autodebet.period NOT NULL,
    number            int  NOT NULL CHECK (number BETWEEN 1 AND 3),
    debit_date        date NOT NULL,
    instruction_count bigint NOT NULL CHECK (instruction_count > 0),
    total_amount      bigint NOT NULL CHECK (total_amount > 0),
    generated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bank_code, period, number)
);

CREATE TABLE autodebet.debit_file (
    id            bigserial PRIMARY KEY,
    bank_code     text COLLATE "C" NOT NULL,
    period        autodebet.period NOT NULL,
    attempt       int  NOT NULL,
    sequence      int  NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
    name          text COLLATE "C" NOT NULL UNIQUE,
    layout        text NOT NULL,
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    record_count  bigint NOT NULL CHECK (record_count > 0),
    total_amount  bigint NOT NULL CHECK (total_amount > 0),
    creation_date date NOT NULL,
    debit_date    date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (bank_code, period, attempt, sequence),
    FOREIGN KEY (bank_code, period, attempt) REFERENCES autodebet.attempt (bank_code, period, number)
        DEFERRABLE INITIALLY DEFERRED
);

-- One row per debit sent: the mandate, period and attempt, the account debited and the
-- amount with its program parts. No foreign keys on purpose: at ten million rows a
-- month, a foreign-key check would lock every mandate row on every debit. Instructions
-- are written by one INSERT … SELECT from existing mandates, mandates and participants
-- are never deleted (0001), and the uniqueness rules below are what keep money safe.
CREATE TABLE autodebet.debit_instruction (
    id            bigserial PRIMARY KEY,
    reference     text COLLATE "C" NOT NULL CHECK (reference ~ '^[A-Z0-9]{1,20}$'),
    mandate_id    bigint NOT NULL,
    kpj           text COLLATE "C" NOT NULL,
    bank_code     text COLLATE "C" NOT NULL,
    period        autodebet.period NOT NULL,
    attempt       int  NOT NULL CHECK (attempt BETWEEN 1 AND 3),
    file_sequence int  NOT NULL,
    account_no    text COLLATE "C" NOT NULL,
    account_name  text NOT NULL,
    amount        bigint NOT NULL CHECK (amount > 0),
    jkk           bigint NOT NULL CHECK (jkk >= 0),
    jkm           bigint NOT NULL CHECK (jkm >= 0),
    jht           bigint NOT NULL CHECK (jht >= 0),
    tariff_id     int    NOT NULL,
    status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'paid', 'failed')),
    outcome       text CHECK (outcome IN ('paid', 'insufficient_funds', 'temporary',
                                          'account_invalid', 'mandate_invalid', 'rejected')),
    response_code text,
    debited_on    date,
    returned_at   timestamptz,
    CHECK (amount = jkk + jkm + jht),
    CHECK ((status = 'submitted') = (outcome IS NULL)),
    CHECK ((status = 'paid') = (outcome IS NOT DISTINCT FROM 'paid')),
    CHECK ((status = 'paid') = (debited_on IS NOT NULL))
);
-- A reference names one instruction for ever (it is built from period, attempt and mandate).
CREATE UNIQUE INDEX debit_instruction_reference ON autodebet.debit_instruction (reference);
-- At most one live instruction per participant and period: never two open at once, and
-- never another after a paid one (a paid instruction stays live for ever).
CREATE UNIQUE INDEX debit_instruction_one_live_per_period
    ON autodebet.debit_instruction (kpj, period) WHERE status IN ('submitted', 'paid');
CREATE INDEX debit_instruction_by_file
    ON autodebet.debit_instruction (period, bank_code, attempt, file_sequence);
