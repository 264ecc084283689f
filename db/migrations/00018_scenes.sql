-- 3D scenes of a project (issue 12): a project has scenes; a scene has variants (the existing
-- state, design A, design B...), each with its text description, poster picture, authored
-- viewpoints (camera position and target, a caption, a still picture: the path without 3D) and its
-- optimised glTF binary. A variant is a participation target (registry kind `variant`): people
-- comment on it and report it, moderation hides it, the audit log names it.
--
-- Models are stored by content hash in the uploads storage (`<organization>/<sha256>.glb`, served
-- immutable); the uploaded original is kept beside it, not served. The pipeline's budget report is
-- kept whole, and its hard limits are checked here too: no stored model is over 8 MB, 300,000
-- triangles or 200 draw calls, whoever wrote the row.
create table scenes (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  project_id bigint not null,
  title text not null check (length(title) between 3 and 160),
  summary text not null default '' check (length(summary) <= 1000),
  position integer not null default 0 check (position >= 0),
  created_by bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (id, project_id, organization_id),
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (created_by, organization_id) references users (id, organization_id) on delete restrict
);
create index scenes_project_idx on scenes (project_id, position, id);

create table scene_models (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  uploader_id bigint not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null check (storage_key ~ '^[0-9]+/[0-9a-f]{64}\.glb$'),
  byte_size integer not null check (byte_size between 1 and 8388608),
  original_sha256 text not null check (original_sha256 ~ '^[0-9a-f]{64}$'),
  original_storage_key text not null check (original_storage_key ~ '^[0-9]+/[0-9a-f]{64}-original\.bin$'),
  original_byte_size integer not null check (original_byte_size > 0),
  original_name text not null check (length(original_name) between 1 and 255),
  triangles integer not null check (triangles between 0 and 300000),
  draw_calls integer not null check (draw_calls between 0 and 200),
  materials integer not null check (materials >= 0),
  texture_bytes bigint not null check (texture_bytes >= 0),
  report jsonb not null check (jsonb_typeof(report) = 'object'),
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  foreign key (uploader_id, organization_id) references users (id, organization_id) on delete restrict
);
create index scene_models_sha_idx on scene_models (organization_id, sha256);

create table scene_variants (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  project_id bigint not null,
  scene_id bigint not null,
  -- The official who created it: its author in the registry's sense (reports, moderation).
  author_id bigint not null,
  position integer not null check (position >= 0),
  title text not null check (length(title) between 1 and 120),
  description text not null check (length(description) between 1 and 5000),
  poster_upload_id bigint,
  poster_alt text check (poster_alt is null or length(poster_alt) between 1 and 300),
  model_id bigint,
  hidden_at timestamptz,
  comments_count integer not null default 0 check (comments_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (scene_id, position),
  constraint scene_variants_poster_has_alt check (poster_upload_id is null or poster_alt is not null),
  -- The scene is the project's: a variant cannot point at a scene of another project.
  foreign key (scene_id, project_id, organization_id) references scenes (id, project_id, organization_id) on delete cascade,
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (author_id, organization_id) references users (id, organization_id) on delete restrict,
  foreign key (poster_upload_id, organization_id) references uploads (id, organization_id) on delete restrict,
  foreign key (model_id, organization_id) references scene_models (id, organization_id) on delete restrict
);
create index scene_variants_scene_idx on scene_variants (scene_id, position);
create index scene_variants_project_idx on scene_variants (project_id);

create table scene_viewpoints (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  variant_id bigint not null,
  position integer not null check (position >= 0),
  name text not null check (length(name) between 1 and 80),
  caption text not null check (length(caption) between 1 and 500),
  -- Model space, metres, y up (glTF).
  camera_x double precision not null check (camera_x between -10000 and 10000),
  camera_y double precision not null check (camera_y between -10000 and 10000),
  camera_z double precision not null check (camera_z between -10000 and 10000),
  target_x double precision not null check (target_x between -10000 and 10000),
  target_y double precision not null check (target_y between -10000 and 10000),
  target_z double precision not null check (target_z between -10000 and 10000),
  still_upload_id bigint,
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (variant_id, position),
  constraint scene_viewpoints_camera_not_target check (
    (camera_x, camera_y, camera_z) is distinct from (target_x, target_y, target_z)),
  foreign key (variant_id, organization_id) references scene_variants (id, organization_id) on delete cascade,
  foreign key (still_upload_id, organization_id) references uploads (id, organization_id) on delete restrict
);

insert into target_kinds (kind, table_name, commentable, reportable) values ('variant', 'scene_variants', true, true);
