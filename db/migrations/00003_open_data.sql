-- A per-organization secret for the pseudonymous author ids of the open-data exports:
-- stable across exports, impossible to link back to an account without it.
alter table organizations
  add column open_data_salt text not null default md5(random()::text || clock_timestamp()::text || random()::text);
