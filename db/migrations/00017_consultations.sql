-- Consultations and votes (issue 11). The database decides votes:
-- - one ballot per voter per question: the primary key of consultation_participations;
-- - the window on the database clock, checked at the insert with the consultation's row locked
--   FOR SHARE, so that closing (which takes FOR NO KEY UPDATE) waits for ballots in flight and no
--   ballot commits after a close;
-- - secret ballots keep who voted (consultation_participations, consultation_voters) apart from what
--   was chosen (consultation_ballots: a digest of the voter's receipt as id, no voter, no time);
-- - the rules (questions, options, methods, eligibility, budget, secrecy) are frozen once a ballot
--   exists; only closes_at may move, and only later;
-- - tallies are counters kept in the ballot's transaction (consultation_tallies), never a recount.

create table consultations (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  project_id bigint not null,
  title text not null check (length(title) between 3 and 200),
  description text not null default '' check (length(description) <= 5000),
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  eligibility text not null default 'members' check (eligibility in ('members', 'verified')),
  min_age smallint check (min_age between 1 and 120),
  is_secret boolean not null default true,
  results_visibility text not null default 'live' check (results_visibility in ('live', 'after_close')),
  allow_change boolean not null default false,
  opened_at timestamptz,
  closed_at timestamptz,
  results_published_at timestamptz,
  created_by bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (closes_at > opens_at),
  check (closed_at is null or opened_at is not null),
  check (results_published_at is null or closed_at is not null),
  unique (id, organization_id),
  -- Ballots copy the secrecy and reference it: a secret ballot can never carry a voter.
  unique (id, is_secret),
  foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
  foreign key (created_by, organization_id) references users (id, organization_id) on delete restrict
);
create index consultations_project_idx on consultations (project_id, id);
-- The closing job looks for consultations whose time has come.
create index consultations_to_close_idx on consultations (closes_at) where opened_at is not null and closed_at is null;

-- Turnout: distinct voters of a consultation, kept by the ballots' transactions.
create table consultation_counts (
  consultation_id bigint primary key,
  organization_id bigint not null,
  voters bigint not null default 0 check (voters >= 0),
  foreign key (consultation_id, organization_id) references consultations (id, organization_id) on delete cascade
);

create table consultation_questions (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  consultation_id bigint not null,
  position integer not null default 0,
  title text not null check (length(title) between 3 and 200),
  description text not null default '' check (length(description) <= 5000),
  method text not null check (method in ('single', 'approval', 'majority', 'budget')),
  min_choices smallint,
  max_choices smallint,
  grade_scale smallint,
  budget_total bigint,
  budget_min_spend bigint,
  ballots bigint not null default 0 check (ballots >= 0),
  check ((method = 'approval') = (min_choices is not null and max_choices is not null)),
  check (min_choices is null or (min_choices between 0 and 100 and max_choices between 1 and 100 and min_choices <= max_choices)),
  check ((method = 'majority') = (grade_scale is not null)),
  check (grade_scale is null or grade_scale in (6, 7)),
  check ((method = 'budget') = (budget_total is not null and budget_min_spend is not null)),
  check (budget_total is null or (budget_total >= 1 and budget_min_spend between 0 and budget_total)),
  unique (id, organization_id),
  unique (id, consultation_id, organization_id),
  foreign key (consultation_id, organization_id) references consultations (id, organization_id) on delete cascade
);
create index consultation_questions_consultation_idx on consultation_questions (consultation_id, position, id);

create table consultation_options (
  id bigint generated always as identity primary key,
  organization_id bigint not null,
  question_id bigint not null,
  position integer not null default 0,
  label text not null check (length(label) between 1 and 200),
  description text not null default '' check (length(description) <= 2000),
  proposal_id bigint,
  cost bigint check (cost >= 0),
  unique (id, question_id),
  foreign key (question_id, organization_id) references consultation_questions (id, organization_id) on delete cascade,
  foreign key (proposal_id, organization_id) references proposals (id, organization_id) on delete restrict
);
create index consultation_options_question_idx on consultation_options (question_id, position, id);
create index consultation_options_proposal_idx on consultation_options (proposal_id) where proposal_id is not null;

-- Who voted on which question: one row per voter and question (the one-each rule). No time.
create table consultation_participations (
  question_id bigint not null,
  voter_id bigint not null,
  consultation_id bigint not null,
  organization_id bigint not null,
  primary key (question_id, voter_id),
  foreign key (question_id, consultation_id, organization_id) references consultation_questions (id, consultation_id, organization_id) on delete cascade,
  foreign key (voter_id, organization_id) references users (id, organization_id) on delete restrict
);

-- Who voted in the consultation at all (turnout, and whom to tell of a later close or results). No time.
create table consultation_voters (
  consultation_id bigint not null,
  voter_id bigint not null,
  organization_id bigint not null,
  primary key (consultation_id, voter_id),
  foreign key (consultation_id, organization_id) references consultations (id, organization_id) on delete cascade,
  foreign key (voter_id, organization_id) references users (id, organization_id) on delete restrict
);
create index consultation_voters_voter_idx on consultation_voters (voter_id);

-- What was chosen. The id is the SHA-256 of the receipt given to the voter: anyone holding a
-- receipt finds their ballot in the published list, nobody else can tie a ballot to a person.
-- A public ballot names its voter and time; a secret one neither (checked against the consultation).
create table consultation_ballots (
  id bytea primary key check (length(id) = 32),
  organization_id bigint not null,
  consultation_id bigint not null,
  question_id bigint not null,
  is_secret boolean not null,
  choice jsonb not null check (jsonb_typeof(choice) in ('object', 'array', 'number')),
  voter_id bigint,
  cast_at timestamptz,
  check (is_secret = (voter_id is null)),
  check (is_secret = (cast_at is null)),
  foreign key (consultation_id, is_secret) references consultations (id, is_secret) on delete cascade,
  foreign key (question_id, consultation_id, organization_id) references consultation_questions (id, consultation_id, organization_id) on delete cascade,
  foreign key (voter_id, organization_id) references users (id, organization_id) on delete restrict
);
create index consultation_ballots_consultation_idx on consultation_ballots (consultation_id, id);
create unique index consultation_ballots_public_voter_idx on consultation_ballots (question_id, voter_id) where voter_id is not null;

-- The tally counters: per question, option and grade (0 for the methods without grades).
create table consultation_tallies (
  question_id bigint not null,
  option_id bigint not null,
  grade smallint not null default 0 check (grade between 0 and 6),
  organization_id bigint not null,
  votes bigint not null default 0 check (votes >= 0),
  primary key (question_id, option_id, grade),
  foreign key (option_id, question_id) references consultation_options (id, question_id) on delete cascade
);

-- Counters exist from the start, so that ballots only update them.
create function consultation_counts_init() returns trigger language plpgsql as $$
begin
  insert into consultation_counts (consultation_id, organization_id) values (new.id, new.organization_id);
  return null;
end;
$$;
create trigger consultations_counts_init after insert on consultations
  for each row execute function consultation_counts_init();

-- Frozen rules, on the consultation itself: once a ballot exists, only the texts, the state
-- columns and a later closes_at may change.
create function consultation_rules_frozen() returns trigger language plpgsql as $$
declare
  has_ballots boolean;
begin
  select voters > 0 into has_ballots from consultation_counts where consultation_id = old.id;
  if not coalesce(has_ballots, false) then
    return new;
  end if;
  if new.project_id is distinct from old.project_id
     or new.organization_id is distinct from old.organization_id
     or new.opens_at is distinct from old.opens_at
     or new.eligibility is distinct from old.eligibility
     or new.min_age is distinct from old.min_age
     or new.is_secret is distinct from old.is_secret
     or new.results_visibility is distinct from old.results_visibility
     or new.allow_change is distinct from old.allow_change then
    raise exception 'consultation % has ballots: its rules are frozen', old.id using errcode = '23514', constraint = 'consultation_rules_frozen';
  end if;
  if new.closes_at < old.closes_at then
    raise exception 'consultation % has ballots: its close can only move later', old.id using errcode = '23514', constraint = 'consultation_close_only_later';
  end if;
  return new;
end;
$$;
create trigger consultations_rules_frozen before update on consultations
  for each row execute function consultation_rules_frozen();

-- Frozen rules, on questions and options. The consultation's row is locked as closing does, so a
-- change cannot slip between a ballot's checks and its commit. A cascade (the project or the
-- consultation deleted) is let through.
create function consultation_parts_frozen() returns trigger language plpgsql as $$
declare
  cid bigint;
  has_ballots boolean;
