-- `make bench`, the pure-SQL side of `mandates import` (the strongest honest baseline):
-- the CSV copied into a staging table, then set-based upserts into autodebet's own
-- participant and mandate tables, with their indexes, keys presorted; none of autodebet's
-- checks, audit or supersession. Rolled back, so that autodebet then does the same work
-- on the same database (the bench vacuums in between).
--   psql -f scripts/bench-import.sql < mandates.csv
BEGIN;
SET LOCAL work_mem = '256MB';
CREATE TEMP TABLE staging (
    mandate_ref text COLLATE "C", kpj text COLLATE "C", nik text COLLATE "C", name text, sector text,
    income bigint, jht boolean, bank_code text COLLATE "C", account_no text COLLATE "C", account_name text,
    signed_on date, start_period autodebet.period, end_period autodebet.period, paid_through autodebet.period,
    status text
) ON COMMIT DROP;
\copy staging FROM pstdin WITH (FORMAT csv, HEADER true)
ANALYZE staging;
INSERT INTO autodebet.participant (kpj, nik, name, paid_through)
SELECT DISTINCT ON (kpj) kpj, nik, name, max(paid_through) OVER (PARTITION BY kpj)
  FROM staging ORDER BY kpj, (status = 'active') DESC
    ON CONFLICT (kpj) DO UPDATE SET nik = excluded.nik, name = excluded.name, paid_through = excluded.paid_through
 WHERE (participant.nik, participant.name, participant.paid_through)
       IS DISTINCT FROM (excluded.nik, excluded.name, excluded.paid_through);
INSERT INTO autodebet.mandate (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                               signed_on, start_period, end_period, paid_through, status)
SELECT mandate_ref, kpj, sector, income, jht, bank_code, account_no, coalesce(nullif(account_name, ''), name),
       signed_on, start_period, end_period, paid_through, status
  FROM staging ORDER BY mandate_ref
    ON CONFLICT (mandate_ref) DO UPDATE SET
       sector = excluded.sector, income = excluded.income, jht = excluded.jht, bank_code = excluded.bank_code,
       account_no = excluded.account_no, account_name = excluded.account_name, signed_on = excluded.signed_on,
       start_period = excluded.start_period, end_period = excluded.end_period,
       paid_through = excluded.paid_through, status = excluded.status
 WHERE (mandate.sector, mandate.income, mandate.jht, mandate.bank_code, mandate.account_no, mandate.account_name,
        mandate.signed_on, mandate.start_period, mandate.end_period, mandate.paid_through, mandate.status)
       IS DISTINCT FROM
       (excluded.sector, excluded.income, excluded.jht, excluded.bank_code, excluded.account_no, excluded.account_name,
        excluded.signed_on, excluded.start_period, excluded.end_period, excluded.paid_through, excluded.status);
ROLLBACK;
