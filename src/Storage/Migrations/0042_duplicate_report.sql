-- 0042: duplicate reports. A complaint joined to an open order of the same grid and category with similar text;
-- is_repeat marks the same resident raising the same matter again (重复访), counted in the weekly figures.
create table duplicate_link (
    id                 bigint generated always as identity primary key,
    work_order_id      bigint not null references work_order (id),
    userid             text not null,
    chat_id            text,
    inbox_message_id   bigint references inbox_message (id),
    text               text not null,            -- the linked message, kept so a worker can split it off again
    similarity         double precision not null,
    is_repeat          boolean not null default false,
    created_at         timestamptz not null default now(),
    split_at           timestamptz,
    split_work_order_id bigint references work_order (id)
);
create index duplicate_link_order_idx on duplicate_link (work_order_id);
create index duplicate_link_repeat_idx on duplicate_link (created_at) where is_repeat;
