import FixedWidth
import Logging
import PersonalData
import PostgresClient

/// Applying a clean file: participants, supersession, mandates, paid_through.
extension MandateImport {
    func upsert(logger: Logger, clock: inout Stopwatch) throws -> Outcome {
        var outcome = Outcome()
        // One row per participant: its active mandate's row, else its latest. A new
        // participant's paid_through is the latest in the file; a participant who existed
        // has other mandates too, so theirs is recomputed below, after the mandates.
        // Update-then-insert rather than INSERT … ON CONFLICT: imports are serialized by
        // their lock, and plain inserts skip the per-row speculative insertion.
        try connection.execute("""
            CREATE TEMP TABLE participant_incoming ON COMMIT DROP AS
            SELECT DISTINCT ON (kpj) kpj, nik, name, max(paid_through) OVER w AS paid_through
              FROM mandate_staging
            WINDOW w AS (PARTITION BY kpj ORDER BY (status = 'active') DESC, line DESC
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
             ORDER BY kpj, (status = 'active') DESC, line DESC;
            UPDATE autodebet.participant p
               SET nik = i.nik, name = i.name, updated_at = now()
              FROM participant_incoming i
             WHERE p.kpj = i.kpj AND (p.nik, p.name) IS DISTINCT FROM (i.nik, i.name);
            CREATE TEMP TABLE participant_new ON COMMIT DROP AS
            WITH inserted AS (
                INSERT INTO autodebet.participant (kpj, nik, name, paid_through)
                SELECT i.kpj, i.nik, i.name, i.paid_through
                  FROM participant_incoming i
                 WHERE NOT EXISTS (SELECT FROM autodebet.participant p WHERE p.kpj = i.kpj)
                RETURNING kpj
            )
            SELECT kpj FROM inserted
            """)
        outcome.newParticipants = try connection.query("SELECT count(*) AS n FROM participant_new")[0].int("n")
        logger.debug("mandates import: upserted participants in \(clock.lap())")
        outcome.superseded = try connection.query("""
            UPDATE autodebet.mandate m
               SET status = 'superseded', status_reason = 'superseded by mandate ' || s.mandate_ref, updated_at = now()
              FROM mandate_staging s
             WHERE s.status = 'active' AND m.kpj = s.kpj AND m.mandate_ref <> s.mandate_ref
               AND m.status IN ('active', 'suspended')
            """).affectedRows
        logger.debug("mandates import: superseded old mandates in \(clock.lap())")
        // Existing mandates: updated when anything changed. A suspended mandate (account
        // reported invalid) stays suspended until the registry sends another account.
        let keepsSuspension = """
            m.status = 'suspended' AND s.status = 'active'
            AND (m.bank_code, m.account_no) = (s.bank_code, s.account_no)
            """
        outcome.updated = try connection.query("""
            UPDATE autodebet.mandate m SET
                   sector = s.sector, income = s.income, jht = s.jht, bank_code = s.bank_code,
                   account_no = s.account_no, account_name = s.account_name, signed_on = s.signed_on,
                   start_period = s.start_period, end_period = s.end_period, paid_through = s.paid_through,
                   status = CASE WHEN \(keepsSuspension) THEN 'suspended' ELSE s.status END,
                   status_reason = CASE WHEN \(keepsSuspension) THEN m.status_reason
                                        WHEN s.status = 'revoked' THEN 'revoked in the mandates file' END,
                   updated_at = now()
              FROM mandate_staging s
             WHERE m.mandate_ref = s.mandate_ref
               AND ((m.sector, m.income, m.jht, m.bank_code, m.account_no, m.account_name, m.signed_on,
                     m.start_period, m.end_period, m.paid_through)
                    IS DISTINCT FROM
                    (s.sector, s.income, s.jht, s.bank_code, s.account_no, s.account_name, s.signed_on,
                     s.start_period, s.end_period, s.paid_through)
                    OR (m.status <> s.status AND NOT (\(keepsSuspension))))
            """).affectedRows
        outcome.inserted = try connection.query("""
            INSERT INTO autodebet.mandate
                (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                 signed_on, start_period, end_period, paid_through, status, status_reason)
            SELECT mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                   signed_on, start_period, end_period, paid_through, status,
                   CASE status WHEN 'revoked' THEN 'revoked in the mandates file' END
              FROM mandate_staging s
             WHERE NOT EXISTS (SELECT FROM autodebet.mandate m WHERE m.mandate_ref = s.mandate_ref)
             ORDER BY line
            """).affectedRows
        logger.debug("mandates import: upserted mandates in \(clock.lap())")
        // Participants who existed before this file (updated or untouched by the upsert).
        try connection.query("""
            UPDATE autodebet.participant p
               SET paid_through = x.paid_through, updated_at = now()
              FROM (SELECT m.kpj, max(m.paid_through) AS paid_through
                      FROM autodebet.mandate m
                     WHERE m.kpj IN (SELECT kpj FROM mandate_staging EXCEPT SELECT kpj FROM participant_new)
                     GROUP BY m.kpj) x
             WHERE p.kpj = x.kpj AND p.paid_through IS DISTINCT FROM x.paid_through
            """)
        logger.debug("mandates import: updated paid_through in \(clock.lap())")
        return outcome
    }
}
