-- Moderation that never loses an item, and the town's identity set by its admins (issue 10).
--
-- 1. An item waits for a moderator while it is reported and undecided, or hidden automatically
--    (`waiting`, derived by the database). Each time it enters the queue it opens a new `round`;
--    a moderator's decision takes the round it was made on, and `moderation_decisions` holds one
--    decision per round: two moderators deciding the same item at once end with one decision, the
--    second's insert failing on the unique key (the command reads it as "already decided").
-- `waiting_since`: when the item last entered the queue (its first report, or a report after a decision).
alter table moderations
  add column round integer not null default 1 check (round >= 1),
  add column waiting_since timestamptz not null default now(),
  add column waiting boolean generated always as (state = 'pending' or auto_hidden) stored,
  add constraint moderations_id_organization unique (id, organization_id),
  -- An automatic hiding is only ever a hidden item no moderator decided on yet.
  add constraint moderations_auto_hidden check (not auto_hidden or state = 'hidden');
update moderations set waiting_since = updated_at;
-- The queue reads the waiting items oldest first; the menu counts them.
create index moderations_waiting_idx on moderations (organization_id, waiting_since, id) where state = 'pending' or auto_hidden;

create table moderation_decisions (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  moderation_id bigint not null,
  round integer not null check (round >= 1),
  decision text not null check (decision in ('hide', 'restore', 'dismiss')),
  decided_by bigint not null,
  decided_at timestamptz not null default now(),
  unique (moderation_id, round),
  foreign key (moderation_id, organization_id) references moderations (id, organization_id) on delete cascade,
  foreign key (decided_by, organization_id) references users (id, organization_id) on delete restrict
);
-- The public moderation log lists an organization's decisions, newest first.
create index moderation_decisions_log_idx on moderation_decisions (organization_id, decided_at desc, id desc);
insert into moderation_decisions (organization_id, moderation_id, round, decision, decided_by, decided_at)
  select organization_id, id, 1,
         case state when 'hidden' then 'hide' when 'restored' then 'restore' else 'dismiss' end,
         decided_by, coalesce(decided_at, updated_at)
  from moderations where decided_by is not null and state <> 'pending';

-- 2. A restored item tells its author; the earlier "masquée" notification is marked superseded.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('proposal_answered', 'comment_reply', 'project_phase', 'content_hidden', 'accessibility_report', 'consultation_extended',
                  'consultation_results', 'content_restored'));
alter table notifications add column superseded_at timestamptz;

-- 3. The town's identity from the admins' form: a logo (an image upload, re-encoded; `logo_path`
--    is its URL, read with the organization), and the welcome text as rich text (validated JSON,
--    its HTML and its plain text, `welcome_text`, kept for plain places).
alter table organizations
  add column logo_upload_id bigint,
  add column welcome_doc jsonb check (welcome_doc is null or jsonb_typeof(welcome_doc) = 'object'),
  add column welcome_html text check (welcome_html is null or length(welcome_html) <= 20000),
  add constraint organizations_logo_upload foreign key (logo_upload_id, id) references uploads (id, organization_id) on delete restrict,
  add constraint organizations_welcome_rich check ((welcome_doc is null) = (welcome_html is null)),
  add constraint organizations_logo_path check (logo_upload_id is null or logo_path ~ '^/uploads/[0-9]+/[a-z0-9_-]+\.webp$');
