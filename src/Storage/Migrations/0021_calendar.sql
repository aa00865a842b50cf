-- 0021: the working calendar's exceptions. Days not listed follow the weekly pattern (working days from configuration, Mon-Fri by default).
-- Holidays are listed with every day off, weekend days included, so that the name shows; make-up workdays (调休) have is_workday = true.
-- The table must be checked against the State Council notice (国务院办公厅关于部分节假日安排的通知) each year; admins can edit it.
create table calendar_day (
    day         date primary key,
    is_workday  boolean not null,
    name        text not null
);

-- 2026: from the State Council notice for 2026 (check against the official text).
insert into calendar_day (day, is_workday, name) values
    ('2026-01-01', false, '元旦'),  -- 周四
    ('2026-01-02', false, '元旦'),  -- 周五
    ('2026-01-03', false, '元旦'),  -- 周六
    ('2026-01-04', true , '元旦调休上班'),  -- 周日
    ('2026-02-14', true , '春节调休上班'),  -- 周六
    ('2026-02-15', false, '春节'),  -- 周日
    ('2026-02-16', false, '春节'),  -- 周一
    ('2026-02-17', false, '春节'),  -- 周二
    ('2026-02-18', false, '春节'),  -- 周三
    ('2026-02-19', false, '春节'),  -- 周四
    ('2026-02-20', false, '春节'),  -- 周五
    ('2026-02-21', false, '春节'),  -- 周六
    ('2026-02-22', false, '春节'),  -- 周日
    ('2026-02-23', false, '春节'),  -- 周一
    ('2026-02-28', true , '春节调休上班'),  -- 周六
    ('2026-04-04', false, '清明节'),  -- 周六
    ('2026-04-05', false, '清明节'),  -- 周日
    ('2026-04-06', false, '清明节'),  -- 周一
    ('2026-05-01', false, '劳动节'),  -- 周五
    ('2026-05-02', false, '劳动节'),  -- 周六
    ('2026-05-03', false, '劳动节'),  -- 周日
    ('2026-05-04', false, '劳动节'),  -- 周一
    ('2026-05-05', false, '劳动节'),  -- 周二
    ('2026-05-09', true , '劳动节调休上班'),  -- 周六
    ('2026-06-19', false, '端午节'),  -- 周五
    ('2026-06-20', false, '端午节'),  -- 周六
    ('2026-06-21', false, '端午节'),  -- 周日
    ('2026-09-20', true , '国庆节调休上班'),  -- 周日
    ('2026-09-25', false, '中秋节'),  -- 周五
    ('2026-09-26', false, '中秋节'),  -- 周六
    ('2026-09-27', false, '中秋节'),  -- 周日
    ('2026-10-01', false, '国庆节'),  -- 周四
    ('2026-10-02', false, '国庆节'),  -- 周五
    ('2026-10-03', false, '国庆节'),  -- 周六
    ('2026-10-04', false, '国庆节'),  -- 周日
    ('2026-10-05', false, '国庆节'),  -- 周一
    ('2026-10-06', false, '国庆节'),  -- 周二
    ('2026-10-07', false, '国庆节'),  -- 周三
    ('2026-10-10', true , '国庆节调休上班');  -- 周六

-- 2027: PROVISIONAL. The notice for 2027 is not yet published; these are expected dates from the lunar calendar and recent
-- patterns (春节 2/6, 清明 4/5, 端午 6/9, 中秋 9/15). Replace them when the notice appears (normally in November 2026).
insert into calendar_day (day, is_workday, name) values
    ('2027-01-01', false, '元旦'),  -- 周五
    ('2027-01-02', false, '元旦'),  -- 周六
    ('2027-01-03', false, '元旦'),  -- 周日
    ('2027-01-31', true , '春节调休上班'),  -- 周日
    ('2027-02-05', false, '春节'),  -- 周五
    ('2027-02-06', false, '春节'),  -- 周六
    ('2027-02-07', false, '春节'),  -- 周日
    ('2027-02-08', false, '春节'),  -- 周一
    ('2027-02-09', false, '春节'),  -- 周二
    ('2027-02-10', false, '春节'),  -- 周三
    ('2027-02-11', false, '春节'),  -- 周四
    ('2027-02-12', false, '春节'),  -- 周五
    ('2027-02-13', false, '春节'),  -- 周六
    ('2027-02-20', true , '春节调休上班'),  -- 周六
    ('2027-04-03', false, '清明节'),  -- 周六
    ('2027-04-04', false, '清明节'),  -- 周日
    ('2027-04-05', false, '清明节'),  -- 周一
    ('2027-05-01', false, '劳动节'),  -- 周六
    ('2027-05-02', false, '劳动节'),  -- 周日
    ('2027-05-03', false, '劳动节'),  -- 周一
    ('2027-05-04', false, '劳动节'),  -- 周二
    ('2027-05-05', false, '劳动节'),  -- 周三
    ('2027-05-08', true , '劳动节调休上班'),  -- 周六
    ('2027-06-09', false, '端午节'),  -- 周三
    ('2027-09-15', false, '中秋节'),  -- 周三
    ('2027-09-26', true , '国庆节调休上班'),  -- 周日
    ('2027-10-01', false, '国庆节'),  -- 周五
    ('2027-10-02', false, '国庆节'),  -- 周六
    ('2027-10-03', false, '国庆节'),  -- 周日
    ('2027-10-04', false, '国庆节'),  -- 周一
    ('2027-10-05', false, '国庆节'),  -- 周二
    ('2027-10-06', false, '国庆节'),  -- 周三
    ('2027-10-07', false, '国庆节'),  -- 周四
    ('2027-10-09', true , '国庆节调休上班');  -- 周六