begin
  if pg_trigger_depth() > 1 then
    return coalesce(new, old);
  end if;
  if tg_table_name = 'consultation_questions' then
    -- A ballot moving a question's counter: no rule changes, and no lock (the ballot holds the
    -- consultation FOR SHARE; asking for more here would deadlock two ballot transactions).
    if tg_op = 'UPDATE' then
      if (new.consultation_id, new.organization_id, new.title, new.description, new.position, new.method, new.min_choices, new.max_choices, new.grade_scale, new.budget_total, new.budget_min_spend)
         is not distinct from
         (old.consultation_id, old.organization_id, old.title, old.description, old.position, old.method, old.min_choices, old.max_choices, old.grade_scale, old.budget_total, old.budget_min_spend) then
        return new;
      end if;
      if new.consultation_id is distinct from old.consultation_id then
        raise exception 'a question cannot move to another consultation' using errcode = '23514';
      end if;
    end if;
    if tg_op = 'DELETE' then
      cid := old.consultation_id;
    else
      cid := new.consultation_id;
    end if;
  else
    if tg_op = 'UPDATE' then
      if new.question_id is distinct from old.question_id then
        raise exception 'an option cannot move to another question' using errcode = '23514';
      end if;
    end if;
    if tg_op = 'DELETE' then
      select q.consultation_id into cid from consultation_questions q where q.id = old.question_id;
    else
      select q.consultation_id into cid from consultation_questions q where q.id = new.question_id;
    end if;
  end if;
  perform 1 from consultations where id = cid for no key update;
  select voters > 0 into has_ballots from consultation_counts where consultation_id = cid;
  if coalesce(has_ballots, false) then
    raise exception 'consultation % has ballots: its questions and options are frozen', cid using errcode = '23514', constraint = 'consultation_rules_frozen';
  end if;
  return coalesce(new, old);
