-- Performance (issue 9): index-friendly outbox claims and rate counting, and a change marker for cached reference data.

-- The claim and the rate count each read two disjoint sets: due 'pending' rows by next_attempt_at, and 'sending' rows
-- by lease_until (expired leases to take over; live leases to count against a rate limit). One partial index per set
-- lets each half of a UNION ALL use an index; the old index mixed both states on next_attempt_at, which says nothing
-- about a 'sending' row's lease.
create index outbox_message_pending_due_idx on outbox_message (next_attempt_at) where state = 'pending';
create index outbox_message_lease_idx on outbox_message (lease_until) where state = 'sending';
create index outbox_message_sending_rate_idx on outbox_message (rate_key, lease_until) where state = 'sending';
drop index outbox_message_due_idx;

-- Reference data (groups, members, grids, routing rules) is cached per gateway instance. Every write to those tables
-- bumps this one row in the writer's transaction, so a cache that sees the version move knows to reload, and a
-- reload that starts after reading the version can only see that write or later ones. Admin edits are rare: the
-- row lock this takes is never contended on the message path (which only reads these tables).
create table reference_data_version (
    id       int primary key default 1 check (id = 1),
    version  bigint not null default 0
);
insert into reference_data_version default values;

create function bump_reference_data_version() returns trigger language plpgsql as $$
begin
    update reference_data_version set version = version + 1 where id = 1;
    return null;
end $$;

create trigger chat_group_bump_reference after insert or update or delete or truncate on chat_group
    for each statement execute function bump_reference_data_version();
create trigger member_bump_reference after insert or update or delete or truncate on member
    for each statement execute function bump_reference_data_version();
create trigger member_grid_bump_reference after insert or update or delete or truncate on member_grid
    for each statement execute function bump_reference_data_version();
create trigger grid_bump_reference after insert or update or delete or truncate on grid
    for each statement execute function bump_reference_data_version();
create trigger grid_shared_parent_bump_reference after insert or update or delete or truncate on grid_shared_parent
    for each statement execute function bump_reference_data_version();
create trigger routing_rule_bump_reference after insert or update or delete or truncate on routing_rule
    for each statement execute function bump_reference_data_version();
