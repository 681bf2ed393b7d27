-- Copyright 2026 Volunteer Valuation contributors
-- License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
--
-- What our addons leave in a database once uninstalled. Run by .ci/test's
-- coexistence stage with psql, twice:
--   psql -v modules="'a','b'" -v phase=snapshot -f uninstall_residue.sql  (installed)
--   psql -v modules="'a','b'" -v phase=check -f uninstall_residue.sql     (uninstalled)
-- The snapshot (in a schema of its own, which Odoo never reads) lists the
-- records, models, tables and columns that our modules own; the check prints
-- one line "kind|what" for each of them still there, and for any row of
-- Odoo's tables that still names one of our models. Nothing printed: clean.
\set ON_ERROR_STOP on
\pset footer off

\if :{?phase}
\else
\echo 'set -v phase=snapshot or -v phase=check'
\quit
\endif

select :'phase' = 'snapshot' as is_snapshot \gset

\if :is_snapshot

set client_min_messages = warning;
drop schema if exists vv_residue cascade;
create schema vv_residue;
create table vv_residue.modules as select unnest(array[:modules]::text[]) as name;

-- The table of an Odoo model, for the models whose table is not its name.
create function vv_residue.table_of(model text) returns text language sql immutable as $$
    select case model
        when 'ir.actions.act_window' then 'ir_act_window'
        when 'ir.actions.act_window.view' then 'ir_act_window_view'
        when 'ir.actions.report' then 'ir_act_report_xml'
        when 'ir.actions.server' then 'ir_act_server'
        when 'ir.actions.client' then 'ir_act_client'
        when 'ir.actions.act_url' then 'ir_act_url'
        else replace(model, '.', '_')
    end
$$;


-- Models and fields of ours: those that no other module declares too (a
-- module that extends res.partner gets an xmlid for it as well).
create function vv_residue.ours_only(model text, res_id integer) returns boolean language sql stable as $$
    select not exists(select 1 from ir_model_data d
                       where d.model = $1 and d.res_id = $2
                         and d.module not in (select name from vv_residue.modules))
$$;

create table vv_residue.records as
    select module || '.' || name as xmlid, model, res_id, vv_residue.table_of(model) as tbl
      from ir_model_data
     where module in (:modules) and vv_residue.ours_only(model, res_id);

create table vv_residue.models as
    select distinct m.model, vv_residue.table_of(m.model) as tbl
      from ir_model m
      join ir_model_data d on d.model = 'ir.model' and d.res_id = m.id
     where d.module in (:modules) and vv_residue.ours_only('ir.model', m.id);

-- Stored fields that our modules add to models of others (and their columns).
create table vv_residue.columns as
    select distinct f.model, vv_residue.table_of(f.model) as tbl, f.name as col
      from ir_model_fields f
      join ir_model_data d on d.model = 'ir.model.fields' and d.res_id = f.id
     where d.module in (:modules) and vv_residue.ours_only('ir.model.fields', f.id)
       and f.store and f.ttype not in ('one2many', 'many2many')
       and f.model not in (select model from vv_residue.models);

-- Many2many tables of our fields.
create table vv_residue.relations as
    select distinct f.relation_table as tbl
      from ir_model_fields f
      join ir_model_data d on d.model = 'ir.model.fields' and d.res_id = f.id
     where d.module in (:modules) and vv_residue.ours_only('ir.model.fields', f.id)
       and f.ttype = 'many2many' and f.relation_table is not null;

select count(*) || ' records, ' ||
       (select count(*) from vv_residue.models) || ' models, ' ||
       (select count(*) from vv_residue.columns) || ' columns on other models, ' ||
       (select count(*) from vv_residue.relations) || ' many2many tables' as snapshot
  from vv_residue.records \g (format=unaligned tuples_only)

\else

set client_min_messages = warning;

-- A record of ours still in its table.
create or replace function vv_residue.leftover_records() returns setof text language plpgsql as $$
declare
    rec record;
    found boolean;
begin
    for rec in select * from vv_residue.records order by xmlid loop
        if to_regclass('public.' || quote_ident(rec.tbl)) is null then
            continue;
        end if;
        execute format('select exists(select 1 from %I where id = $1)', rec.tbl) into found using rec.res_id;
        if found then
            return next 'record|' || rec.xmlid || ' (' || rec.model || ' ' || rec.res_id || ')';
        end if;
    end loop;
end $$;

-- A row of an Odoo table whose model column names one of our models
-- (messages, followers, attachments, actions, templates, filters...).
create or replace function vv_residue.leftover_model_refs() returns setof text language plpgsql as $$
declare
    col record;
    n bigint;
begin
    for col in
        select c.table_name, c.column_name
          from information_schema.columns c
          join information_schema.tables t
            on t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
           and c.column_name in ('model', 'res_model', 'model_name', 'res_model_name')
           and c.data_type in ('character varying', 'text')
         order by 1, 2
    loop
        execute format('select count(*) from %I where %I in (select model from vv_residue.models)',
                       col.table_name, col.column_name) into n;
        if n > 0 then
            return next 'model reference|' || n || ' row(s) of ' || col.table_name || '.' || col.column_name;
        end if;
    end loop;
end $$;

select * from (
    select 'ir_model_data|' || count(*) || ' row(s) of module ' || module
      from ir_model_data where module in (:modules) group by module
    union all
    select * from vv_residue.leftover_records()
    union all
    select 'table|' || tbl from vv_residue.models
     where to_regclass('public.' || quote_ident(tbl)) is not null
    union all
    select 'table|' || tbl from vv_residue.relations
     where to_regclass('public.' || quote_ident(tbl)) is not null
    union all
    select 'column|' || c.tbl || '.' || c.col from vv_residue.columns c
      join information_schema.columns i
        on i.table_schema = 'public' and i.table_name = c.tbl and i.column_name = c.col
    union all
    select * from vv_residue.leftover_model_refs()
    union all
    select 'parameter|' || key from ir_config_parameter
     where split_part(key, '.', 1) in (:modules)
    union all
    select 'asset|' || path from ir_asset where split_part(path, '/', 1) in (:modules)
    union all
    select 'view|' || coalesce(key, name) from ir_ui_view
     where split_part(coalesce(key, ''), '.', 1) in (:modules)
) residue(line) \g (format=unaligned tuples_only)

drop schema vv_residue cascade;

\endif
