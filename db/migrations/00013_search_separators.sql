-- Search separators: PostgreSQL's text parser reads "window.location", "ville.fr" or
-- "alert(document.cookie)" as one host-like word, so a search for "location" or "document" did not
-- find them. The indexed text now has ". < > &" as spaces (maquette_search_text), and the search
-- query goes through the same function (app/modules/projects/search.server.ts), so both sides cut
-- words at the same places. The stored text itself is unchanged: excerpts show it exactly.

create function maquette_search_text(text) returns text
  language sql immutable parallel safe strict
  return translate(maquette_unaccent($1), '<>&.', '    ');

-- A generated column's expression cannot be changed in place before PostgreSQL 17 (SET
-- EXPRESSION); dropping the column drops its GIN index, both are made again from the rows.
alter table projects drop column search;
alter table projects add column search tsvector generated always as (
  setweight(to_tsvector('french', maquette_search_text(title)), 'A') ||
  setweight(to_tsvector('french', maquette_search_text(summary)), 'B') ||
  setweight(to_tsvector('french', maquette_search_text(body_text)), 'C')
) stored;
create index projects_search_idx on projects using gin (search);

alter table proposals drop column search;
alter table proposals add column search tsvector generated always as (
  setweight(to_tsvector('french', maquette_search_text(title)), 'A') ||
  setweight(to_tsvector('french', maquette_search_text(body_text)), 'C')
) stored;
create index proposals_search_idx on proposals using gin (search);
