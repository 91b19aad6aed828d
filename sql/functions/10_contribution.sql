-- Contributions (product.md "Contribution rules"): the tier base of the declared income
-- (PP 44/2015 Lampiran II) and the tariff in force (PP 50/2025 discount), as data in
-- autodebet.tier_table, autodebet.income_tier and autodebet.tariff. Repeatable: migrate
-- applies this file again whenever it changes.

-- numerator / denominator rounded half up, for non-negative numerators.
CREATE OR REPLACE FUNCTION autodebet.round_half_up(numerator bigint, denominator bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (numerator * 2 + denominator) / (denominator * 2);

-- The tier of a declared income in a period: none when no tier table is in force. A
-- set-returning SQL function with one SELECT, so the planner inlines it into callers.
CREATE OR REPLACE FUNCTION autodebet.income_tier_for(p_income bigint, p_period autodebet.period)
RETURNS TABLE (tier int, base bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT it.tier, it.base
      FROM autodebet.tier_table tt
      JOIN autodebet.income_tier it ON it.tier_table_id = tt.id
     WHERE tt.first_period <= p_period
       AND (tt.last_period IS NULL OR p_period <= tt.last_period)
       AND it.income_from <= p_income
     ORDER BY it.income_from DESC
     LIMIT 1
$$;

-- The BPU contribution for one month, on the tier base of the declared income: each
-- component computed exactly as a fraction of the base (rate and discount applied
-- together) and rounded half up once; JKM is a fixed amount, discounted likewise. One
-- row per matching tariff and tier table: none means no rule covers the period
-- (generation checks contribution_rule_gaps first).
CREATE OR REPLACE FUNCTION autodebet.contribution(
    p_sector text, p_income bigint, p_jht boolean, p_period autodebet.period)
RETURNS TABLE (jkk bigint, jkm bigint, jht bigint, tariff_id int, base bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT autodebet.round_half_up(b.base * t.jkk_rate_bp * (100 - t.jkk_jkm_discount_pct), 1000000),
           autodebet.round_half_up(t.jkm_amount * (100 - t.jkk_jkm_discount_pct), 100),
           CASE WHEN p_jht THEN autodebet.round_half_up(b.base * t.jht_rate_bp, 10000) ELSE 0 END,
           t.id,
           b.base
      FROM autodebet.tariff t
     CROSS JOIN LATERAL autodebet.income_tier_for(p_income, p_period) b
     WHERE t.sector = p_sector
       AND t.first_period <= p_period
       AND (t.last_period IS NULL OR p_period <= t.last_period)
$$;

-- Rules of money that must each have exactly one version in force for a period to be
-- debited: the tariff of each sector, and the tier table. A row per rule that has not.
CREATE OR REPLACE FUNCTION autodebet.contribution_rule_gaps(p_period autodebet.period)
RETURNS TABLE (rule text, kind text, in_force bigint)
LANGUAGE sql STABLE AS $$
    SELECT 'sector ' || s.sector, 'tariffs', count(t.id)
      FROM unnest(ARRAY['general', 'transport']) AS s(sector)
      LEFT JOIN autodebet.tariff t
        ON t.sector = s.sector AND t.first_period <= p_period
       AND (t.last_period IS NULL OR p_period <= t.last_period)
     GROUP BY s.sector
    HAVING count(t.id) <> 1
    UNION ALL
    SELECT 'income tiers', 'tier tables', count(*)
      FROM autodebet.tier_table tt
     WHERE tt.first_period <= p_period AND (tt.last_period IS NULL OR p_period <= tt.last_period)
    HAVING count(*) <> 1
$$;
