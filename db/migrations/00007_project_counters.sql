-- Counters on projects kept by the database itself: pages read a column instead of counting
-- thousands of rows. Visible proposals and debates (not hidden), followers, and the project's own
-- comments (not deleted). Triggers run in the writing transaction: never out of step.
alter table projects
  add column proposals_count integer not null default 0 check (proposals_count >= 0),
  add column debates_count integer not null default 0 check (debates_count >= 0),
  add column followers_count integer not null default 0 check (followers_count >= 0);

create function projects_count_proposals() returns trigger language plpgsql as $$
declare
  before_visible int := case when tg_op in ('UPDATE', 'DELETE') and old.hidden_at is null then 1 else 0 end;
  after_visible int := case when tg_op in ('UPDATE', 'INSERT') and new.hidden_at is null then 1 else 0 end;
begin
  if tg_op = 'UPDATE' and old.project_id <> new.project_id then
    update projects set proposals_count = proposals_count - before_visible where id = old.project_id;
    update projects set proposals_count = proposals_count + after_visible where id = new.project_id;
  elsif after_visible <> before_visible then
    update projects set proposals_count = proposals_count + after_visible - before_visible
    where id = coalesce(new.project_id, old.project_id);
  end if;
  return null;
end;
$$;
create trigger proposals_count_on_project after insert or delete or update of hidden_at, project_id on proposals
  for each row execute function projects_count_proposals();

create function projects_count_debates() returns trigger language plpgsql as $$
declare
  before_visible int := case when tg_op in ('UPDATE', 'DELETE') and old.hidden_at is null then 1 else 0 end;
  after_visible int := case when tg_op in ('UPDATE', 'INSERT') and new.hidden_at is null then 1 else 0 end;
begin
  if after_visible <> before_visible then
    update projects set debates_count = debates_count + after_visible - before_visible
    where id = coalesce(new.project_id, old.project_id);
  end if;
  return null;
end;
$$;
create trigger debates_count_on_project after insert or delete or update of hidden_at on debates
  for each row execute function projects_count_debates();

create function projects_count_followers() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update projects set followers_count = followers_count + 1 where id = new.project_id;
  else
    update projects set followers_count = followers_count - 1 where id = old.project_id;
  end if;
  return null;
end;
$$;
create trigger follows_count_on_project after insert or delete on follows
  for each row execute function projects_count_followers();

create function projects_count_comments() returns trigger language plpgsql as $$
declare
  before_live int := case when tg_op in ('UPDATE', 'DELETE') and old.target_type = 'project' and old.deleted_at is null then 1 else 0 end;
  after_live int := case when tg_op in ('UPDATE', 'INSERT') and new.target_type = 'project' and new.deleted_at is null then 1 else 0 end;
begin
  if after_live <> before_live then
    update projects set comments_count = comments_count + after_live - before_live
    where id = case when tg_op = 'DELETE' then old.target_id else new.target_id end;
  end if;
  return null;
end;
$$;
create trigger comments_count_on_project after insert or delete or update of deleted_at on comments
  for each row execute function projects_count_comments();

update projects p set
  proposals_count = (select count(*) from proposals pr where pr.project_id = p.id and pr.hidden_at is null),
  debates_count = (select count(*) from debates d where d.project_id = p.id and d.hidden_at is null),
  followers_count = (select count(*) from follows f where f.project_id = p.id),
  comments_count = (select count(*) from comments c where c.target_type = 'project' and c.target_id = p.id and c.deleted_at is null);
