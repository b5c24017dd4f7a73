#ifndef SHORTLIST_CSQLITE_SHIM_H
#define SHORTLIST_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_STATIC / SQLITE_TRANSIENT are casts of integers to function pointers: Swift cannot import them.
static inline sqlite3_destructor_type shortlist_sqlite_static(void) { return SQLITE_STATIC; }
static inline sqlite3_destructor_type shortlist_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
