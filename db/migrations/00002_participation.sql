-- Participation core: projects with phases, uploads, proposals and supports, debates, threaded
-- comments, reports and moderation, follows and notifications; French full-text search.

create extension if not exists unaccent;

-- unaccent() is only STABLE (it reads a dictionary); generated columns need IMMUTABLE.
create function maquette_unaccent(text) returns text
  language sql immutable parallel safe strict
  return public.unaccent('public.unaccent'::regdictionary, $1);

alter table organizations
  add column map_style_url text check (map_style_url is null or map_style_url ~ '^(https://|/)'),
  add column map_center_lng double precision not null default 2.3522 check (map_center_lng between -180 and 180),
  add column map_center_lat double precision not null default 48.8566 check (map_center_lat between -90 and 90),
  add column map_zoom real not null default 12 check (map_zoom between 0 and 22),
  add column report_threshold integer not null default 3 check (report_threshold between 1 and 100);

alter table users
  add column blocked_at timestamptz,
  add column blocked_reason text,
  add column notification_settings jsonb not null default '{}';

create table uploads (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  uploader_id bigint,
  kind text not null check (kind in ('image', 'document')),
  content_type text not null,
  original_name text not null check (length(original_name) <= 255),
  byte_size integer not null check (byte_size > 0),
  sha256 text not null,
  storage_key text not null,
  width integer,
  height integer,
  variants jsonb not null default '[]',
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  foreign key (uploader_id, organization_id) references users (id, organization_id) on delete restrict
);

create table projects (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  title text not null check (length(title) between 3 and 160),
  summary text not null default '' check (length(summary) <= 600),
  body jsonb not null,
  body_html text not null,
  body_text text not null default '',
  kind text not null check (kind in ('urban', 'cultural', 'leisure')),
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  location jsonb,
  center_lng double precision check (center_lng between -180 and 180),
  center_lat double precision check (center_lat between -90 and 90),
  cover_upload_id bigint,
  created_by bigint not null,
  published_at timestamptz,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('french', maquette_unaccent(title)), 'A') ||
    setweight(to_tsvector('french', maquette_unaccent(summary)), 'B') ||
    setweight(to_tsvector('french', maquette_unaccent(body_text)), 'C')
  ) stored,
  unique (organization_id, slug),
  unique (id, organization_id),
  check ((center_lng is null) = (center_lat is null)),
  foreign key (cover_upload_id, organization_id) references uploads (id, organization_id) on delete restrict,
  foreign key (created_by, organization_id) references users (id, organization_id) on delete restrict
);
create index projects_listing_idx on projects (organization_id, status, published_at desc, id desc);
create index projects_search_idx on projects using gin (search);

create table project_phases (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  project_id bigint not null,
  kind text not null check (kind in ('information', 'co_construction', 'vote', 'results')),
  starts_on date not null,
  ends_on date,
  description text not null default '' check (length(description) <= 1000),
  unique (project_id, kind),
  check (ends_on is null or ends_on >= starts_on),
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade
);
create index project_phases_project_idx on project_phases (project_id, starts_on);

create table project_documents (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  project_id bigint not null,
  upload_id bigint not null,
  title text not null check (length(title) between 1 and 200),
  position integer not null default 0,
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (upload_id, organization_id) references uploads (id, organization_id) on delete restrict
);
create index project_documents_project_idx on project_documents (project_id, position);

create table follows (
  organization_id bigint not null,
  user_id bigint not null,
  project_id bigint not null,
  created_at timestamptz not null default now(),
  primary key (project_id, user_id),
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade,
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade
);
create index follows_user_idx on follows (user_id);

create table proposals (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  project_id bigint not null,
  author_id bigint not null,
  title text not null check (length(title) between 3 and 160),
  body jsonb not null,
  body_html text not null,
  body_text text not null default '',
  lng double precision check (lng between -180 and 180),
  lat double precision check (lat between -90 and 90),
  status text not null default 'submitted'
    check (status in ('submitted', 'under_study', 'accepted', 'rejected', 'done', 'withdrawn')),
  answer_text text check (answer_text is null or length(answer_text) <= 5000),
  answered_at timestamptz,
  answered_by bigint,
  supports_count integer not null default 0 check (supports_count >= 0),
  comments_count integer not null default 0 check (comments_count >= 0),
  hidden_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('french', maquette_unaccent(title)), 'A') ||
    setweight(to_tsvector('french', maquette_unaccent(body_text)), 'C')
  ) stored,
  unique (id, organization_id),
  unique (id, project_id),
  check ((lng is null) = (lat is null)),
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (author_id, organization_id) references users (id, organization_id) on delete restrict,
  foreign key (answered_by, organization_id) references users (id, organization_id) on delete restrict
);
create index proposals_newest_idx on proposals (project_id, id desc) where hidden_at is null;
create index proposals_supported_idx on proposals (project_id, supports_count desc, id desc) where hidden_at is null;
create index proposals_status_idx on proposals (project_id, status, id desc) where hidden_at is null;
create index proposals_author_idx on proposals (author_id);
create index proposals_search_idx on proposals using gin (search);

