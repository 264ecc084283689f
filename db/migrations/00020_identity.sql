-- Login through OpenID Connect providers (FranceConnect, ProConnect, a town's own), configured per
-- organization by its admins; the identities linked to accounts; the login attempts in flight
-- (state, nonce, PKCE verifier: one use, ten minutes); how each session was opened (the ID token is
-- kept for the provider's logout); the birth date a verified identity gave.

create table oidc_providers (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  kind text not null check (kind in ('franceconnect', 'proconnect', 'oidc')),
  label text not null check (length(label) between 1 and 80),
  issuer text not null check (length(issuer) <= 300 and issuer ~ '^https?://'),
  client_id text not null check (length(client_id) between 1 and 200),
  -- AES-256-GCM under OIDC_SECRET_KEY: iv (12) || tag (16) || ciphertext.
  client_secret_encrypted bytea not null check (length(client_secret_encrypted) > 28),
  scopes text not null check (scopes ~ '^openid( [a-z_:.-]{1,40}){0,12}$'),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, slug),
  unique (id, organization_id)
);

-- One provider identity (its `sub`) belongs to at most one account of the organization.
create table user_identities (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  user_id bigint not null,
  provider_id bigint not null,
  subject text not null check (length(subject) between 1 and 255),
  created_at timestamptz not null default now(),
  last_login_at timestamptz not null default now(),
  unique (provider_id, subject),
  unique (user_id, provider_id),
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade,
  foreign key (provider_id, organization_id) references oidc_providers (id, organization_id) on delete cascade
);

-- A login in flight: created when the visitor leaves for the provider, used once when they come
-- back. `pending_*`: an identity whose e-mail is an existing account's, waiting for that account's
-- password before it is linked (nothing is linked or created before).
create table oidc_login_attempts (
  state_hash bytea primary key,
  organization_id bigint not null,
  provider_id bigint not null,
  nonce text not null,
  code_verifier text not null,
  redirect_to text not null default '/',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  pending_user_id bigint,
  pending_subject text,
  pending_claims jsonb,
  pending_id_token text,
  foreign key (provider_id, organization_id) references oidc_providers (id, organization_id) on delete cascade,
  foreign key (pending_user_id, organization_id) references users (id, organization_id) on delete cascade,
  check ((pending_user_id is null) = (pending_subject is null))
);
create index oidc_login_attempts_expires_idx on oidc_login_attempts (expires_at);

alter table sessions
  add column login_method text not null default 'password' check (login_method in ('password', 'oidc')),
  add column oidc_provider_id bigint references oidc_providers (id) on delete set null,
  add column id_token text,
  add constraint sessions_oidc_provider check ((login_method = 'oidc') = (oidc_provider_id is not null) or oidc_provider_id is null);

-- From a verified identity (FranceConnect) or an in-person check: drives minimum-age rules.
alter table users
  add column birth_date date check (birth_date is null or birth_date between '1900-01-01' and '2100-01-01');

-- Verified residents: by the census (an identity from FranceConnect matching a census entry) or in
-- person (an admin saw a document). The verification ends at `resident_verified_until`.
alter table users
  add column resident_verified_until timestamptz,
  add column resident_verified_by text check (resident_verified_by in ('census', 'in_person')),
  add constraint users_resident_verification check ((resident_verified_until is null) = (resident_verified_by is null));

-- The census: only keyed hashes (HMAC-SHA-256 under the organization's census_key) of the
-- normalised family name, given names and birth date; nothing readable is stored or shown back.
alter table organizations add column census_key bytea check (census_key is null or length(census_key) = 32);

create table census_imports (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  imported_by bigint,
  created_at timestamptz not null default now(),
  -- Verifications made from this census end on this day.
  valid_until date not null,
  total_lines integer not null check (total_lines >= 0),
  imported_lines integer not null check (imported_lines >= 0),
  -- [{ "line": 12, "reason": "birth_date" }]: line numbers and reasons, never the line's content.
  rejected jsonb not null default '[]' check (jsonb_typeof(rejected) = 'array'),
  unique (id, organization_id),
  foreign key (imported_by, organization_id) references users (id, organization_id) on delete set null (imported_by)
);

create table census_entries (
  organization_id bigint not null references organizations (id) on delete cascade,
  identity_hash bytea not null check (length(identity_hash) = 32),
  import_id bigint not null,
  primary key (organization_id, identity_hash),
  foreign key (import_id, organization_id) references census_imports (id, organization_id) on delete cascade
);
