-- Least privilege: every command but `migrate` and `archive` can run as the role
-- autodebet_app, which owns nothing. Its grants are in sql/views/90_runtime_role.sql
-- (applied again after every migration, so a table added later has the grants listed
-- there, or none). What needs the owner's rights, it does through two SECURITY DEFINER
-- functions owned by the owner, and only those: refresh_statistics below, and
-- ensure_instruction_partition (0008), made SECURITY DEFINER in that file.
--
-- The role is made NOLOGIN: operations grants it to a login (GRANT autodebet_app TO
-- autodebet_ops) or gives it a password (ALTER ROLE autodebet_app LOGIN PASSWORD …).
-- Making a role takes CREATEROLE; an owner without it is told what a superuser must run.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autodebet_app') THEN
        IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'the runtime role autodebet_app does not exist and % may not create roles: a superuser runs CREATE ROLE autodebet_app NOLOGIN, then autodebet migrate again', current_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        BEGIN
            CREATE ROLE autodebet_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;   -- made meanwhile by a migrate of another database of the cluster
        END;
    END IF;
END $$;

-- Bulk steps refresh the statistics of what they just filled (ANALYZE takes the owner's
-- rights on PostgreSQL before 17); only tables of schema autodebet.
CREATE FUNCTION autodebet.refresh_statistics(p_table regclass) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_class WHERE oid = p_table AND relnamespace = 'autodebet'::regnamespace) THEN
        RAISE EXCEPTION 'refresh_statistics: % is not a table of schema autodebet', p_table
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE %s', p_table);
END $$;
REVOKE EXECUTE ON FUNCTION autodebet.refresh_statistics(regclass) FROM PUBLIC;
