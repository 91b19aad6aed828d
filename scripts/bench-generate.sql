-- Prints the pure-SQL generation script for `make bench`, the same work as
-- `autodebet generate` in one transaction: every bank's due rows (same due-ness function,
-- with the same tier lookup and tariff in SQL, rows numbered per bank into files) collected first, then one
-- INSERT … SELECT of the instructions, then per bank COPY TO STDOUT (psql \copy) of its
-- file's fixed-width lines, formatted in SQL. (Collecting first matters: a single
-- INSERT … SELECT interleaves, and each bank's anti-join then rescans the pages the same
-- statement just wrote for the banks before it.)
\pset tuples_only on
\pset format unaligned
SELECT format($s$
BEGIN;
ANALYZE bench.debit_instruction;
CREATE TEMP TABLE due ON COMMIT DROP AS SELECT b.code AS bank_code, (row_number() OVER (PARTITION BY b.code ORDER BY d.mandate_id) - 1) / least(b.max_records_per_file, CASE b.layout WHEN 'bpd-b' THEN 999999 ELSE 999999999 END) + 1 AS file_sequence, d.* FROM autodebet.bank b CROSS JOIN LATERAL bench.first_attempt_due(b.code, %1$L) d WHERE b.active;
INSERT INTO bench.debit_instruction (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence, account_no, account_name, amount, jkk, jkm, jht, tariff_id, base) SELECT autodebet.instruction_reference(%1$L, 1, d.mandate_id), d.mandate_id, d.kpj, d.bank_code, %1$L, 1, d.file_sequence, d.account_no, d.account_name, d.amount, d.jkk, d.jkm, d.jht, d.tariff_id, d.base FROM due d ORDER BY d.bank_code, d.mandate_id;
ANALYZE bench.debit_instruction;
$s$, :'period');

SELECT format($s$\copy (SELECT line FROM (SELECT 0 AS part, 0::bigint AS id, %3$s AS line UNION ALL SELECT 1, i.id, %4$s FROM bench.debit_instruction i JOIN autodebet.participant p USING (kpj) WHERE i.bank_code = %1$L AND i.period = %2$L AND i.attempt = 1 UNION ALL SELECT 2, 0, %5$s FROM bench.debit_instruction i WHERE i.bank_code = %1$L AND i.period = %2$L AND i.attempt = 1) x ORDER BY part, id) TO '%1$s.txt'$s$,
    b.code, :'period',
    CASE b.layout
      WHEN 'bpd-a' THEN format('%L', rpad('H' || b.code || '20261121' || '20261207' || '202612' || '01' || '0001' || rpad('BPJSTKBPU', 10), 120))
      ELSE format('%L', rpad('0' || b.code || '21112026' || '07122026' || '122026' || '01' || '0001' || rpad('BPJS KETENAGAKERJAAN', 40), 200) || E'\r')
    END,
    CASE b.layout
      WHEN 'bpd-a' THEN $a$'D' || rpad(i.reference, 20) || rpad(i.account_no, 16) || bench.plain(i.account_name, 30) || bench.num(i.amount, 15) || i.kpj || p.nik || repeat(' ', 11)$a$
      ELSE $b$'1' || bench.num(row_number() OVER (ORDER BY i.id), 6) || p.nik || i.kpj || bench.plain(i.account_name, 40) || rpad(i.account_no, 18) || bench.num(i.amount * 100, 15) || bench.num(i.jkk * 100, 12) || bench.num(i.jkm * 100, 12) || bench.num(i.jht * 100, 12) || rpad(i.reference, 30) || repeat(' ', 27) || E'\r'$b$
    END,
    CASE b.layout
      WHEN 'bpd-a' THEN $a$rpad('T' || bench.num(count(*), 9) || bench.num(sum(i.amount)::bigint, 18) || bench.num((sum(i.account_no::numeric) % 1000000000000000000)::bigint, 18), 120)$a$
      ELSE $b$rpad('9' || bench.num(count(*), 6) || bench.num(sum(i.amount * 100)::bigint, 18), 200) || E'\r'$b$
    END)
  FROM autodebet.bank b
 WHERE b.active AND EXISTS (SELECT FROM autodebet.mandate m WHERE m.bank_code = b.code AND m.status = 'active')
 ORDER BY b.code;

SELECT 'COMMIT;';
