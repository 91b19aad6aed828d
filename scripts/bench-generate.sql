-- Prints the pure-SQL generation script for `make bench`: the same work as
-- `autodebet generate` in one transaction, through the same rule (autodebet.first_attempt_due:
-- who is due, the tier base and tariff): every bank's due rows collected and numbered into
-- files, one INSERT … SELECT of the instructions, then per bank COPY TO STDOUT (psql \copy)
-- of its file's fixed-width lines, formatted in SQL from the layout's fields
-- (bench.layout_sql). The transaction rolls back: autodebet then does the same work on the
-- same database.
\pset tuples_only on
\pset format unaligned
SELECT format($s$
SELECT autodebet.ensure_instruction_partition(%1$L);
BEGIN;
SET LOCAL work_mem = '256MB';
ANALYZE autodebet.%2$s;
CREATE TEMP TABLE due ON COMMIT DROP AS SELECT (row_number() OVER (PARTITION BY b.code ORDER BY d.mandate_id) - 1) / least(b.max_records_per_file, CASE b.layout WHEN 'bpd-b' THEN 999999 ELSE 999999999 END) + 1 AS file_sequence, d.* FROM autodebet.first_attempt_due(%1$L) d JOIN autodebet.bank b ON b.code = d.bank_code WHERE b.active;
INSERT INTO autodebet.debit_instruction (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence, account_no, account_name, amount, jkk, jkm, jht, tariff_id, base) SELECT autodebet.instruction_reference(%1$L, 1, d.mandate_id), d.mandate_id, d.kpj, d.bank_code, %1$L, 1, d.file_sequence, d.account_no, d.account_name, d.amount, d.jkk, d.jkm, d.jht, d.tariff_id, d.base FROM due d ORDER BY d.bank_code, d.mandate_id;
$s$, :'period', autodebet.instruction_partition(:'period'));

SELECT format($s$\copy (SELECT line FROM (SELECT 0 AS part, 0::bigint AS id, %3$s AS line FROM autodebet.bank b WHERE b.code = %1$L UNION ALL SELECT 1, i.id, %4$s FROM autodebet.debit_instruction i JOIN autodebet.participant p USING (kpj) WHERE i.bank_code = %1$L AND i.period = %2$L AND i.attempt = 1 UNION ALL SELECT 2, 0, %5$s FROM autodebet.debit_instruction i WHERE i.bank_code = %1$L AND i.period = %2$L AND i.attempt = 1) x ORDER BY part, id) TO '%1$s.txt'$s$,
    b.code, :'period', l.header_line, l.detail_line, l.trailer_line)
  FROM autodebet.bank b JOIN bench.layout_sql l ON l.layout = b.layout
 WHERE b.active AND EXISTS (SELECT FROM autodebet.mandate m WHERE m.bank_code = b.code AND m.status = 'active')
 ORDER BY b.code;

SELECT 'ROLLBACK;';
