-- `make bench`, for scale: the mandates CSV loaded into tables like autodebet's in plain
-- SQL (COPY into a typed table, then INSERT … SELECT of participants and mandates), with
-- none of autodebet's checks, upserts or supersession. The floor for any import that
-- ends with the same rows in the same indexes.
CREATE SCHEMA bench_tables;
CREATE TABLE bench_tables.participant (LIKE autodebet.participant INCLUDING ALL);
CREATE TABLE bench_tables.mandate (LIKE autodebet.mandate INCLUDING ALL);
CREATE TEMP TABLE csv (mandate_ref text, kpj text, nik text, name text, sector text, income bigint, jht boolean,
    bank_code text, account_no text, account_name text, signed_on date, start_period text, end_period text,
    paid_through text, status text);
\copy csv FROM pstdin WITH (FORMAT csv, HEADER true)
BEGIN;
INSERT INTO bench_tables.participant (kpj, nik, name, paid_through)
SELECT DISTINCT ON (kpj) kpj, nik, name, max(paid_through) OVER (PARTITION BY kpj)
  FROM csv ORDER BY kpj, (status = 'active') DESC;
INSERT INTO bench_tables.mandate (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                                  signed_on, start_period, end_period, paid_through, status)
SELECT mandate_ref, kpj, sector, income, jht, bank_code, account_no, coalesce(account_name, name),
       signed_on, start_period, end_period, paid_through, status
  FROM csv;
COMMIT;
