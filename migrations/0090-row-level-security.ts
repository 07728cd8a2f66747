import { Migration } from '@mikro-orm/migrations';

/**
 * Tenancy enforced by the database for raw SQL too (issue 14).
 *
 * - `stvos_app`: a non-owner, non-superuser role the application queries as. Every pooled connection
 *   switches to it (server/db/row-level-security.ts) and every bound statement or transaction sets it again
 *   locally, so a query that names no tenant reads no tenant row: superusers and table owners would bypass the
 *   policies.
 * - `stvos_secure_tenant_tables()`: enables and forces row-level security on every table of the schema that
 *   has a `client_id` column and gives it the `tenant_isolation` policy when it has none. `migrate()` calls it
 *   after every run, so tables added by later migrations are covered without naming them here.
 * - The policy admits rows of the tenant bound to the transaction (`app.client_id`, set by `tenantScope`), or
 *   every row when the transaction went through the one escape hatch (`app.unscoped`, set by `unscoped()`).
 */
export class Migration0090RowLevelSecurity extends Migration {
  override name = '0090-row-level-security';

  override up(): void {
    // Roles belong to the cluster: another database on the same server may have created it already.
    this.addSql(`do $$
      begin
        if not exists (select 1 from pg_roles where rolname = 'stvos_app') then
          begin
            create role stvos_app nologin nosuperuser nobypassrls noinherit;
          -- Two databases of one server migrating at once: the loser waits, then finds it taken.
          exception when duplicate_object or unique_violation then null;
          end;
        end if;
        -- A non-superuser owner must be a member to switch to the role (a superuser may switch to any).
        if not (select rolsuper from pg_roles where rolname = current_user) then
          execute format('grant stvos_app to %I', current_user);
        end if;
      end $$`);
    this.addSql(`grant usage on schema public to stvos_app`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to stvos_app`);
    this.addSql(`grant usage, select, update on all sequences in schema public to stvos_app`);
    this.addSql(
      `alter default privileges in schema public grant select, insert, update, delete on tables to stvos_app`,
    );
    this.addSql(`alter default privileges in schema public grant usage, select, update on sequences to stvos_app`);
    this.addSql(`create or replace function stvos_secure_tenant_tables() returns integer language plpgsql as $$
      declare
        t record;
        secured integer := 0;
      begin
        -- Tables created by another role than the one that ran 0090 miss its default privileges.
        execute format('grant select, insert, update, delete on all tables in schema %I to stvos_app', current_schema());
        execute format('grant usage, select, update on all sequences in schema %I to stvos_app', current_schema());
        for t in
          select c.relname, c.relrowsecurity, c.relforcerowsecurity
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'client_id' and not a.attisdropped
          where n.nspname = current_schema() and c.relkind in ('r', 'p')
          order by c.relname
        loop
          -- Only where missing: ALTER TABLE takes an exclusive lock, which a busy table would deadlock on.
          if not t.relrowsecurity then
            execute format('alter table %I enable row level security', t.relname);
          end if;
          if not t.relforcerowsecurity then
            execute format('alter table %I force row level security', t.relname);
          end if;
          if not exists (select 1 from pg_policies p where p.schemaname = current_schema() and p.tablename = t.relname and p.policyname = 'tenant_isolation') then
            execute format($p$create policy tenant_isolation on %I
              using (client_id = nullif(current_setting('app.client_id', true), '')::integer or current_setting('app.unscoped', true) = 'on')
              with check (client_id = nullif(current_setting('app.client_id', true), '')::integer or current_setting('app.unscoped', true) = 'on')$p$, t.relname);
            secured := secured + 1;
          end if;
        end loop;
        return secured;
      end $$`);
    this.addSql(`select stvos_secure_tenant_tables()`);
  }

  override down(): void {
    this.addSql(`do $$
      declare t record;
      begin
        for t in select tablename from pg_policies where schemaname = current_schema() and policyname = 'tenant_isolation' loop
          execute format('drop policy tenant_isolation on %I', t.tablename);
          execute format('alter table %I no force row level security', t.tablename);
          execute format('alter table %I disable row level security', t.tablename);
        end loop;
      end $$`);
    this.addSql(`drop function if exists stvos_secure_tenant_tables()`);
    this.addSql(`alter default privileges in schema public revoke all on tables from stvos_app`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from stvos_app`);
    this.addSql(`revoke all on all tables in schema public from stvos_app`);
    this.addSql(`revoke all on all sequences in schema public from stvos_app`);
    this.addSql(`revoke usage on schema public from stvos_app`);
  }
}
