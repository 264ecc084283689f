-- Organizations (tenants), accounts, sessions, tokens, throttling, mail outbox, audit log.

create table organizations (
  id bigint generated always as identity primary key,
  host text not null unique check (host = lower(host) and host ~ '^[a-z0-9.-]+(:[0-9]+)?$'),
  name text not null check (length(name) between 1 and 120),
  default_locale text not null default 'fr' check (default_locale in ('fr', 'en')),
  primary_color text not null default '#000091' check (primary_color ~ '^#[0-9a-f]{6}$'),
  logo_path text,
  created_at timestamptz not null default now()
);

create table users (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  email text check (email is null or (email = lower(email) and length(email) <= 254)),
  email_confirmed_at timestamptz,
  name text check (name is null or length(name) between 1 and 80),
  password_hash text,
  role text not null default 'citizen' check (role in ('citizen', 'aidant', 'moderator', 'official', 'admin')),
  is_system_admin boolean not null default false,
  locale text check (locale in ('fr', 'en')),
  terms_accepted_at timestamptz,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (id, organization_id),
  check (deleted_at is not null or (email is not null and name is not null))
);
create unique index users_organization_email_key on users (organization_id, email) where email is not null;
create index users_organization_role_idx on users (organization_id, role, id);

create table sessions (
  id text primary key,
  organization_id bigint not null,
  user_id bigint not null,
  secret_hash bytea not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text,
  ip text,
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table verification_tokens (
  id text primary key,
  organization_id bigint not null,
  user_id bigint not null,
  purpose text not null check (purpose in ('confirm_email', 'reset_password')),
  secret_hash bytea not null,
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade
);
create index verification_tokens_user_idx on verification_tokens (user_id, purpose);

create table auth_failures (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  account_key text not null,
  ip text not null,
  failed_at timestamptz not null default now()
);
create index auth_failures_account_idx on auth_failures (organization_id, account_key, failed_at);
create index auth_failures_ip_idx on auth_failures (ip, failed_at);

create table mail_outbox (
  id bigint generated always as identity primary key,
  organization_id bigint references organizations (id) on delete cascade,
  to_address text not null,
  subject text not null,
  text_body text,
  html_body text,
  created_at timestamptz not null default now(),
  next_attempt_at timestamptz not null default now(),
  attempts integer not null default 0,
  sent_at timestamptz,
  last_error text
);
create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where sent_at is null;

-- Append-only and hash-chained: each row stores the hash of the one before (see app/modules/audit).
create table audit_log (
  id bigint generated always as identity primary key,
  organization_id bigint references organizations (id) on delete restrict,
  actor_id bigint references users (id) on delete restrict,
  action text not null,
  subject_type text,
  subject_id text,
  data jsonb not null default '{}',
  created_at timestamptz not null,
  prev_hash text,
  hash text not null unique
);
create index audit_log_organization_idx on audit_log (organization_id, id desc);

create function audit_log_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_forbid_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_forbid_change();
