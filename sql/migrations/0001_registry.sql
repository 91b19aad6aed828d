-- Registry: banks, holidays, tariffs, participants, mandates, and the audit trail.
-- Raw tables live in schema `autodebet`; finance reads views in schema `finance` (0003).

CREATE SCHEMA IF NOT EXISTS autodebet;   -- the migrator creates it first, for its ledger

-- A period is text 'YYYY-MM' everywhere (sorts correctly as text).
-- Codes and identifiers (periods, KPJ, NIK, references, bank codes, account numbers) are
-- ASCII and compared byte by byte: COLLATE "C" sorts and indexes them several times
-- faster than a locale, and in the same order.
CREATE DOMAIN autodebet.period AS text COLLATE "C"
    CHECK (VALUE ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

-- Audit: append-only. Every state change writes one row here (per operation, not per
-- debit row: a generation of 10 million instructions is one event naming its files).
CREATE TABLE autodebet.audit_event (
    id          bigserial PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL DEFAULT session_user,
    action      text        NOT NULL,
    subject     text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}'
);

CREATE FUNCTION autodebet.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %.% is refused: %', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = 'raise_exception';
END $$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON autodebet.audit_event
    FOR EACH ROW EXECUTE FUNCTION autodebet.refuse_change('the audit trail is append-only');
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON autodebet.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION autodebet.refuse_change('the audit trail is append-only');

-- Banks: onboarding a bank or changing its layout is a row, not code.
CREATE TABLE autodebet.bank (
    code                 text    COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
    name                 text    NOT NULL,
    layout               text    NOT NULL,
    -- Day of the period's month for attempt 1, 2, 3 (moved to the next business day).
    debit_days           int[]   NOT NULL DEFAULT '{5,10,15}'
        CHECK (array_length(debit_days, 1) BETWEEN 1 AND 3
               AND 1 <= ALL (debit_days) AND 31 >= ALL (debit_days)),
    max_attempts         int     NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 3),
    max_records_per_file int     NOT NULL DEFAULT 1000000 CHECK (max_records_per_file > 0),
    active               boolean NOT NULL DEFAULT true,
    CHECK (max_attempts <= array_length(debit_days, 1))
);

INSERT INTO autodebet.bank (code, name, layout) VALUES
    ('110', 'BJB', 'bpd-a'),
    ('111', 'DKI', 'bpd-b'),
    ('112', 'BPD DIY', 'bpd-a'),
    ('113', 'Jateng', 'bpd-b'),
    ('114', 'Jatim', 'bpd-a'),
    ('115', 'Jambi', 'bpd-a'),
    ('116', 'Aceh', 'bpd-a'),
    ('117', 'Sumut', 'bpd-a'),
    ('118', 'Nagari', 'bpd-a'),
    ('119', 'Riau Kepri', 'bpd-a'),
    ('120', 'Sumsel Babel', 'bpd-b'),
    ('121', 'Lampung', 'bpd-a'),
    ('122', 'Kalsel', 'bpd-a'),
    ('123', 'Kalbar', 'bpd-a'),
    ('124', 'Kaltim', 'bpd-a'),
    ('125', 'Kalteng', 'bpd-a'),
    ('126', 'Sulselbar', 'bpd-a'),
    ('127', 'SulutGo', 'bpd-a'),
    ('128', 'NTB Syariah', 'bpd-a'),
    ('129', 'Bali', 'bpd-a'),
    ('130', 'NTT', 'bpd-a'),
    ('131', 'Maluku', 'bpd-a'),
    ('132', 'Papua', 'bpd-a'),
    ('133', 'Bengkulu', 'bpd-a'),
    ('134', 'Sulteng', 'bpd-a'),
    ('135', 'Sultra', 'bpd-a'),
    ('137', 'Banten', 'bpd-a');

-- Holidays: maintained by operations; a debit or due date on one moves to the next business day.
CREATE TABLE autodebet.holiday (
    day         date PRIMARY KEY,
    description text NOT NULL
);

-- Tariffs: contribution rules as data with effective periods. A new regulation is a new
-- row. Rates are integer basis points of the declared income (100 = 1%), so no rounding
-- happens before the single half-up rounding of each component (see contribution()).
CREATE TABLE autodebet.tariff (
    id                   serial PRIMARY KEY,
    sector               text NOT NULL CHECK (sector IN ('general', 'transport')),
    first_period         autodebet.period NOT NULL,
    last_period          autodebet.period,               -- null: until further notice
    jkk_rate_bp          int    NOT NULL CHECK (jkk_rate_bp >= 0),    -- work accident, % of income
    jkm_amount           bigint NOT NULL CHECK (jkm_amount >= 0),     -- death, fixed rupiah
    jht_rate_bp          int    NOT NULL CHECK (jht_rate_bp >= 0),    -- old-age savings, % of income, when opted in
    jkk_jkm_discount_pct int    NOT NULL DEFAULT 0 CHECK (jkk_jkm_discount_pct BETWEEN 0 AND 100),
    regulation           text   NOT NULL,
    CHECK (last_period IS NULL OR last_period >= first_period)
);

INSERT INTO autodebet.tariff
    (sector, first_period, last_period, jkk_rate_bp, jkm_amount, jht_rate_bp, jkk_jkm_discount_pct, regulation)
