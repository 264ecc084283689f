-- Projects count their comments like proposals and debates; a comment deleted by its author may
-- have its text erased (the row stays while it has replies).
alter table projects add column comments_count integer not null default 0 check (comments_count >= 0);
update projects p set comments_count = c.n
from (select target_id, count(*)::int as n from comments where target_type = 'project' and deleted_at is null and hidden_at is null group by target_id) c
where c.target_id = p.id;
alter table comments drop constraint comments_body_check,
  add constraint comments_body_check check (deleted_at is not null or length(body) between 1 and 5000);
alter table debates add constraint debates_comments_count_check check (comments_count >= 0);
