-- Contributions on the income tier's base (PP 44/2015 Lampiran II), the holiday calendar
-- with kinds and the 2026 decree, and no debit for a period paid through another channel.

-- Income tiers: the declared income selects a tier, and JKK and JHT are computed on the
-- tier's base (dasar penghasilan), not on the income. A tier table is in force for a
-- range of periods; a regulation that changes the tiers is a new table (and the old one
-- given a last period), not code. Exactly one table must be in force for a period that
-- is debited (autodebet.contribution_rule_gaps).
CREATE TABLE autodebet.tier_table (
    id           serial PRIMARY KEY,
    regulation   text NOT NULL,
    first_period autodebet.period NOT NULL,
    last_period  autodebet.period,                -- null: until further notice
    CHECK (last_period IS NULL OR last_period >= first_period)
);

-- A tier covers incomes from income_from up to the next tier's income_from (exclusive);
-- the top tier is open-ended. Tier 1 starts at 0, so every income has a tier.
CREATE TABLE autodebet.income_tier (
    tier_table_id int    NOT NULL REFERENCES autodebet.tier_table,
    tier          int    NOT NULL CHECK (tier >= 1),
    income_from   bigint NOT NULL CHECK (income_from >= 0),
    base          bigint NOT NULL CHECK (base > 0),
    PRIMARY KEY (tier_table_id, tier),
    UNIQUE (tier_table_id, income_from),
    CHECK ((tier = 1) = (income_from = 0))
);

-- PP 44/2015 (in force from 1 July 2015), Lampiran II: 33 tiers of declared income.
INSERT INTO autodebet.tier_table (id, regulation, first_period, last_period)
VALUES (1, 'PP 44/2015 Lampiran II', '2015-07', NULL);
SELECT setval('autodebet.tier_table_id_seq', 1);

INSERT INTO autodebet.income_tier (tier_table_id, tier, income_from, base) VALUES
    (1,  1,        0,  1000000), (1,  2,  1100000,  1200000), (1,  3,  1300000,  1400000),
    (1,  4,  1500000,  1600000), (1,  5,  1700000,  1800000), (1,  6,  1900000,  2000000),
    (1,  7,  2100000,  2200000), (1,  8,  2300000,  2400000), (1,  9,  2500000,  2600000),
    (1, 10,  2700000,  2950000), (1, 11,  3200000,  3450000), (1, 12,  3700000,  3950000),
    (1, 13,  4200000,  4450000), (1, 14,  4700000,  4950000), (1, 15,  5200000,  5450000),
    (1, 16,  5700000,  5950000), (1, 17,  6200000,  6450000), (1, 18,  6700000,  6950000),
    (1, 19,  7200000,  7450000), (1, 20,  7700000,  7950000), (1, 21,  8200000,  8700000),
    (1, 22,  9200000,  9700000), (1, 23, 10200000, 10700000), (1, 24, 11200000, 11700000),
    (1, 25, 12200000, 12700000), (1, 26, 13200000, 13700000), (1, 27, 14200000, 14700000),
    (1, 28, 15200000, 15700000), (1, 29, 16200000, 16700000), (1, 30, 17200000, 17700000),
    (1, 31, 18200000, 18700000), (1, 32, 19200000, 19700000), (1, 33, 20200000, 20700000);

