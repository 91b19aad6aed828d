import FixedWidth
import Logging
import PersonalData
import PostgresClient

/// Rules over the whole file and the database, set-based on the staging table.
extension MandateImport {
    /// Rules over the whole file and the database, each problem on the line at fault: the
    /// first maxListedProblems of them, and how many there are in all. The registry is read
    /// through what autodebet.look_up_staged_mandates() found: a NIK is looked up only when
    /// it is not already its own participant's (NIKs are unique in the registry).
    func setBasedProblems() throws -> (listed: [InputProblem], total: Int) {
        // Offending keys are found by hashing (one pass over the file per rule, no sorts);
        // line details are then gathered only for those few keys.
        let rows = try connection.query("""
            WITH ref_dups AS (
                SELECT mandate_ref FROM mandate_staging GROUP BY mandate_ref HAVING count(*) > 1
            ), kpj_conflicts AS (
                SELECT kpj FROM mandate_staging GROUP BY kpj
                HAVING count(*) FILTER (WHERE status = 'active') > 1 OR min(nik) <> max(nik)
            ), nik_conflicts AS (
                SELECT nik FROM mandate_staging GROUP BY nik HAVING min(kpj) <> max(kpj)
            )
            SELECT line, col, value, reason, count(*) OVER () AS total FROM (
                SELECT line, 'mandate_ref' AS col, mandate_ref AS value,
                       'appears more than once in the file (first on line ' || first_line || ')' AS reason
                  FROM (SELECT line, mandate_ref, min(line) OVER (PARTITION BY mandate_ref) AS first_line
                          FROM mandate_staging WHERE mandate_ref IN (SELECT mandate_ref FROM ref_dups)) s
                 WHERE line <> first_line
                UNION ALL
                SELECT line, 'kpj', kpj,
                       'has another active mandate in the file (line ' || first_line || '); a participant has at most one'
                  FROM (SELECT line, kpj, min(line) OVER (PARTITION BY kpj) AS first_line
                          FROM mandate_staging
                         WHERE status = 'active' AND kpj IN (SELECT kpj FROM kpj_conflicts)) s
                 WHERE line <> first_line
                UNION ALL
                SELECT line, 'nik', nik, 'differs from the NIK given for this kpj on line ' || first_line
                  FROM (SELECT line, kpj, nik,
                               first_value(nik) OVER w AS first_nik, first_value(line) OVER w AS first_line
                          FROM mandate_staging WHERE kpj IN (SELECT kpj FROM kpj_conflicts)
                        WINDOW w AS (PARTITION BY kpj ORDER BY line)) s
                 WHERE nik <> first_nik
                UNION ALL
                SELECT line, 'nik', nik, 'is given for another kpj on line ' || first_line
                  FROM (SELECT line, kpj, nik,
                               first_value(kpj) OVER w AS first_kpj, first_value(line) OVER w AS first_line
                          FROM mandate_staging WHERE nik IN (SELECT nik FROM nik_conflicts)
                        WINDOW w AS (PARTITION BY nik ORDER BY line)) s
                 WHERE kpj <> first_kpj
                UNION ALL
                SELECT s.line, 'nik', s.nik, 'is registered to another participant'
                  FROM (SELECT s.line, s.kpj, s.nik FROM mandate_staging s
                         WHERE NOT EXISTS (SELECT FROM participant_incoming i
                                            WHERE i.kpj = s.kpj AND i.known_nik = s.nik)) s
                  JOIN autodebet.participant p ON p.nik = s.nik AND p.kpj <> s.kpj
                UNION ALL
                SELECT k.line, 'mandate_ref', s.mandate_ref, 'is registered for another participant (kpj)'
                  FROM mandate_known k JOIN mandate_staging s ON s.line = k.line
                 WHERE k.known_kpj <> k.kpj
            ) problems
            ORDER BY line, col
            LIMIT \(Self.maxListedProblems)
            """)
        let listed = try rows.map { row in
            let column = try row.string("col")
            let value = try row.string("value")
            return InputProblem(line: try row.int("line"), field: column,
                                 value: column == "nik" ? Mask.digits(value) : value,
                                 message: try row.string("reason"))
        }
        let total = try rows.first?.int("total") ?? 0
        return (listed, total)
    }

    /// Whole-file problems listed at most (each rule's offending rows can be the whole file).
    static let maxListedProblems = 1_000
}
