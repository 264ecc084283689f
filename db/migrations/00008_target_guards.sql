-- Rows that point at a "target" (a project, proposal, debate or comment by type and id) have no
-- foreign key to it: a trigger refuses a target of another organization, like a composite key would.
alter table moderations add foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade;

create or replace function projects_count_comments() returns trigger language plpgsql as $$
declare
  before_live int := case when tg_op in ('UPDATE', 'DELETE') and old.target_type = 'project' and old.deleted_at is null then 1 else 0 end;
  after_live int := case when tg_op in ('UPDATE', 'INSERT') and new.target_type = 'project' and new.deleted_at is null then 1 else 0 end;
begin
  if after_live <> before_live then
    update projects set comments_count = comments_count + after_live - before_live
    where id = case when tg_op = 'DELETE' then old.target_id else new.target_id end
      and organization_id = case when tg_op = 'DELETE' then old.organization_id else new.organization_id end;
  end if;
  return null;
end;
$$;

create function check_target_in_organization() returns trigger language plpgsql as $$
begin
  if not exists (
    select 1 from projects where new.target_type = 'project' and id = new.target_id and organization_id = new.organization_id
    union all select 1 from proposals where new.target_type = 'proposal' and id = new.target_id and organization_id = new.organization_id
    union all select 1 from debates where new.target_type = 'debate' and id = new.target_id and organization_id = new.organization_id
    union all select 1 from comments where new.target_type = 'comment' and id = new.target_id and organization_id = new.organization_id)
  then
    raise exception '% % is not in organization %', new.target_type, new.target_id, new.organization_id using errcode = '23503';
  end if;
  return new;
end;
$$;
create trigger comments_target_in_organization before insert or update of target_type, target_id, organization_id on comments
  for each row execute function check_target_in_organization();
create trigger reports_target_in_organization before insert on reports
  for each row execute function check_target_in_organization();
create trigger moderations_target_in_organization before insert on moderations
  for each row execute function check_target_in_organization();
