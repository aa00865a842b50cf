-- FAQ entries are read for every resident question; they are now cached per instance with the rest of the reference
-- data (0060): writes that change what an entry answers bump the version.
create trigger faq_entry_insert_delete_bump_reference after insert or delete or truncate on faq_entry
    for each statement execute function bump_reference_data_version();
create trigger faq_entry_update_bump_reference
    after update of question, answer, keywords, synonyms, grid_id, valid_until, is_active, is_example on faq_entry
    for each statement execute function bump_reference_data_version();

-- The answered / not-helpful counters were updated on the entry with every answer: concurrent transactions answering
-- from the same entry queued on its row lock (seen at 400 messages/s), and each update would also have moved the cache
-- version. They are now counted from faq_answer, which has one row per answer anyway.
create index faq_answer_entry_idx on faq_answer (faq_entry_id);
alter table faq_entry drop column answered_count, drop column not_helpful_count;
