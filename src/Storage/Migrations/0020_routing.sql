-- 0020: admin-configured routing rules. The first active matching rule by priority wins; a default rule always exists.
create table routing_rule (
    id                     bigint generated always as identity primary key,
    name                   text not null,
    priority               int not null default 100,            -- lower first
    grid_id                bigint references grid (id) on delete cascade,  -- null = any; else the grid or any descendant
    category               text,                                -- null = any taxonomy category
    type                   text,                                -- null = any taxonomy type
    assignee_member_id     bigint references member (id),       -- a named member, or ...
    assignee_role          text check (assignee_role in ('micro_grid_worker', 'grid_worker', 'grid_leader', 'community', 'subdistrict', 'department')),
    assignee_level         text check (assignee_level in ('micro_grid', 'grid', 'community', 'subdistrict')),  -- ... that role at this level, falling back upward
    handling_level         text not null default 'grid' check (handling_level in ('grid', 'community', 'collaborative')),
    clock                  text not null default 'working' check (clock in ('working', 'calendar')),
    sign_sla_minutes       int not null check (sign_sla_minutes > 0),     -- 签收 (petitions: acceptance decided and told)
    due_sla_minutes        int not null check (due_sla_minutes > 0),      -- 办结 / answered
    max_extension_minutes  int check (max_extension_minutes > 0),         -- null = no limit set
    is_default             boolean not null default false,
    is_active              boolean not null default true,
    version                int not null default 1,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    check (assignee_member_id is not null or assignee_role is not null)
);
create index routing_rule_active_idx on routing_rule (priority, id) where is_active;

-- Defaults (admins edit them). Working minutes: one default working day is 7.5 h = 450 min (09:00-12:00, 13:30-18:00).
-- Petitions follow the 2022 信访工作条例 in calendar days: 15 days to decide and tell acceptance, 60 days to conclude, at most 30 days' extension.
insert into routing_rule (name, priority, type, assignee_role, assignee_level, handling_level, clock, sign_sla_minutes, due_sla_minutes, max_extension_minutes, is_default) values
    ('信访代办：网格员代办（条例时限）', 900, 'petition', 'grid_worker', 'grid', 'grid', 'calendar', 15 * 1440, 60 * 1440, 30 * 1440, false),
    ('咨询：1个工作日内答复',         910, 'query',    'grid_worker', 'grid', 'grid', 'working', 120, 450, null, false),
    ('默认：网格员办理（投诉2小时签收、3个工作日办结）', 1000, null, 'grid_worker', 'grid', 'grid', 'working', 120, 3 * 450, null, true);
