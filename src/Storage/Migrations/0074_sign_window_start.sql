-- Where the current 签收 window started. An order handed to somebody new (重派, 升级, 督办) gets a fresh 签收 deadline
-- counted from the hand-over; its half-way 签收 reminder and the next 督办's window must count from there too, not from
-- the order's creation. Null: the window started when the order was created (created_at).
alter table work_order add column sign_window_start timestamptz;
