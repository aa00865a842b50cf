-- 0001: the foundation schema. Names follow docs/glossary.md; one English name per domain term.

-- Grid hierarchy: subdistrict (街道) → community (社区) → grid (网格) → micro_grid (微网格).
-- A dedicated grid (专属网格) hangs under one community and is shared with others through grid_shared_parent.
create table grid (
    id            bigint generated always as identity primary key,
    code          text not null unique,
    name          text not null,
    level         text not null check (level in ('subdistrict', 'community', 'grid', 'micro_grid')),
    parent_id     bigint references grid (id),
    is_dedicated  boolean not null default false,
    created_at    timestamptz not null default now(),
    version       int not null default 1,
    check ((level = 'subdistrict') = (parent_id is null))
);
create index grid_parent_idx on grid (parent_id);

create table grid_shared_parent (
    grid_id    bigint not null references grid (id) on delete cascade,
    parent_id  bigint not null references grid (id) on delete cascade,
    primary key (grid_id, parent_id)
);

-- Staff: grid workers, grid leaders, community and subdistrict staff, department liaisons.
create table member (
    id          bigint generated always as identity primary key,
    userid      text not null unique,          -- WeCom userid
    name        text not null,
    phone       text,
    role        text not null check (role in ('micro_grid_worker', 'grid_worker', 'grid_leader', 'community', 'subdistrict', 'department')),
    is_active   boolean not null default true,
    created_at  timestamptz not null default now(),
    version     int not null default 1
);

create table member_grid (
    member_id  bigint not null references member (id) on delete cascade,
    grid_id    bigint not null references grid (id) on delete cascade,
    primary key (member_id, grid_id)
);
create index member_grid_grid_idx on member_grid (grid_id);

-- Chat groups (WeCom chat ids) mapped to grids; grid_id null means "not yet mapped" (items go to triage).
create table chat_group (
    id           bigint generated always as identity primary key,
    chat_id      text not null unique,
    name         text not null,
    grid_id      bigint references grid (id),
    webhook_key  text,                          -- group robot key for replies, when the group has one
    created_at   timestamptz not null default now(),
    version      int not null default 1
);

-- Inbound messages, written on the request path and nothing else there.
create table inbox_message (
    id            bigint generated always as identity primary key,
    source        text not null,                -- e.g. 'app:main', 'aibot:grid', 'ingest:12345'
    dedupe_key    text not null,                -- MsgId, or sender+CreateTime+event+chat for events
    kind          text not null,                -- text, image, mixed, event:<name>, ...
    chat_id       text,
    sender_id     text,
    payload       jsonb not null,
    received_at   timestamptz not null default now(),
    state         text not null default 'new' check (state in ('new', 'processing', 'done', 'quarantined')),
    attempts      int not null default 0,
    last_error    text,
    processed_at  timestamptz,
    constraint inbox_message_dedupe_key_uq unique (source, dedupe_key)
);
create index inbox_message_pending_idx on inbox_message (id) where state in ('new', 'processing');

-- Work orders (工单) and their append-only timeline.
create sequence work_order_number_seq start 1001;

create table work_order (
    id                  bigint generated always as identity primary key,
    number              bigint not null unique default nextval('work_order_number_seq'),
    type                text not null,          -- taxonomy type code
    category            text not null,          -- taxonomy category code
    grid_id             bigint references grid (id),
    chat_id             text,
    reporter_userid     text,
    description         text not null,
    location_text       text,
    handling_level      text not null default 'grid' check (handling_level in ('grid', 'community', 'collaborative')),
    assignee_member_id  bigint references member (id),
    status              text not null default 'pending_sign',
    sign_due_at         timestamptz,
    due_at              timestamptz,
    signed_at           timestamptz,
    concluded_at        timestamptz,
    satisfaction        text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    version             int not null default 1
);
create index work_order_grid_status_idx on work_order (grid_id, status);
create index work_order_assignee_idx on work_order (assignee_member_id) where assignee_member_id is not null;

create table work_order_event (
    id                bigint generated always as identity primary key,
    work_order_id     bigint not null references work_order (id),
    at                timestamptz not null default now(),
    actor_kind        text not null check (actor_kind in ('resident', 'member', 'admin', 'system')),
    actor_id          text,
    action            text not null,
    from_status       text,
    to_status         text,
    note              text,
    inbox_message_id  bigint references inbox_message (id),
    data              jsonb
);
create index work_order_event_order_idx on work_order_event (work_order_id, id);

-- The timeline is append-only: history is never rewritten.
create function work_order_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'work_order_event is append-only (% refused)', tg_op;
end $$;
create trigger work_order_event_no_update before update or delete on work_order_event
    for each row execute function work_order_event_append_only();

-- Outbound messages, written in the same transaction as the state change that causes them.
create table outbox_message (
    id               bigint generated always as identity primary key,
    idempotency_key  text not null,
    channel          text not null,             -- app_message, appchat, group_robot, aibot_response, webhook
    target           text not null,             -- userid, chat id, robot key name, response url ref ...
    payload          jsonb not null,
    state            text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed')),
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_errcode     int,
    last_error       text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz,
    constraint outbox_message_idempotency_key_uq unique (idempotency_key)
);
create index outbox_message_due_idx on outbox_message (next_attempt_at) where state in ('pending', 'sending');

-- Access tokens shared by every gateway instance (one row per app secret).
create table access_token (
    cache_key   text primary key,
    token       text not null,
    expires_at  timestamptz not null,
    fetched_at  timestamptz not null default now()
);