-- The tier of a declared income in a period: none when no tier table is in force. A
-- set-returning SQL function with one SELECT, so the planner inlines it into callers.
CREATE FUNCTION autodebet.income_tier_for(p_income bigint, p_period autodebet.period)
RETURNS TABLE (tier int, base bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT it.tier, it.base
      FROM autodebet.tier_table tt
      JOIN autodebet.income_tier it ON it.tier_table_id = tt.id
     WHERE tt.first_period <= p_period
       AND (tt.last_period IS NULL OR p_period <= tt.last_period)
       AND it.income_from <= p_income
     ORDER BY it.income_from DESC
     LIMIT 1
$$;

-- The BPU contribution for one month, on the tier base of the declared income: each
-- component computed exactly as a fraction of the base (rate and discount applied
-- together) and rounded half up once; JKM is a fixed amount, discounted likewise. One
-- row per matching tariff and tier table: none means no rule covers the period
-- (generation checks contribution_rule_gaps first).
DROP FUNCTION autodebet.attempt_due(text, autodebet.period, int);
DROP FUNCTION autodebet.retry_due(text, autodebet.period, int);
DROP FUNCTION autodebet.first_attempt_due(text, autodebet.period);
DROP FUNCTION autodebet.contribution(text, bigint, boolean, autodebet.period);
DROP FUNCTION autodebet.tariff_gaps(autodebet.period);

CREATE FUNCTION autodebet.contribution(
    p_sector text, p_income bigint, p_jht boolean, p_period autodebet.period)
RETURNS TABLE (jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT autodebet.round_half_up(b.base * t.jkk_rate_bp * (100 - t.jkk_jkm_discount_pct), 1000000),
           autodebet.round_half_up(t.jkm_amount * (100 - t.jkk_jkm_discount_pct), 100),
           CASE WHEN p_jht THEN autodebet.round_half_up(b.base * t.jht_rate_bp, 10000) ELSE 0 END,
           t.id,
           b.base
      FROM autodebet.tariff t
     CROSS JOIN LATERAL autodebet.income_tier_for(p_income, p_period) b
     WHERE t.sector = p_sector
       AND t.first_period <= p_period
       AND (t.last_period IS NULL OR p_period <= t.last_period)
$$;

-- Rules of money that must each have exactly one version in force for a period to be
-- debited: the tariff of each sector, and the tier table. A row per rule that has not.
CREATE FUNCTION autodebet.contribution_rule_gaps(p_period autodebet.period)
RETURNS TABLE (rule text, kind text, in_force bigint)
LANGUAGE sql STABLE AS $$
    SELECT 'sector ' || s.sector, 'tariffs', count(t.id)
      FROM unnest(ARRAY['general', 'transport']) AS s(sector)
      LEFT JOIN autodebet.tariff t
        ON t.sector = s.sector AND t.first_period <= p_period
       AND (t.last_period IS NULL OR p_period <= t.last_period)
     GROUP BY s.sector
    HAVING count(t.id) <> 1
    UNION ALL
    SELECT 'income tiers', 'tier tables', count(*)
      FROM autodebet.tier_table tt
     WHERE tt.first_period <= p_period AND (tt.last_period IS NULL OR p_period <= tt.last_period)
    HAVING count(*) <> 1
$$;

-- Each instruction keeps the base its parts were computed on. Instructions written
-- before tiers were computed on the declared income, which was then their base.
ALTER TABLE autodebet.debit_instruction ADD COLUMN base bigint;
UPDATE autodebet.debit_instruction i SET base = m.income FROM autodebet.mandate m WHERE m.id = i.mandate_id;
ALTER TABLE autodebet.debit_instruction ALTER COLUMN base SET NOT NULL,
    ADD CONSTRAINT debit_instruction_base_positive CHECK (base > 0);

-- A period is paid through another channel (a counter, an app) when the participant's
-- paid_through reaches it. Attempt 1, every retry, close and finance.double_collections
-- all ask this one question.
CREATE FUNCTION autodebet.paid_elsewhere(p_paid_through autodebet.period, p_period autodebet.period)
RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(p_paid_through >= p_period, false);

-- Attempt 1 of a period at one bank: every active mandate (participants who lapsed keep
-- theirs) whose period range contains the period, whose participant has not paid the
-- period through other channels, and who has no live instruction for the period (e.g.
-- one sent through a mandate at another bank before it was superseded). The
-- contribution comes from the tariff and tier table in force for the period.
CREATE FUNCTION autodebet.first_attempt_due(p_bank text, p_period autodebet.period)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE AS $$
    SELECT m.id, m.kpj, p.nik, m.account_no, m.account_name,
           c.jkk + c.jkm + c.jht, c.jkk, c.jkm, c.jht, c.tariff_id, c.base
      FROM autodebet.mandate m
      JOIN autodebet.participant p ON p.kpj = m.kpj
     CROSS JOIN LATERAL autodebet.contribution(m.sector, m.income, m.jht, p_period) c
     WHERE m.status = 'active'
       AND m.bank_code = p_bank
       AND m.start_period <= p_period
       AND (m.end_period IS NULL OR p_period <= m.end_period)
       AND NOT autodebet.paid_elsewhere(p.paid_through, p_period)
       AND NOT EXISTS (SELECT FROM autodebet.debit_instruction i
                        WHERE i.kpj = m.kpj AND i.period = p_period
                          AND i.status IN ('submitted', 'paid'))
$$;

-- Attempt N+1 at one bank: the instructions of attempt N that failed with a retryable
-- outcome (insufficient funds, bank unavailable), for the same amount, parts and base,
-- while the mandate is still active, the participant has not meanwhile paid the period
-- through another channel, and nothing else is live for the participant and period.
CREATE FUNCTION autodebet.retry_due(p_bank text, p_period autodebet.period, p_attempt int)
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
                        WHERE l.kpj = i.kpj AND l.period = p_period AND l.status IN ('submitted', 'paid'))
$$;

CREATE FUNCTION autodebet.attempt_due(p_bank text, p_period autodebet.period, p_attempt int)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE AS $$
    SELECT * FROM autodebet.first_attempt_due(p_bank, p_period) WHERE p_attempt = 1
    UNION ALL
    SELECT * FROM autodebet.retry_due(p_bank, p_period, p_attempt) WHERE p_attempt > 1
$$;

-- Holidays: public holidays (hari libur nasional) and collective leave (cuti bersama),
-- both non-business days for debit dates and the due date; each with its name and the
-- decree it comes from. Loaded by operations each year (autodebet holidays import).
ALTER TABLE autodebet.holiday RENAME COLUMN description TO name;
ALTER TABLE autodebet.holiday
    ADD COLUMN kind text NOT NULL DEFAULT 'public' CHECK (kind IN ('public', 'collective_leave')),
    ADD COLUMN regulation text,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT holiday_name_present CHECK (name <> '');
ALTER TABLE autodebet.holiday ALTER COLUMN kind DROP DEFAULT;

INSERT INTO autodebet.holiday (day, kind, name, regulation) VALUES
    ('2026-01-01', 'public',           'Tahun Baru 2026 Masehi',                 'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-01-16', 'public',           'Isra Mikraj Nabi Muhammad SAW',          'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-02-16', 'collective_leave', 'Cuti bersama Tahun Baru Imlek',          'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-02-17', 'public',           'Tahun Baru Imlek 2577 Kongzili',         'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-18', 'collective_leave', 'Cuti bersama Hari Suci Nyepi',           'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-19', 'public',           'Hari Suci Nyepi Tahun Baru Saka 1948',   'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-20', 'collective_leave', 'Cuti bersama Idul Fitri 1447 H',         'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-21', 'public',           'Idul Fitri 1447 H',                      'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-22', 'public',           'Idul Fitri 1447 H',                      'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-23', 'collective_leave', 'Cuti bersama Idul Fitri 1447 H',         'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-03-24', 'collective_leave', 'Cuti bersama Idul Fitri 1447 H',         'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-04-03', 'public',           'Wafat Yesus Kristus',                    'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-04-05', 'public',           'Kebangkitan Yesus Kristus (Paskah)',     'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-05-01', 'public',           'Hari Buruh Internasional',               'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-05-14', 'public',           'Kenaikan Yesus Kristus',                 'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-05-15', 'collective_leave', 'Cuti bersama Kenaikan Yesus Kristus',    'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-05-27', 'public',           'Idul Adha 1447 H',                       'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-05-28', 'collective_leave', 'Cuti bersama Idul Adha 1447 H',          'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-05-31', 'public',           'Hari Raya Waisak 2570 BE',               'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-06-01', 'public',           'Hari Lahir Pancasila',                   'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-06-16', 'public',           'Tahun Baru Islam 1448 H',                'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-08-17', 'public',           'Hari Kemerdekaan Republik Indonesia',    'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-08-25', 'public',           'Maulid Nabi Muhammad SAW',               'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-12-24', 'collective_leave', 'Cuti bersama Hari Raya Natal',           'SKB 1497/2025, 2/2025, 5/2025'),
    ('2026-12-25', 'public',           'Hari Raya Natal',                        'SKB 1497/2025, 2/2025, 5/2025')
ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, regulation = EXCLUDED.regulation;

-- Finance: the base each debit was computed on, appended to collections.
CREATE OR REPLACE VIEW finance.collections AS
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

GRANT SELECT ON ALL TABLES IN SCHEMA finance TO finance_reader;
