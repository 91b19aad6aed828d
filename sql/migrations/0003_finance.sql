-- Finance: read-only views with personal data masked, and the role that may read them.

CREATE SCHEMA finance;

-- All but the last four digits replaced by '*'.
CREATE FUNCTION finance.mask(digits text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN length(digits) <= 4 THEN repeat('*', length(digits))
                ELSE repeat('*', length(digits) - 4) || right(digits, 4) END;

CREATE VIEW finance.collections AS
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
       f.name           AS file_name
  FROM autodebet.debit_instruction i
  JOIN autodebet.debit_file f
    ON f.bank_code = i.bank_code AND f.period = i.period
   AND f.attempt = i.attempt AND f.sequence = i.file_sequence;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'finance_reader') THEN
        CREATE ROLE finance_reader NOLOGIN;
    END IF;
END $$;

-- Views run with their owner's rights, so finance_reader needs only these grants.
GRANT USAGE ON SCHEMA finance TO finance_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA finance TO finance_reader;
GRANT EXECUTE ON FUNCTION finance.mask(text) TO finance_reader;
REVOKE ALL ON SCHEMA autodebet FROM PUBLIC;
