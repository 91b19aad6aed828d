-- The bank's verdicts on mandates (autodebet.apply_bank_verdicts) look up the instructions
-- a return file settled with an invalid account or mandate: without an index that is a
-- scan of every instruction ever written, once per return file. Partial: only those
-- outcomes, a few in a thousand.
CREATE INDEX debit_instruction_verdicts_by_return_file
    ON autodebet.debit_instruction (return_file_id)
 WHERE outcome IN ('account_invalid', 'mandate_invalid');
