-- The invariants every state must meet, whatever was killed, raced or lost on the way
-- (README "Guarantees and how they are tested"). Used by scripts/crashloop (psql) and by
-- the tests (Tests/AutodebetDatabaseTests/Support/Invariants.swift); the one place they
-- are written. Defines two temporary views for the session that runs this file:
--
--   invariant_violations (invariant, subject, detail): one row per violation; none is clean.
--   outbox_violations (invariant, subject, detail, strict): the same for the files, from
--       what the caller found in the outbox (SQL cannot read it) and put in the temporary
--       table outbox_file (name, sha256, newlines): every recorded debit file not cancelled
--       and placed is there with its SHA-256 and record count (its lines but header and
--       trailer); no final-named debit file there is unrecorded. The rows marked strict
--       count only after a run that completed: a recorded file not yet placed missing, and
--       any temporary file left.
--
-- "Period results equal a recomputation" uses close's own rule,
-- autodebet.period_results_due(period): the rule is not written a second time. It holds
-- for a closed period until a fact it reads changes after the close (a late return, a
-- mandate revoked by a later import); the callers check it right after their closes.
-- Archived periods are left out: their instructions are no longer in the working table.

CREATE TEMP TABLE IF NOT EXISTS outbox_file (name text PRIMARY KEY, sha256 text NOT NULL, newlines bigint NOT NULL);

CREATE OR REPLACE TEMP VIEW outbox_violations AS
SELECT 'no unrecorded final-named file' AS invariant, o.name AS subject, 'not recorded' AS detail, false AS strict
  FROM outbox_file o
 WHERE o.name LIKE 'AD\_%.txt' AND NOT EXISTS (SELECT FROM autodebet.debit_file f WHERE f.name = o.name)
UNION ALL
SELECT 'no temporary file after a completed run', o.name, 'left behind', true
  FROM outbox_file o WHERE o.name LIKE '.%.tmp'
UNION ALL
SELECT 'recorded file exists', f.name,
       CASE WHEN o.name IS NULL THEN 'missing (placed: ' || (f.placed_at IS NOT NULL) || ')'
            WHEN o.sha256 <> f.sha256 THEN 'SHA-256 differs from the recorded one'
            ELSE (o.newlines - 2) || ' records, ' || f.record_count || ' recorded' END,
       o.name IS NULL AND f.placed_at IS NULL
  FROM autodebet.debit_file f LEFT JOIN outbox_file o ON o.name = f.name
 WHERE f.cancelled_at IS NULL
   AND (o.name IS NULL OR o.sha256 <> f.sha256 OR o.newlines - 2 <> f.record_count);

CREATE OR REPLACE TEMP VIEW invariant_violations AS
-- At most one live debit (submitted or paid) per participant and period.
SELECT 'one live debit per participant and period' AS invariant,
       i.kpj || ' ' || i.period AS subject, count(*) || ' live debits' AS detail
  FROM autodebet.debit_instruction i
 WHERE autodebet.instruction_is_live(i.status)
 GROUP BY i.kpj, i.period HAVING count(*) > 1
UNION ALL
-- Every recorded file holds exactly its instructions: count and rupiah.
SELECT 'recorded file = its instructions', f.name,
       'file ' || f.record_count || ' / Rp ' || f.total_amount || ', instructions '
       || coalesce(i.n, 0) || ' / Rp ' || coalesce(i.total, 0)
  FROM autodebet.debit_file f
  LEFT JOIN (SELECT period, bank_code, attempt, file_sequence, count(*) AS n, sum(amount) AS total
               FROM autodebet.debit_instruction GROUP BY 1, 2, 3, 4) i
    ON i.period = f.period AND i.bank_code = f.bank_code AND i.attempt = f.attempt AND i.file_sequence = f.sequence
 WHERE f.period NOT IN (SELECT period FROM autodebet.archived_period)
   AND (i.n IS DISTINCT FROM f.record_count OR i.total IS DISTINCT FROM f.total_amount)
