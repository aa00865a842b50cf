-- Performance (issue 9): the outbox sender's two lanes each get their own index.
-- The reply lane (residents' replies, webhooks) and the member lane (grid workers' 1:1 notices, at most 30 a minute
-- per member) claimed with a filter on rate_key over the shared pending index; when thousands of deferred member
-- notices were due at once, every reply-lane claim walked past all of them (2.6 ms a claim in docs/benchmarks.md, and
-- growing with the backlog). The lane is now a stored column and leads both partial indexes.
-- 'member:' is OutboxSender.MemberRatePrefix; OutboxDelivery refuses any other lane prefix.
alter table outbox_message
    add column member_lane boolean not null generated always as (coalesce(starts_with(rate_key, 'member:'), false)) stored;

create index outbox_message_pending_lane_idx on outbox_message (member_lane, next_attempt_at) where state = 'pending';
create index outbox_message_lease_lane_idx on outbox_message (member_lane, lease_until) where state = 'sending';
drop index outbox_message_pending_due_idx;
drop index outbox_message_lease_idx;
