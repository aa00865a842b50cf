-- 0040: proxy petitions (信访代办). One petition record per petition-type work order, filled by the grid worker (the proxy) in chat.
-- Clocks follow the 2022 信访工作条例 in calendar days: acceptance decided and told within 15 days of receipt, concluded within
-- 60 days of acceptance, at most 30 days' extension with the reason told. Reminders are planned from these columns elsewhere.
create table petition (
    id                        bigint generated always as identity primary key,
    work_order_id             bigint not null unique references work_order (id),
    petitioner_userid         text,                          -- the resident who asked (WeCom userid), when known
    petitioner_name           text,                          -- 信访人
    contact                   text,                          -- stored in full; masked whenever shown
    matter                    text,                          -- 信访事项
    request                   text,                          -- 请求内容
    facts_and_reasons         text,                          -- 事实和理由
    consent_to_proxy          boolean,                       -- the petitioner agrees that the grid worker acts for them
    proxy_member_id           bigint references member (id), -- 信访代办员
    current_level             text not null default 'grid' check (current_level in ('grid', 'community', 'subdistrict', 'department')),
    department                text,                          -- named department when current_level = 'department'
    levels_reported           int not null default 0,        -- how many times it was reported upward
    received_at               timestamptz not null default now(),
    acceptance_due_at         timestamptz not null,          -- received + 15 days
    conclusion_due_at         timestamptz not null,          -- provisional received + 60 days; accepted + 60 days once accepted
    extension_days            int not null default 0 check (extension_days between 0 and 30),
    extension_reason          text,
    accepted_at               timestamptz,
    accepted_level            text,
    answered_at               timestamptz,
    result                    text,                          -- 处理结果
    explanation               text,                          -- 说明/解释
    satisfaction              text,
    resolved_at_first_level   boolean,                       -- 初信初访化解: no repeat, no escalation beyond the first level, not dissatisfied
    repeat_count              int not null default 0,        -- later petitions by the same petitioner on the same matter
    repeat_of_petition_id     bigint references petition (id),
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now(),
    version                   int not null default 1
);
create index petition_acceptance_due_idx on petition (acceptance_due_at) where accepted_at is null;
create index petition_conclusion_due_idx on petition (conclusion_due_at) where answered_at is null;
create index petition_petitioner_idx on petition (petitioner_userid);

-- Where a guided in-chat record is: which field the bot asked the proxy for last. One open session per member.
create table petition_session (
    member_userid   text primary key,
    petition_id     bigint not null references petition (id),
    awaiting_field  text not null,
    state           text not null default 'active' check (state in ('active', 'done', 'cancelled', 'expired')),
    started_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
