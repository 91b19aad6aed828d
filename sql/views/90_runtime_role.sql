-- What the runtime role autodebet_app may do: what the everyday commands need (all but
-- migrate and archive), nothing more. It owns nothing, so it can neither alter nor drop a
-- table, a trigger or a function; the audit trail it may only append to, not read; the
-- schema's history it may read, not write; the archive it cannot see. Applied after the
-- finance views (which are made again with their grants), and again after every migration.
GRANT USAGE ON SCHEMA autodebet, finance TO autodebet_app;
-- Written by the commands (imports, generate, returns, close, files cancel, reverse).
GRANT SELECT, INSERT, UPDATE ON autodebet.participant, autodebet.mandate, autodebet.debit_file,
    autodebet.debit_instruction, autodebet.return_file, autodebet.holiday, autodebet.closed_period
    TO autodebet_app;
GRANT SELECT, INSERT ON autodebet.attempt TO autodebet_app;
-- A close recomputes its period's results.
GRANT SELECT, INSERT, DELETE ON autodebet.period_result TO autodebet_app;
-- Read only: banks and the rules of money, which periods are archived, the schema's version.
GRANT SELECT ON autodebet.bank, autodebet.tariff, autodebet.tier_table, autodebet.income_tier,
    autodebet.archived_period, autodebet.schema_migration TO autodebet_app;
GRANT INSERT ON autodebet.audit_event TO autodebet_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA autodebet TO autodebet_app;
-- report, status and generate read the finance views.
GRANT SELECT ON ALL TABLES IN SCHEMA finance TO autodebet_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA finance TO autodebet_app;
-- The owner's rights, for these two things only: fresh statistics (0012), and generate
-- making a period's partition of debit_instruction (0008; CREATE TABLE and ATTACH
-- PARTITION take the owner's rights). The function exists unless a test replays an
-- upgrade from before 0008, after which this file is applied again.
REVOKE EXECUTE ON FUNCTION autodebet.refresh_statistics(regclass) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION autodebet.refresh_statistics(regclass) TO autodebet_app;
DO $$
BEGIN
    IF to_regprocedure('autodebet.ensure_instruction_partition(autodebet.period)') IS NOT NULL THEN
        ALTER FUNCTION autodebet.ensure_instruction_partition(autodebet.period)
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
        REVOKE EXECUTE ON FUNCTION autodebet.ensure_instruction_partition(autodebet.period) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION autodebet.ensure_instruction_partition(autodebet.period) TO autodebet_app;
    END IF;
END $$;
