-- The RGAA accessibility statement of each organization (one row, edited by its admins on
-- /admin/accessibilite), and the rate limit of its contact form.
--
-- The conformance state is not stored: it follows from the audit's compliance rate (the RGAA
-- model: 100 % totally, at least 50 % partially, else not conforming; no audit, not conforming),
-- so the page and the footer can never disagree with the rate. An audit has a rate, a date and an
-- auditor, or none of them.

-- A list of the statement (non-conforming content, technologies, pages audited...): at most
-- `max_items` one-line items of 1 to `max_length` characters. A function, because a check
-- constraint cannot hold a subquery.
create function maquette_text_list_ok(items text[], max_items int, max_length int) returns boolean
  language sql immutable parallel safe strict
  return cardinality(items) <= max_items
    and array_position(items, null) is null
    and not exists (select 1 from unnest(items) i where length(i) not between 1 and max_length or i ~ '[\r\n]');

create table accessibility_statements (
  organization_id bigint primary key references organizations (id) on delete cascade,
  compliance_rate numeric(5, 2) check (compliance_rate between 0 and 100),
  audited_on date,
  auditor text check (length(auditor) between 1 and 200),
  stated_on date not null,
  non_conformities text[] not null default '{}' check (maquette_text_list_ok(non_conformities, 50, 500)),
  derogations text[] not null default '{}' check (maquette_text_list_ok(derogations, 50, 500)),
  exemptions text[] not null default '{}' check (maquette_text_list_ok(exemptions, 50, 500)),
  technologies text[] not null default '{}' check (maquette_text_list_ok(technologies, 50, 500)),
  test_environments text[] not null default '{}' check (maquette_text_list_ok(test_environments, 50, 500)),
  tools text[] not null default '{}' check (maquette_text_list_ok(tools, 50, 500)),
  audited_pages text[] not null default '{}' check (maquette_text_list_ok(audited_pages, 50, 500)),
  updated_at timestamptz not null default now(),
  check ((compliance_rate is null) = (audited_on is null) and (compliance_rate is null) = (auditor is null))
);

-- One row per message sent through the statement's contact form, for its rate limit only: no
-- name, address or text (those go to the admins' notifications and mails), the sender as a
-- SHA-256 of their IP address. Rows older than a day are deleted when a message is sent.
create table accessibility_contacts (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations (id) on delete cascade,
  sender_key text not null check (sender_key ~ '^[0-9a-f]{64}$'),
  sent_at timestamptz not null default now()
);
create index accessibility_contacts_org_idx on accessibility_contacts (organization_id, sent_at);

-- The admins' notification of a message sent through the contact form (the mail carries the message).
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('proposal_answered', 'comment_reply', 'project_phase', 'content_hidden', 'accessibility_report'));