create table supports (
  organization_id bigint not null,
  proposal_id bigint not null,
  user_id bigint not null,
  created_at timestamptz not null default now(),
  primary key (proposal_id, user_id),
  foreign key (proposal_id, organization_id) references proposals (id, organization_id) on delete cascade,
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade
);
create index supports_user_idx on supports (user_id);

create table debates (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  project_id bigint not null,
  author_id bigint not null,
  title text not null check (length(title) between 3 and 200),
  description text not null default '' check (length(description) <= 5000),
  conclusion text check (conclusion is null or length(conclusion) <= 5000),
  closed_at timestamptz,
  closed_by bigint,
  comments_count integer not null default 0,
  hidden_at timestamptz,
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  check ((closed_at is null) = (conclusion is null)),
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (author_id, organization_id) references users (id, organization_id) on delete restrict,
  foreign key (closed_by, organization_id) references users (id, organization_id) on delete restrict
);
create index debates_project_idx on debates (project_id, id desc);

-- One table for comments on projects, proposals and debates; depth 0 to 2 (replies up to depth 3).
create table comments (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  project_id bigint not null,
  target_type text not null check (target_type in ('project', 'proposal', 'debate')),
  target_id bigint not null,
  parent_id bigint,
  depth smallint not null default 0 check (depth between 0 and 2),
  author_id bigint not null,
  body text not null check (length(body) between 1 and 5000),
  alignment smallint not null default 0 check (alignment in (-1, 0, 1)),
  replies_count integer not null default 0,
  edited_at timestamptz,
  deleted_at timestamptz,
  hidden_at timestamptz,
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  check ((parent_id is null) = (depth = 0)),
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (author_id, organization_id) references users (id, organization_id) on delete restrict,
  foreign key (parent_id, organization_id) references comments (id, organization_id) on delete cascade
);
create index comments_roots_idx on comments (target_type, target_id, id) where parent_id is null;
create index comments_replies_idx on comments (parent_id, id) where parent_id is not null;
create index comments_author_idx on comments (author_id);

create table reports (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  target_type text not null check (target_type in ('proposal', 'comment', 'debate')),
  target_id bigint not null,
  reporter_id bigint not null,
  reason text not null check (reason in ('spam', 'offensive', 'off_topic', 'personal_data', 'other')),
  details text check (details is null or length(details) <= 1000),
  created_at timestamptz not null default now(),
  unique (target_type, target_id, reporter_id),
  foreign key (reporter_id, organization_id) references users (id, organization_id) on delete cascade
);

-- One row per reported item: the moderators' queue.
create table moderations (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  target_type text not null check (target_type in ('proposal', 'comment', 'debate')),
  target_id bigint not null,
  project_id bigint not null,
  report_count integer not null default 0,
  state text not null default 'pending' check (state in ('pending', 'hidden', 'restored', 'dismissed')),
  auto_hidden boolean not null default false,
  decided_by bigint,
  decided_at timestamptz,
  decision_reason text check (decision_reason is null or length(decision_reason) <= 1000),
  updated_at timestamptz not null default now(),
  unique (target_type, target_id),
  foreign key (decided_by, organization_id) references users (id, organization_id) on delete restrict
);
create index moderations_queue_idx on moderations (organization_id, state, updated_at desc);

create table notifications (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  user_id bigint not null,
  kind text not null check (kind in ('proposal_answered', 'comment_reply', 'project_phase', 'content_hidden')),
  data jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade
);
create index notifications_user_idx on notifications (user_id, id desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

-- Phase changes announced to followers once (by the phase notifier).
create table phase_announcements (
  phase_id bigint primary key references project_phases (id) on delete cascade,
  announced_at timestamptz not null default now()
);
