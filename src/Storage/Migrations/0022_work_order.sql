-- 0022: work-order lifecycle fields (merge, void, reopen, extension, dispatch, triage) and subscribers.
alter table work_order
    add column merged_into_id        bigint references work_order (id),
    add column void_reason           text,
    add column reopened_count        int not null default 0,
    add column extended_until        timestamptz,
    add column dispatcher_rule_id    bigint references routing_rule (id) on delete set null,
    add column dispatcher_member_id  bigint references member (id),
    add column is_triage             boolean not null default false,
    add column clock                 text not null default 'working' check (clock in ('working', 'calendar'));

alter table work_order add constraint work_order_status_check check (status in
    ('pending_dispatch', 'pending_sign', 'signed', 'in_progress', 'concluded', 'rated', 'closed', 'merged', 'voided'));
alter table work_order add constraint work_order_merged_check check ((status = 'merged') = (merged_into_id is not null));
alter table work_order add constraint work_order_not_merged_into_self check (merged_into_id is distinct from id);
create index work_order_triage_idx on work_order (id) where is_triage;

-- Who hears about an order: its reporter(s) and "+1" neighbours. Merging copies them to the surviving order.
create table work_order_subscriber (
    work_order_id  bigint not null references work_order (id),
    userid         text not null,
    chat_id        text,
    kind           text not null check (kind in ('reporter', 'subscriber')),
    created_at     timestamptz not null default now(),
    primary key (work_order_id, userid)
);
