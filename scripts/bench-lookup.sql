-- `make bench`, the pure-SQL side of `autodebet participant KPJ|NIK`: the same five
-- queries (psql -v column=kpj|nik -v key=…), attempts listed from the same period.
SELECT kpj, nik, name, status, unpaid_streak, lapsed_since, paid_through
  FROM autodebet.participant WHERE :"column" = :'key' \gset p_
SELECT m.mandate_ref, m.status, m.status_reason, m.bank_code, b.name AS bank_name,
       finance.mask(m.account_no) AS account_masked, m.sector, m.income, m.jht, m.start_period, m.end_period
  FROM autodebet.mandate m JOIN autodebet.bank b ON b.code = m.bank_code
 WHERE m.kpj = :'p_kpj' AND (m.status = 'active' OR m.status <> 'active') ORDER BY m.signed_on, m.id;
SELECT coalesce(autodebet.attempts_listed_from(6)::text, '') AS attempts_from \gset
SELECT period, attempt, bank_code, amount, status, outcome, response_code, debited_on::text AS debited_on
  FROM autodebet.debit_instruction
 WHERE kpj = :'p_kpj' AND (status IN ('submitted', 'paid') OR status NOT IN ('submitted', 'paid'))
   AND period >= coalesce(nullif(:'attempts_from', ''), period)
 ORDER BY period, attempt;
SELECT period, result FROM autodebet.participant_results(:'p_kpj');
