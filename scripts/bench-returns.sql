-- (appended after the \copy lines of the return files)
BEGIN;
UPDATE bench.debit_instruction i
   SET status = CASE c.outcome WHEN 'paid' THEN 'paid' ELSE 'failed' END, outcome = c.outcome,
       response_code = r.code, debited_on = CASE c.outcome WHEN 'paid' THEN r.processed END, returned_at = now()
  FROM (SELECT rtrim(substr(line, 2, 20)) AS reference, substr(line, 68, 2) AS code,
               to_date(substr(line, 70, 8), 'YYYYMMDD') AS processed
          FROM bench.return_line_a WHERE left(line, 1) = 'D'
        UNION ALL
        SELECT rtrim(substr(line, 8, 30)), substr(line, 53, 3), to_date(substr(line, 56, 8), 'DDMMYYYY')
          FROM bench.return_line_b WHERE left(line, 1) = '1') r
  JOIN bench.response_code c ON c.code = r.code
 WHERE i.reference = r.reference AND i.period = :'period' AND i.status = 'submitted';
COMMIT;
