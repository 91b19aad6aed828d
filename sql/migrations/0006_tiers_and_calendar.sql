-- Contributions on the income tier's base (PP 44/2015 Lampiran II) and the holiday
-- calendar with kinds and the 2026 decree: tables and data. The rules that use them
-- (autodebet.contribution, income_tier_for, contribution_rule_gaps, paid_elsewhere, who
-- is due) and the finance views live in sql/functions and sql/views.

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

-- The contribution and who is due change their results (the tier base is added): the
-- old functions go, and sql/functions defines them anew (migrate applies it next).
DROP FUNCTION autodebet.attempt_due(text, autodebet.period, int);
DROP FUNCTION autodebet.retry_due(text, autodebet.period, int);
DROP FUNCTION autodebet.first_attempt_due(text, autodebet.period);
DROP FUNCTION autodebet.contribution(text, bigint, boolean, autodebet.period);
DROP FUNCTION autodebet.tariff_gaps(autodebet.period);

-- Each instruction keeps the base its parts were computed on. Instructions written
-- before tiers were computed on the declared income, which was then their base.
ALTER TABLE autodebet.debit_instruction ADD COLUMN base bigint;
UPDATE autodebet.debit_instruction i SET base = m.income FROM autodebet.mandate m WHERE m.id = i.mandate_id;
ALTER TABLE autodebet.debit_instruction ALTER COLUMN base SET NOT NULL,
    ADD CONSTRAINT debit_instruction_base_positive CHECK (base > 0);

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
