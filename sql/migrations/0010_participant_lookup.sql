-- `autodebet participant` reads one participant's mandates and instructions. Without
-- these, every mandate that is not active and every instruction that is not live (failed,
-- and later kinds) is found by scanning the whole table, every period's partition: at a
-- million participants with two years of history, a lookup took a quarter of a second.
-- The active mandate and the live instructions are already indexed by participant
-- (mandate_one_active_per_participant, debit_instruction_one_live_per_period); these
-- index the rest, so an index covers every status and costs nothing at generate, whose
-- instructions start live.
CREATE INDEX mandate_inactive_by_participant ON autodebet.mandate (kpj) WHERE status <> 'active';
CREATE INDEX debit_instruction_not_live_by_participant
    ON autodebet.debit_instruction (kpj, period) WHERE status NOT IN ('submitted', 'paid');
