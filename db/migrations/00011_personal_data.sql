-- Personal data kept out of what cannot be erased, and bounded warning mails.

-- The last "someone tried to sign up with your address" mail of each account: at most one an hour,
-- however many sign-ups try. Keyed by the account (not the address), so it goes with the account.
create table signup_warnings (
  user_id bigint primary key,
  organization_id bigint not null,
  sent_at timestamptz not null default now(),
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade
);

-- Free texts written about a member in the audit log (a block's reason, a moderation decision's
-- reason) are personal data that must go with the member's account, while the append-only chain
-- must stay intact. They live here, beside their entry: the entry's data holds a salted SHA-256 of
-- this row's data (so the text is tamper-evident while it exists and cannot be guessed from the
-- hash once erased), and deleting the account deletes its rows. No foreign key to audit_log: the
-- row is written in its entry's transaction, and a reference would change how audit_log refuses
-- TRUNCATE (its own trigger must be the one to say no).
create table audit_personal_data (
  audit_id bigint primary key,
  organization_id bigint not null,
  user_id bigint not null,
  salt text not null,
  data jsonb not null,
  foreign key (user_id, organization_id) references users (id, organization_id) on delete cascade
);
create index audit_personal_data_user_idx on audit_personal_data (user_id);

-- The member a mail speaks about (the author of a reply...): their pending mails to others are
-- dropped when that member deletes their account. The account a mail is for, to drop its mails
-- whatever address they went to (an address change's link goes to the new one).
alter table mail_outbox
  add column about_user_id bigint,
  add column for_user_id bigint;
create index mail_outbox_about_user_idx on mail_outbox (about_user_id) where about_user_id is not null;
create index mail_outbox_for_user_idx on mail_outbox (for_user_id) where for_user_id is not null;
