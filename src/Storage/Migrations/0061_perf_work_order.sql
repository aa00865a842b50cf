-- Performance (issue 9): per-message reads of work orders by chat. Residents' messages look for a recent open
-- complaint in the chat (context link), duplicate candidates (same type and category, same grid or chat, recent) and
-- their own latest order in the chat (ratings, progress questions); without an index on chat_id each was a scan of
-- every order. Duplicate candidates in a mapped grid combine work_order_grid_status_idx with the chat index (BitmapOr).
create index work_order_chat_created_idx on work_order (chat_id, created_at) where chat_id is not null;
