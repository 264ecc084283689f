-- The kinds of participation targets (what people comment on and report) become rows instead of
-- lists written into checks and triggers: the application's registry of targets
-- (app/modules/targets/registry.server.ts) and this table name the same kinds, and a new kind is
-- its table, its registration and one row here. Rows that point at a target by type and id
-- (comments, reports, moderations) still have no foreign key to the target itself; one generic
-- trigger refuses an unknown kind, a kind that does not take that act, and a target of another
-- organization, as a composite key would.
create table target_kinds (
  kind text primary key check (kind ~ '^[a-z][a-z_]{0,30}$'),
  table_name regclass not null unique,
  commentable boolean not null,
  reportable boolean not null
);
insert into target_kinds (kind, table_name, commentable, reportable) values
  ('project', 'projects', true, false),
  ('proposal', 'proposals', true, true),
  ('debate', 'debates', true, true),
  ('comment', 'comments', false, true);

alter table comments drop constraint comments_target_type_check;
alter table reports drop constraint reports_target_type_check;
alter table moderations drop constraint moderations_target_type_check;
alter table comments add foreign key (target_type) references target_kinds (kind);
alter table reports add foreign key (target_type) references target_kinds (kind);
alter table moderations add foreign key (target_type) references target_kinds (kind);

-- tg_argv[0]: the act the row is ('comment' on comments, 'report' on reports and moderations).
create or replace function check_target_in_organization() returns trigger language plpgsql as $$
declare
  k target_kinds;
  in_organization boolean;
begin
  select * into k from target_kinds where target_kinds.kind = new.target_type;
  if k.kind is null or not (case tg_argv[0] when 'comment' then k.commentable when 'report' then k.reportable else false end) then
    raise exception '% cannot take a % (%)', new.target_type, tg_argv[0], tg_table_name using errcode = '23514';
  end if;
  execute format('select exists (select 1 from %s where id = $1 and organization_id = $2)', k.table_name)
    into in_organization using new.target_id, new.organization_id;
  if not in_organization then
    raise exception '% % is not in organization %', new.target_type, new.target_id, new.organization_id using errcode = '23503';
  end if;
  return new;
end;
$$;
drop trigger comments_target_in_organization on comments;
drop trigger reports_target_in_organization on reports;
drop trigger moderations_target_in_organization on moderations;
create trigger comments_target_in_organization before insert or update of target_type, target_id, organization_id on comments
  for each row execute function check_target_in_organization('comment');
create trigger reports_target_in_organization before insert on reports
  for each row execute function check_target_in_organization('report');
create trigger moderations_target_in_organization before insert on moderations
  for each row execute function check_target_in_organization('report');
