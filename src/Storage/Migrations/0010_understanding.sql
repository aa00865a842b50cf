-- 0010: understanding messages — admin classification rules, grid-worker confirmations, labelled examples for retraining.

-- Admin rules applied before the statistical model. Highest priority wins; ties go to the older rule.
create table classifier_rule (
    id              bigint generated always as identity primary key,
    pattern         text not null check (length(pattern) between 1 and 500),
    is_regex        boolean not null default false,
    priority        int not null default 0,
    force_type      text check (force_type in ('complaint', 'petition', 'query', 'other')),
    force_category  text,
    is_active       boolean not null default true,
    note            text,
    version         int not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    check (force_type is not null or force_category is not null)
);
create index classifier_rule_active_idx on classifier_rule (priority desc, id) where is_active;

-- A grid worker's answer to "please confirm" for a low-confidence message; the latest answer per message counts.
create table classification_confirmation (
    id                bigint generated always as identity primary key,
    inbox_message_id  bigint not null references inbox_message (id),
    text              text not null,
    type              text not null check (type in ('complaint', 'petition', 'query', 'other')),
    category          text not null,
    by_userid         text not null,
    created_at        timestamptz not null default now(),
    constraint classification_confirmation_message_uq unique (inbox_message_id)
);

-- Messages with a trusted label (corrections and confirmations), merged with the corpus when retraining.
create table labelled_example (
    id          bigint generated always as identity primary key,
    text        text not null,
    type        text not null check (type in ('complaint', 'petition', 'query', 'other')),
    category    text not null,
    source      text not null check (source in ('correction', 'confirmation')),
    created_at  timestamptz not null default now()
);
create index labelled_example_created_idx on labelled_example (created_at);
