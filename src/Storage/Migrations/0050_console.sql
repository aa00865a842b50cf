-- 0050: the admin console and API: admin accounts, API tokens, the audit log, and full-text search over work orders.

-- Console and API administrators. Passwords are stored only as ASP.NET Core Identity PasswordHasher hashes (PBKDF2, salted).
-- scope_grid_id: the subdistrict or community whose subtree a scoped admin sees; null for system admins.
create table admin_account (
    id             bigint generated always as identity primary key,
    login          text not null unique check (login ~ '^[A-Za-z0-9_.@-]{2,64}$'),
    display_name   text not null,
    password_hash  text not null,
    role           text not null check (role in ('system_admin', 'subdistrict_admin', 'community_admin')),
    scope_grid_id  bigint references grid (id),
    is_active      boolean not null default true,
    version        int not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    last_login_at  timestamptz,
    check ((role = 'system_admin') = (scope_grid_id is null))
);

-- Bearer tokens for API clients. Only the SHA-256 of the token is stored; the token is shown once when created.
create table api_token (
    id                bigint generated always as identity primary key,
    admin_account_id  bigint not null references admin_account (id) on delete cascade,
    name              text not null,
    token_hash        bytea not null unique,
    prefix            text not null,                 -- first characters, to recognise a token in lists
    created_at        timestamptz not null default now(),
    expires_at        timestamptz,
    revoked_at        timestamptz,
    last_used_at      timestamptz
);

-- Every admin change: who, what, before and after. Append-only like the work-order timeline.
create table audit_log (
    id           bigint generated always as identity primary key,
    at           timestamptz not null default now(),
    actor_login  text not null,
    action       text not null,                     -- e.g. routing_rule.update, work_order.escalate
    entity       text not null,
    entity_id    text,
    before       jsonb,
    after        jsonb
);
create index audit_log_entity_idx on audit_log (entity, entity_id, id);
create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function work_order_event_append_only();

-- Full-text search over descriptions: trigram similarity works for Chinese without a word segmenter.
create extension if not exists pg_trgm;
create index work_order_description_trgm_idx on work_order using gin (description gin_trgm_ops);
