-- bm25 over item questions (specs: exemplars-lexical.md §2.1): one FTS5 table per pool,
-- item_search_<pool id>, created with the pool and kept in step by the item writes. Table names
-- depend on the pools, which SQL cannot loop over, so this migration's data step
-- (MigrationRunner+DataSteps.swift) creates and fills one table for every existing pool, in this
-- migration's transaction. This file only checks that the SQLite library has FTS5: creating the
-- probe fails (and the migration with it) without it.
CREATE VIRTUAL TABLE temp.item_search_probe USING fts5(question, tokenize = 'unicode61 remove_diacritics 2');
DROP TABLE temp.item_search_probe;