VALUES
    ('general',   '2000-01', '2026-03', 100, 6800, 200,  0, 'BPU base tariff'),
    ('general',   '2026-04', '2026-12', 100, 6800, 200, 50, 'PP 50/2025: JKK and JKM halved'),
    ('general',   '2027-01', NULL,      100, 6800, 200,  0, 'BPU base tariff'),
    ('transport', '2000-01', '2025-12', 100, 6800, 200,  0, 'BPU base tariff'),
    ('transport', '2026-01', '2027-03', 100, 6800, 200, 50, 'PP 50/2025: JKK and JKM halved (transport)'),
    ('transport', '2027-04', NULL,      100, 6800, 200,  0, 'BPU base tariff');

-- numerator / denominator rounded half up, for non-negative numerators.
CREATE FUNCTION autodebet.round_half_up(numerator bigint, denominator bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (numerator * 2 + denominator) / (denominator * 2);

-- The BPU contribution for one month: each component computed exactly as a fraction of
-- the income (rate and discount applied together) and rounded half up once. One row per
-- matching tariff: none means no tariff covers the period (generation checks this first).
CREATE FUNCTION autodebet.contribution(
    p_sector text, p_income bigint, p_jht boolean, p_period autodebet.period)
RETURNS TABLE (jkk bigint, jkm bigint, jht bigint, tariff_id int)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT autodebet.round_half_up(p_income * t.jkk_rate_bp * (100 - t.jkk_jkm_discount_pct), 1000000),
           autodebet.round_half_up(t.jkm_amount * (100 - t.jkk_jkm_discount_pct), 100),
           CASE WHEN p_jht THEN autodebet.round_half_up(p_income * t.jht_rate_bp, 10000) ELSE 0 END,
           t.id
      FROM autodebet.tariff t
     WHERE t.sector = p_sector
       AND t.first_period <= p_period
       AND (t.last_period IS NULL OR p_period <= t.last_period)
$$;

-- Participants, keyed by KPJ. paid_through is the latest period paid through other
-- channels over all the participant's mandates; status is derived by close.
CREATE TABLE autodebet.participant (
    kpj          text COLLATE "C" PRIMARY KEY CHECK (kpj ~ '^[0-9]{11}$'),
    nik          text COLLATE "C" NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
    name         text NOT NULL CHECK (name <> ''),
    paid_through autodebet.period,
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lapsed')),
    lapsed_since autodebet.period,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX participant_nik ON autodebet.participant (nik);

-- Mandates, one per registration. No foreign keys to participant and bank: a full
-- registry load is millions of rows, and the per-row checks cost a third of it. The
-- import checks every bank code against the registry and upserts each participant
-- before its mandates, in the same transaction; banks, participants and mandates are
-- never deleted (triggers below), so a reference cannot dangle. Status: active; revoked (by the registry or the bank);
-- suspended (the bank reported the account invalid: no debits until a new mandate);
-- superseded (the participant registered a newer active mandate).
CREATE TABLE autodebet.mandate (
    id            bigserial PRIMARY KEY,
    mandate_ref   text COLLATE "C" NOT NULL UNIQUE CHECK (mandate_ref ~ '^[A-Za-z0-9_-]{1,32}$'),
    kpj           text COLLATE "C" NOT NULL,  -- the participant (see the note on foreign keys below)
    sector        text NOT NULL CHECK (sector IN ('general', 'transport')),
    income        bigint NOT NULL CHECK (income BETWEEN 1000000 AND 999999999999),
    jht           boolean NOT NULL,
    bank_code     text COLLATE "C" NOT NULL,  -- a registered bank, checked by the import
    account_no    text COLLATE "C" NOT NULL CHECK (account_no ~ '^[0-9]{6,16}$'),
    account_name  text NOT NULL CHECK (account_name <> ''),
    signed_on     date NOT NULL,
    start_period  autodebet.period NOT NULL,
    end_period    autodebet.period CHECK (end_period >= start_period),
    paid_through  autodebet.period,
    status        text NOT NULL CHECK (status IN ('active', 'revoked', 'suspended', 'superseded')),
    status_reason text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
-- One active mandate per participant.
CREATE UNIQUE INDEX mandate_one_active_per_participant
    ON autodebet.mandate (kpj) WHERE status = 'active';
-- Generation reads a bank's active mandates in id order.
CREATE INDEX mandate_active_by_bank
    ON autodebet.mandate (bank_code, id) WHERE status = 'active';

-- Mandates and instructions refer to these rows without foreign keys (above, and 0002),
-- so they are never deleted: banks are deactivated, mandates revoked.
CREATE TRIGGER bank_no_delete
    BEFORE DELETE ON autodebet.bank
    FOR EACH ROW EXECUTE FUNCTION autodebet.refuse_change('banks are never deleted; set active = false');
CREATE TRIGGER participant_no_delete
    BEFORE DELETE ON autodebet.participant
    FOR EACH ROW EXECUTE FUNCTION autodebet.refuse_change('participants are never deleted');
CREATE TRIGGER mandate_no_delete
    BEFORE DELETE ON autodebet.mandate
    FOR EACH ROW EXECUTE FUNCTION autodebet.refuse_change('mandates are never deleted; revoke them');
