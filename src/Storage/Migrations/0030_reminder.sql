-- 0030: reminders (签收提醒, 催办, 督办, 评价提醒, 自动关闭, petition clocks). One row per (order, kind, due time);
-- a row fires at most once: fired_at is set in the same transaction as the outbox rows or state change it causes.
create table reminder (
    id               bigint generated always as identity primary key,
    work_order_id    bigint not null references work_order (id),
    kind             text not null check (kind in (
                         'sign_reminder', 'sign_deadline', 'due_soon', 'overdue', 'supervise', 'rating_reminder', 'auto_close',
                         'petition_acceptance_soon', 'petition_acceptance_deadline', 'petition_conclusion_soon', 'petition_conclusion_deadline')),
    due_at           timestamptz not null,
    fired_at         timestamptz,
    outcome          text check (outcome in ('sent', 'obsolete')),  -- obsolete: the condition no longer held, nothing was sent
    hangfire_job_id  text,
    scheduled_at     timestamptz,                                   -- when a delayed Hangfire job was created for it
    created_at       timestamptz not null default now(),
    constraint reminder_order_kind_due_uq unique (work_order_id, kind, due_at),
    check ((fired_at is null) = (outcome is null))
);
-- The scheduler's and the sweep's work lists stay small: only unfired rows are indexed.
create index reminder_unscheduled_idx on reminder (due_at) where fired_at is null and scheduled_at is null;
create index reminder_unfired_idx on reminder (due_at) where fired_at is null;
