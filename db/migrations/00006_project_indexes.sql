-- A cover image always has its alternative text; indexes for the officials' list and upload serving.
alter table projects add constraint projects_cover_has_alt check (cover_upload_id is null or cover_alt is not null);
create index projects_updated_idx on projects (organization_id, updated_at desc, id desc);
create index uploads_storage_key_idx on uploads (organization_id, storage_key);
