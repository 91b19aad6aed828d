import Logging
import PostgresClient

/// Applying a clean file: the rules live in sql/functions/50_mandates.sql (participants,
/// supersession, mandates, paid_through); this calls them in order.
extension MandateImport {
    func upsert(logger: Logger, clock: inout Stopwatch) throws -> Outcome {
        var outcome = Outcome()
        outcome.newParticipants = try connection.query("SELECT autodebet.apply_staged_participants() AS n")[0].int("n")
        logger.debug("mandates import: upserted participants in \(clock.lap())")
        outcome.superseded = try connection.query("SELECT autodebet.supersede_mandates() AS n")[0].int("n")
        logger.debug("mandates import: superseded old mandates in \(clock.lap())")
        let counts = try connection.query("SELECT updated_count, inserted_count FROM autodebet.apply_staged_mandates()")[0]
        outcome.updated = try counts.int("updated_count")
        outcome.inserted = try counts.int("inserted_count")
        logger.debug("mandates import: upserted mandates and paid_through in \(clock.lap())")
        return outcome
    }
}