end;
$$;
create trigger consultation_questions_frozen before insert or update or delete on consultation_questions
  for each row execute function consultation_parts_frozen();
create trigger consultation_options_frozen before insert or update or delete on consultation_options
  for each row execute function consultation_parts_frozen();

-- An option has a cost exactly when its question is a budget; a linked proposal belongs to the
-- consultation's project.
create function consultation_option_check() returns trigger language plpgsql as $$
declare
  q consultation_questions;
  project bigint;
begin
  select * into q from consultation_questions where id = new.question_id and organization_id = new.organization_id;
  if (q.method = 'budget') <> (new.cost is not null) then
    raise exception 'an option has a cost exactly when its question is a participatory budget' using errcode = '23514', constraint = 'consultation_option_cost';
  end if;
  if new.proposal_id is not null then
    select c.project_id into project from consultations c where c.id = q.consultation_id;
    if not exists (select 1 from proposals p where p.id = new.proposal_id and p.project_id = project and p.organization_id = new.organization_id) then
      raise exception 'proposal % is not in the consultation''s project', new.proposal_id using errcode = '23503', constraint = 'consultation_option_proposal';
    end if;
  end if;
  return new;
end;
$$;
create trigger consultation_options_check before insert or update on consultation_options
  for each row execute function consultation_option_check();

-- The window, on the database clock, for every statement that writes ballots (new or changed):
-- the consultations concerned are locked FOR SHARE (closing waits for them), then must be opened,
-- not closed, and between opens_at and closes_at at this very moment (clock_timestamp, not the
-- transaction's start).
create function consultation_ballots_in_window() returns trigger language plpgsql as $$
declare
  shut bigint;
begin
  perform 1 from consultations c where c.id in (select distinct consultation_id from written) order by c.id for share;
  select c.id into shut from consultations c
  where c.id in (select distinct consultation_id from written)
    and (c.opened_at is null or c.closed_at is not null or clock_timestamp() < c.opens_at or clock_timestamp() >= c.closes_at)
  limit 1;
  if shut is not null then
    raise exception 'consultation % is not open for ballots', shut using errcode = '23514', constraint = 'consultation_window';
  end if;
  return null;
end;
$$;
create trigger consultation_ballots_window_insert after insert on consultation_ballots
  referencing new table as written for each statement execute function consultation_ballots_in_window();
create trigger consultation_ballots_window_update after update on consultation_ballots
  referencing new table as written for each statement execute function consultation_ballots_in_window();
create trigger consultation_participations_window after insert on consultation_participations
  referencing new table as written for each statement execute function consultation_ballots_in_window();

-- Voters hear of a later close, voters and followers of the results.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('proposal_answered', 'comment_reply', 'project_phase', 'content_hidden', 'accessibility_report', 'consultation_extended', 'consultation_results'));

-- Event types may have an underscore after the dot (consultation.ballot_cast).
alter table events drop constraint events_type_check;
alter table events add constraint events_type_check check (type ~ '^[a-z]+\.[a-z]+(_[a-z]+)*$');
