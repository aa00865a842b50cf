-- 0002: what the inbox dispatcher and outbox sender need.

-- Messages of one chat (or one sender outside chats) are processed in order: they share a chat_key, and a chat_key
-- maps to one of 16 partitions that only one dispatcher holds at a time (session advisory lock).
alter table inbox_message
    add column chat_key text generated always as (coalesce(chat_id, 'u:' || coalesce(sender_id, ''))) stored,
    add column partition smallint generated always as ((abs(hashtext(coalesce(chat_id, 'u:' || coalesce(sender_id, '')))) % 16)::smallint) stored,
    add column next_attempt_at timestamptz not null default now();

drop index inbox_message_pending_idx;
create index inbox_message_due_idx on inbox_message (partition, id) where state = 'new';
create index inbox_message_chat_new_idx on inbox_message (chat_key, id) where state = 'new';

-- Outbox delivery: who holds a row while sending (lease), and the group/member bucket used for rate limits.
alter table outbox_message
    add column rate_key text,
    add column lease_until timestamptz,
    add column response text;
create index outbox_message_rate_idx on outbox_message (rate_key, sent_at) where state = 'sent';
