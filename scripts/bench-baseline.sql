-- The pure-SQL side of `make bench`: the same work as autodebet, in SQL only, through the
-- same rule functions (autodebet.first_attempt_due, autodebet.settle_answers) where they
-- are the rule, in transactions that roll back, so that autodebet then does the same work
-- on the same database. Byte positions and response codes come from layouts/*.json
-- (scripts/bench-layouts.py fills bench.layout_sql and bench.response_code).
CREATE SCHEMA bench;

-- mandates import: the CSV copied into a typed table.
CREATE TABLE bench.mandate_csv (
    mandate_ref text, kpj text, nik text, name text, sector text, income bigint, jht boolean,
    bank_code text, account_no text, account_name text, signed_on date, start_period text,
    end_period text, paid_through text, status text
);

-- The X(n) writing rule of layouts.md, in SQL.
CREATE FUNCTION bench.plain(t text, n int) RETURNS text LANGUAGE sql IMMUTABLE RETURN
    rpad(btrim(regexp_replace(regexp_replace(
        translate(upper(t), 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ', 'AAAAAACEEEEIIIINOOOOOUUUUY'),
        '[^A-Z0-9 .,''/-]', '', 'g'), ' +', ' ', 'g')), n);

CREATE FUNCTION bench.num(v bigint, n int) RETURNS text LANGUAGE sql IMMUTABLE RETURN lpad(v::text, n, '0');

-- Per layout, SQL expressions built from its JSON file: a debit file's lines, and the
-- fields of a return line.
CREATE TABLE bench.layout_sql (
    layout text PRIMARY KEY, header_line text, detail_line text, trailer_line text, return_select text
);

-- returns import: raw return lines copied in, cut at the layouts' positions, codes mapped
-- to outcomes as the layouts map them.
CREATE TABLE bench.return_line_a (line text);
CREATE TABLE bench.return_line_b (line text);
CREATE TABLE bench.response_code (code text PRIMARY KEY, outcome text NOT NULL);
