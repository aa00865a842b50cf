-- FAQ entries are read for every resident question; they are now cached per instance with the rest of the reference
-- data (0060). Writes that change what an entry answers bump the version; the counters (answered_count,
-- not_helpful_count), updated on the message path with every answer, deliberately do not (UPDATE OF lists the columns).
create trigger faq_entry_insert_delete_bump_reference after insert or delete or truncate on faq_entry
    for each statement execute function bump_reference_data_version();
create trigger faq_entry_update_bump_reference
    after update of question, answer, keywords, synonyms, grid_id, valid_until, is_active, is_example on faq_entry
    for each statement execute function bump_reference_data_version();
