-- Town identity, public side: the home page's banner picture (an upload of the organization, with
-- its text alternative: RGAA 1.2), a short welcome text, and the footer's links (the town's site,
-- its legal notice). Shown on the public pages; every column may stay empty (a default look is drawn).
alter table organizations
  add column banner_upload_id bigint,
  add column banner_alt text check (banner_alt is null or length(banner_alt) between 1 and 300),
  add column welcome_text text check (welcome_text is null or length(welcome_text) between 1 and 600),
  add column footer_links jsonb not null default '[]'
    check (jsonb_typeof(footer_links) = 'array' and jsonb_array_length(footer_links) <= 6),
  add constraint organizations_banner_has_alt check (banner_upload_id is null or banner_alt is not null),
  add constraint organizations_banner_upload foreign key (banner_upload_id, id) references uploads (id, organization_id) on delete restrict;
