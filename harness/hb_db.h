/* hb_db.h — the results database of parvm-bench: schema, migrations, and the few
 * writes and lookups the runner needs. The schema is documented in docs/harness.md.
 *
 * Invariants: a database handed out by hbdb_open is at HBDB_SCHEMA_VERSION, in WAL
 * mode, with foreign keys on; every finished run (its runs row and all its counters)
 * is committed in one transaction before hbdb_add_run returns, so killing the harness
 * at any moment loses at most the run in flight. */
#ifndef PARVM_HB_DB_H
#define PARVM_HB_DB_H

#include <stdint.h>
#include <stdbool.h>
#include <sqlite3.h>
#include "hb_common.h"
#include "hb_record.h"

/* user_version of a database this harness writes. History:
 *   1  sessions, runs, counters
 *   2  builds and events tables, runs.started_at and runs.duration_ns, indexes
 *   3  builds.git_dirty and builds.papi_version; bogus `papi_version` event rows dropped */
#define HBDB_SCHEMA_VERSION 3

/* Open (creating when needed, and its parent folder) and migrate to the current
 * schema. Refuses a database whose user_version is newer than this harness. */
int hbdb_open(const char *path, sqlite3 **db, HbErr *err);
/* Open an existing database read-only without migrating (report, compare, export);
 * refuses a newer schema and a file that is not a parvm database. */
int hbdb_open_ro(const char *path, sqlite3 **db, HbErr *err);
/* Load a baseline: a database file, or an SQL text dump (`sqlite3 DB .dump`) which is
 * executed into a private in-memory database. */
int hbdb_open_baseline(const char *path, sqlite3 **db, HbErr *err);
/* Apply migrations until user_version == target (target <= HBDB_SCHEMA_VERSION).
 * Exposed so tests can build an old-schema database. */
int hbdb_migrate(sqlite3 *db, int target, HbErr *err);
int hbdb_user_version(sqlite3 *db);
int hbdb_exec(sqlite3 *db, const char *sql, HbErr *err);

typedef struct HbSessionInfo {
    const char *uuid, *started_at;
    const char *machine, *cpu_model, *kernel;
    int64_t cores;
    const char *git_commit;
    int git_dirty;             /* -1 unknown */
    const char *papi_version;
    const char *command_line;
    uint64_t seed;
    const char *matrix;        /* canonical matrix text; resume matches on it */
    const char *shard;         /* "K/N" or NULL */
} HbSessionInfo;

int hbdb_session_begin(sqlite3 *db, const HbSessionInfo *info, int64_t *sid, HbErr *err);
int hbdb_session_finish(sqlite3 *db, int64_t sid, HbErr *err);
/* Newest unfinished session whose matrix text equals `matrix`: 1 found, 0 none. */
int hbdb_find_resumable(sqlite3 *db, const char *matrix, int64_t *sid, uint64_t *seed, HbErr *err);
/* Newest session id (0 when the database has none). */
int64_t hbdb_newest_session(sqlite3 *db);
bool hbdb_session_exists(sqlite3 *db, int64_t sid);

/* A build of the session: path and its --version text (NULL when that failed), from
 * which the compiler, cflags, commit and dirty fields are taken. */
int hbdb_add_build(sqlite3 *db, int64_t sid, const char *variant, const char *path,
                   const char *version_text, HbErr *err);
/* The PAPI library version a build reported (the papi_version line of --list-events). */
int hbdb_set_build_papi_version(sqlite3 *db, int64_t sid, const char *variant,
                                const char *version, HbErr *err);
int hbdb_add_event(sqlite3 *db, int64_t sid, const char *variant, const char *kind,
                   const char *name, bool available, const char *reason, HbErr *err);

/* What the runner knows about one finished run. */
typedef struct HbRunRow {
    const char *variant, *workload, *size;
    int64_t threads, repetition, order_index;
    bool warmup;
    const char *status;        /* ok, wrong_result, error, crash, timeout, bad_record */
    int exit_status;           /* exit code, or -signal, or -1 when killed by timeout */
    const char *error;         /* NULL when none */
    const char *stderr_tail;
    const char *started_at;
    int64_t duration_ns;       /* wall time of the whole process as the harness saw it */
} HbRunRow;

/* Insert a run and, when rec is not NULL, its measurements and counters; one
 * transaction. ok is stored as 1 only when status is "ok". */
int hbdb_add_run(sqlite3 *db, int64_t sid, const HbRunRow *row, const HbRecord *rec,
                 HbErr *err);
/* done[i] = true for every order_index i < n recorded in session sid. */
int hbdb_done_orders(sqlite3 *db, int64_t sid, bool *done, size_t n, HbErr *err);

#endif
