-- The cover image's alternative text, and each attached PDF's page count.
alter table projects
  add column cover_alt text check (cover_alt is null or length(cover_alt) <= 300);
alter table project_documents
  add column page_count integer check (page_count is null or page_count > 0);
