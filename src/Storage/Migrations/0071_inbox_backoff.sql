-- Performance (issue 9): the dispatcher's claim skips rows whose chat has an earlier row waiting out a retry backoff.
-- It probed every earlier 'new' row of the chat (inbox_message_chat_new_idx), which under a backlog of tens of rows per
-- chat made each claim quadratic (2.9 ms a claim in docs/benchmarks.md). Only rows that failed at least once can be in
-- backoff (next_attempt_at > now() is set together with attempts + 1), so the probe now reads this index of those rows,
-- which is empty in normal operation.
create index inbox_message_backoff_idx on inbox_message (chat_key, id) where state = 'new' and attempts > 0;
drop index inbox_message_chat_new_idx;
