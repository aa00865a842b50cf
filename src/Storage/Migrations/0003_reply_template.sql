-- 0003: admin-editable Chinese reply templates. Placeholders are {name}; defaults ship in code and are inserted
-- at startup when missing, so an admin's edit is never overwritten and a new default appears by itself.
create table reply_template (
    code        text primary key,
    text        text not null,
    description text not null default '',
    is_default  boolean not null default true,   -- false once an admin edited it
    version     int not null default 1,
    updated_at  timestamptz not null default now()
);
