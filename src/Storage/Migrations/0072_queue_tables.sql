-- Performance (issue 9), found by the 10-minute sustained benchmark (docs/benchmarks.md).

-- Duplicate candidates: the open orders of one type and category in a grid, newest first. The query reads at most 50 per
-- grid through this index (one index range per grid, LATERAL), instead of every open order of the grids in the window
-- (4.8 ms a message after 48,000 orders).
create index work_order_open_kind_idx on work_order (type, category, grid_id, created_at desc)
    where status in ('pending_dispatch', 'pending_sign', 'signed', 'in_progress');

-- Queue tables: rows move new → done / pending → sending → sent within seconds, so their partial indexes fill with dead
-- entries that every claim and idle check walks until VACUUM removes them. The defaults wait for 20 % of the table to be
-- dead; vacuum these after 1 % (or 1,000 rows), without cost-based throttling.
alter table inbox_message set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
alter table outbox_message set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
alter table reminder set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);

-- A resident's latest order in a chat (ratings, 不满意, status questions): their own reports through this index and their
-- subscriptions through the next, instead of every order of the chat with a subscriber probe each (11.5 ms a call
-- after 94,000 orders in the 10-minute benchmark).
create index work_order_chat_reporter_idx on work_order (chat_id, reporter_userid) where chat_id is not null;
create index work_order_subscriber_userid_idx on work_order_subscriber (userid);
