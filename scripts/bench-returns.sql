-- (appended after the \copy lines of the return files) The answers cut at the layouts'
-- positions into a staging table like autodebet's, then settled by the same rule,
-- autodebet.settle_answers; rolled back, so that autodebet then settles them itself.
BEGIN;
SET LOCAL work_mem = '256MB';
CREATE TEMP TABLE return_staging (
    line int, reference text COLLATE "C" NOT NULL, amount_requested bigint, amount_debited bigint,
    response_code text NOT NULL, outcome text NOT NULL, processing_date date NOT NULL
) ON COMMIT DROP;
SELECT format('INSERT INTO return_staging (reference, response_code, outcome, processing_date) '
              'SELECT r.reference, r.code, c.outcome, r.processed FROM (%s) r JOIN bench.response_code c ON c.code = r.code',
              string_agg(return_select, ' UNION ALL '))
  FROM bench.layout_sql
\gexec
ANALYZE return_staging;
SELECT autodebet.settle_answers(0, :'period');
ROLLBACK;
