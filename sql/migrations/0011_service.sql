-- Running as a service (autodebet run).
--
-- lead_days: attempt 1 of a period is generated from this many business days before the
-- bank's debit date for it, so the file reaches the bank in time and is not written weeks
-- ahead of the mandates it reflects.
ALTER TABLE autodebet.bank
    ADD COLUMN lead_days int NOT NULL DEFAULT 2 CHECK (lead_days BETWEEN 0 AND 20);

-- placed_at: when the recorded file was renamed into the output directory. A file is
-- recorded first and renamed after COMMIT, so the outbox never shows a file the database
-- does not know; a recorded file not yet placed (a crash between the two, a lost COMMIT
-- acknowledgement) is written again from the database by the next run. Files recorded
-- before this migration were renamed before their COMMIT: they are placed.
ALTER TABLE autodebet.debit_file ADD COLUMN placed_at timestamptz;
UPDATE autodebet.debit_file SET placed_at = created_at;
CREATE INDEX debit_file_unplaced ON autodebet.debit_file (period) WHERE placed_at IS NULL AND cancelled_at IS NULL;