UNION ALL
-- Instructions only in recorded files (a file written but not recorded would show here).
SELECT 'instruction in a recorded file', i.period || ' ' || i.bank_code || ' A' || i.attempt || ' S' || i.file_sequence,
       count(*) || ' instructions in no recorded file'
  FROM autodebet.debit_instruction i
 WHERE NOT EXISTS (SELECT FROM autodebet.debit_file f WHERE f.period = i.period AND f.bank_code = i.bank_code
                      AND f.attempt = i.attempt AND f.sequence = i.file_sequence)
 GROUP BY i.period, i.bank_code, i.attempt, i.file_sequence
UNION ALL
-- No return half-applied: an imported return settled exactly its detail count …
SELECT 'return applied whole', r.file_name,
       'detail count ' || r.detail_count || ', instructions settled by it ' || coalesce(s.n, 0)
  FROM autodebet.return_file r
  LEFT JOIN (SELECT return_file_id, count(*) AS n FROM autodebet.debit_instruction
              WHERE return_file_id IS NOT NULL GROUP BY 1) s ON s.return_file_id = r.id
 WHERE r.status = 'imported' AND r.period NOT IN (SELECT period FROM autodebet.archived_period)
   AND coalesce(s.n, 0) IS DISTINCT FROM r.detail_count
UNION ALL
-- … a refused one settled none, and every settled instruction names an imported return.
SELECT 'return applied whole', i.period || ' ' || i.reference,
       i.status || ' without an imported return (return_file_id ' || coalesce(i.return_file_id::text, 'null') || ')'
  FROM autodebet.debit_instruction i
 WHERE i.status IN ('paid', 'failed', 'reversed')
   AND NOT EXISTS (SELECT FROM autodebet.return_file r WHERE r.id = i.return_file_id AND r.status = 'imported')
UNION ALL
SELECT 'return applied whole', i.period || ' ' || i.reference, 'submitted but named by return ' || i.return_file_id
  FROM autodebet.debit_instruction i
 WHERE i.status IN ('submitted', 'cancelled') AND i.return_file_id IS NOT NULL
UNION ALL
-- A closed period's results are close's rule applied to the facts now, and its counts theirs.
SELECT 'period results = recomputation', c.period || ' ' || x.kpj,
       'recorded ' || coalesce(x.recorded, 'none') || ', recomputed ' || coalesce(x.recomputed, 'none')
  FROM autodebet.closed_period c
 CROSS JOIN LATERAL (
       SELECT coalesce(d.kpj, r.kpj) AS kpj, r.result AS recorded, d.result AS recomputed
         FROM autodebet.period_results_due(c.period) d
         FULL JOIN (SELECT kpj, result FROM autodebet.period_result WHERE period = c.period) r ON r.kpj = d.kpj
        WHERE d.result IS DISTINCT FROM r.result) x
 WHERE c.period NOT IN (SELECT period FROM autodebet.archived_period)
UNION ALL
SELECT 'period results = recomputation', c.period,
       'closed with ' || c.participants || ' participants, ' || c.paid || ' paid; results hold '
       || coalesce(r.n, 0) || ', ' || coalesce(r.paid, 0) || ' paid'
  FROM autodebet.closed_period c
  LEFT JOIN (SELECT period, count(*) AS n, count(*) FILTER (WHERE result = 'paid') AS paid
               FROM autodebet.period_result GROUP BY 1) r ON r.period = c.period
 WHERE (coalesce(r.n, 0), coalesce(r.paid, 0)) IS DISTINCT FROM (c.participants, c.paid)
UNION ALL
SELECT 'period results = recomputation', r.period, count(*) || ' results of a period never closed'
  FROM autodebet.period_result r
 WHERE NOT EXISTS (SELECT FROM autodebet.closed_period c WHERE c.period = r.period)
 GROUP BY r.period;
