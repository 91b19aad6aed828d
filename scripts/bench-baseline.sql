-- The pure-SQL side of `make bench`: the same work as autodebet, in SQL only.
CREATE SCHEMA bench;

-- mandates import: the CSV copied into a typed table.
CREATE TABLE bench.mandate_csv (
    mandate_ref text, kpj text, nik text, name text, sector text, income bigint, jht boolean,
    bank_code text, account_no text, account_name text, signed_on date, start_period text,
    end_period text, paid_through text, status text
);

-- generate: instructions inserted into a table like autodebet's (same columns, checks
-- and indexes), chosen by the same due-ness function reading that table.
CREATE TABLE bench.debit_instruction (LIKE autodebet.debit_instruction INCLUDING ALL);
SELECT replace(replace(pg_get_functiondef('autodebet.first_attempt_due'::regproc),
                       'autodebet.first_attempt_due', 'bench.first_attempt_due'),
               'autodebet.debit_instruction', 'bench.debit_instruction')
\gexec

-- The X(n) writing rule of layouts.md, in SQL.
CREATE FUNCTION bench.plain(t text, n int) RETURNS text LANGUAGE sql IMMUTABLE RETURN
    rpad(btrim(regexp_replace(regexp_replace(
        translate(upper(t), 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ', 'AAAAAACEEEEIIIINOOOOOUUUUY'),
        '[^A-Z0-9 .,''/-]', '', 'g'), ' +', ' ', 'g')), n);

CREATE FUNCTION bench.num(v bigint, n int) RETURNS text LANGUAGE sql IMMUTABLE RETURN lpad(v::text, n, '0');

-- returns import: raw return lines copied in, then one UPDATE … FROM settling the
-- instructions, fields cut at the layouts' positions and codes mapped to outcomes.
CREATE TABLE bench.return_line_a (line text);
CREATE TABLE bench.return_line_b (line text);
CREATE TABLE bench.response_code (code text PRIMARY KEY, outcome text NOT NULL);
INSERT INTO bench.response_code VALUES
    ('00', 'paid'), ('51', 'insufficient_funds'), ('61', 'insufficient_funds'), ('14', 'account_invalid'),
    ('62', 'account_invalid'), ('78', 'account_invalid'), ('57', 'mandate_invalid'), ('91', 'temporary'),
    ('96', 'temporary'), ('05', 'rejected'), ('13', 'rejected'),
    ('S00', 'paid'), ('F51', 'insufficient_funds'), ('F61', 'insufficient_funds'), ('F14', 'account_invalid'),
    ('F62', 'account_invalid'), ('F78', 'account_invalid'), ('F57', 'mandate_invalid'), ('F91', 'temporary'),
    ('F96', 'temporary'), ('F05', 'rejected'), ('F13', 'rejected');
