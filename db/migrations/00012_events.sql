-- What changed, recorded by each command in its own transaction (the events outbox). A dispatcher
-- in every instance claims undelivered rows (FOR UPDATE SKIP LOCKED), tells the page cache and the
-- sockets, and marks them delivered: an event committed while no dispatcher ran, or whose
-- dispatcher died before marking it, is delivered after the next start.
-- Rows hold ids only (no texts, no names): they tell "this changed", loaders stay the source of truth.
create table events (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  type text not null check (type ~ '^[a-z]+\.[a-z]+$'),
  -- Scopes: the project the event touches (and its slug at the time, the page cache's key), the
  -- members it is for (a notification's recipient), and the item it is about.
  project_id bigint,
  project_slug text,
  user_ids bigint[] not null default '{}',
  target_type text,
  target_id bigint,
  payload jsonb not null default '{}'::jsonb check (jsonb_typeof(payload) = 'object'),
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index events_undelivered_idx on events (id) where delivered_at is null;
create index events_delivered_at_idx on events (delivered_at) where delivered_at is not null;

-- Wakes the dispatchers once per statement, at commit (NOTIFY is transactional): an event is never
-- announced before the write it describes is visible.
create function events_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('events', '');
  return null;
end;
$$;
create trigger events_notify after insert on events for each statement execute function events_notify();
