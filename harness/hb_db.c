/* hb_db.c — schema, migrations and writes of the results database (hb_db.h).
 *
 * Migrations are an append-only list: hbdb_migrations[i] takes a database from
 * user_version i to i + 1. A new column or table is a new entry; entries are never
 * edited once released, so every old database follows the same path forward. */
#include "hb_db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const hbdb_migrations[HBDB_SCHEMA_VERSION] = {
    /* 0 -> 1: the three tables of DESIGN.md */
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  started_at TEXT, finished_at TEXT,"
    "  machine TEXT, cpu_model TEXT, cores INTEGER, kernel TEXT,"
    "  git_commit TEXT, git_dirty INTEGER,"
    "  papi_version TEXT, command_line TEXT,"
    "  seed INTEGER, matrix TEXT, shard TEXT);"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  variant TEXT NOT NULL, workload TEXT NOT NULL, size TEXT NOT NULL,"
    "  threads INTEGER NOT NULL, repetition INTEGER NOT NULL,"
    "  order_index INTEGER NOT NULL, warmup INTEGER NOT NULL,"
    "  wall_ns INTEGER, cpu_ns INTEGER, maxrss_kb INTEGER,"
    "  exit_status INTEGER, status TEXT NOT NULL,"
    "  result TEXT, expected TEXT, ok INTEGER NOT NULL,"
    "  error TEXT, stderr_tail TEXT,"
    "  UNIQUE (session_id, order_index));"
    "CREATE TABLE counters ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, value INTEGER, source TEXT NOT NULL,"
    "  available INTEGER NOT NULL, reason TEXT);",

    /* 1 -> 2: build and event metadata per session, run timing, indexes */
    "CREATE TABLE builds ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  variant TEXT NOT NULL, path TEXT,"
    "  compiler TEXT, cflags TEXT, git_commit TEXT, version_text TEXT);"
    "CREATE TABLE events ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  variant TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,"
    "  available INTEGER NOT NULL, reason TEXT);"
    "ALTER TABLE runs ADD COLUMN started_at TEXT;"
    "ALTER TABLE runs ADD COLUMN duration_ns INTEGER;"
    "CREATE INDEX runs_cell ON runs(session_id, workload, variant, size, threads);"
    "CREATE INDEX counters_run ON counters(run_id);",

    /* 2 -> 3: the PAPI library version and the dirty flag of each build. Harnesses of
     * schema 2 stored a build's `papi_version` line of --list-events as an event row
     * (without the version, which they compared with "available"): those rows go. */
    "ALTER TABLE builds ADD COLUMN git_dirty INTEGER;"
    "ALTER TABLE builds ADD COLUMN papi_version TEXT;"
    "DELETE FROM events WHERE kind = 'event' AND name = 'papi_version';",
};

int hbdb_exec(sqlite3 *db, const char *sql, HbErr *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        hb_err_set(err, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int hbdb_user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int hbdb_check_version(sqlite3 *db, const char *path, HbErr *err)
{
    int v = hbdb_user_version(db);
    if (v < 0) {
        hb_err_set(err, "%s: not a readable SQLite database (%s)", path, sqlite3_errmsg(db));
        return -1;
    }
    if (v > HBDB_SCHEMA_VERSION) {
        hb_err_set(err, "%s: database schema version %d is newer than this parvm-bench "
                   "understands (%d); use a newer parvm-bench", path, v, HBDB_SCHEMA_VERSION);
        return -1;
    }
    return v;
}

int hbdb_migrate(sqlite3 *db, int target, HbErr *err)
{
    int v = hbdb_user_version(db);
    if (v < 0 || target > HBDB_SCHEMA_VERSION) {
        hb_err_set(err, "cannot migrate to schema version %d", target);
        return -1;
    }
    while (v < target) {
        /* Each step and its version bump commit together: a crash mid-migration
         * leaves the database at the old version, never half-way. */
        if (hbdb_exec(db, "BEGIN IMMEDIATE", err) < 0) return -1;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        HbErr e2;
        if (hbdb_exec(db, hbdb_migrations[v], &e2) < 0 || hbdb_exec(db, bump, &e2) < 0) {
            hb_err_set(err, "migration of schema %d to %d failed: %s", v, v + 1, e2.msg);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        if (hbdb_exec(db, "COMMIT", err) < 0) return -1;
        v++;
    }
    return 0;
}

static void hbdb_mkdir_parent(const char *path)
{
    char *dir = pv_xstrdup(path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(dir, 0777);      /* EEXIST is fine; a real failure shows up at open */
        *p = '/';
    }
    free(dir);
}

static void hbdb_setup(sqlite3 *db)
{
    /* A second harness (or a plot script) reading while we write must wait, not fail. */
    sqlite3_busy_timeout(db, 10000);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

int hbdb_open(const char *path, sqlite3 **out, HbErr *err)
{
    *out = NULL;
    hbdb_mkdir_parent(path);
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        hb_err_set(err, "%s: cannot open database: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    hbdb_setup(db);
    HbErr e2;
    if (hbdb_check_version(db, path, err) < 0) goto fail;
    if (hbdb_exec(db, "PRAGMA journal_mode = WAL", &e2) < 0) {
        hb_err_set(err, "%s: cannot switch to WAL: %s", path, e2.msg);
        goto fail;
    }
    if (hbdb_migrate(db, HBDB_SCHEMA_VERSION, &e2) < 0) {
        hb_err_set(err, "%s: %s", path, e2.msg);
        goto fail;
    }
    *out = db;
    return 0;
fail:
    sqlite3_close(db);
    return -1;
}

static int hbdb_check_tables(sqlite3 *db, const char *path, HbErr *err)
{
    sqlite3_stmt *st;
    int n = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type='table' "
                           "AND name IN ('sessions','runs','counters')", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    if (n != 3) {
        hb_err_set(err, "%s: not a parvm results database (no sessions/runs/counters tables)", path);
        return -1;
    }
    return 0;
}

int hbdb_open_ro(const char *path, sqlite3 **out, HbErr *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        hb_err_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        hb_err_set(err, "%s: cannot open database: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    hbdb_setup(db);
    if (hbdb_check_version(db, path, err) < 0 || hbdb_check_tables(db, path, err) < 0) {
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

int hbdb_open_baseline(const char *path, sqlite3 **out, HbErr *err)
{
    *out = NULL;
    size_t len;
    char *text = hb_read_file(path, &len);
    if (!text) {
        hb_err_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (len >= 16 && memcmp(text, "SQLite format 3", 16) == 0) {
        free(text);
        return hbdb_open_ro(path, out, err);
    }
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    HbErr e2;
    if (hbdb_exec(db, text, &e2) < 0) {
        hb_err_set(err, "%s: neither an SQLite database nor a readable SQL dump: %s", path, e2.msg);
        free(text);
        sqlite3_close(db);
        return -1;
    }
    free(text);
    if (hbdb_check_version(db, path, err) < 0 || hbdb_check_tables(db, path, err) < 0) {
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

/* Bind a possibly-NULL text. */
static void hbdb_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

static int hbdb_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, HbErr *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        hb_err_set(err, "SQL error: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static int hbdb_step_done(sqlite3 *db, sqlite3_stmt *st, HbErr *err)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        hb_err_set(err, "SQL error: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

int hbdb_session_begin(sqlite3 *db, const HbSessionInfo *in, int64_t *sid, HbErr *err)
{
    sqlite3_stmt *st;
    if (hbdb_prepare(db, "INSERT INTO sessions (uuid, started_at, machine, cpu_model, cores, "
                     "kernel, git_commit, git_dirty, papi_version, command_line, seed, matrix, "
                     "shard) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
        return -1;
    hbdb_bind_text(st, 1, in->uuid);
    hbdb_bind_text(st, 2, in->started_at);
    hbdb_bind_text(st, 3, in->machine);
    hbdb_bind_text(st, 4, in->cpu_model);
    sqlite3_bind_int64(st, 5, in->cores);
    hbdb_bind_text(st, 6, in->kernel);
    hbdb_bind_text(st, 7, in->git_commit);
    if (in->git_dirty >= 0) sqlite3_bind_int(st, 8, in->git_dirty);
    else sqlite3_bind_null(st, 8);
    hbdb_bind_text(st, 9, in->papi_version);
    hbdb_bind_text(st, 10, in->command_line);
    /* The seed is stored as a signed 64-bit integer (SQLite has no unsigned type);
     * the cast back on read restores the same bits. */
    sqlite3_bind_int64(st, 11, (int64_t)in->seed);
    hbdb_bind_text(st, 12, in->matrix);
    hbdb_bind_text(st, 13, in->shard);
    if (hbdb_step_done(db, st, err) < 0) return -1;
    *sid = sqlite3_last_insert_rowid(db);
    return 0;
}

int hbdb_session_finish(sqlite3 *db, int64_t sid, HbErr *err)
{
    sqlite3_stmt *st;
    char now[32];
    hb_utc_now(now, sizeof now);
    if (hbdb_prepare(db, "UPDATE sessions SET finished_at = ? WHERE id = ?", &st, err) < 0)
        return -1;
    hbdb_bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, sid);
    return hbdb_step_done(db, st, err);
}

int hbdb_find_resumable(sqlite3 *db, const char *matrix, int64_t *sid, uint64_t *seed, HbErr *err)
{
    sqlite3_stmt *st;
    if (hbdb_prepare(db, "SELECT id, seed FROM sessions WHERE finished_at IS NULL AND matrix = ? "
                     "ORDER BY id DESC LIMIT 1", &st, err) < 0)
        return -1;
    hbdb_bind_text(st, 1, matrix);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *sid = sqlite3_column_int64(st, 0);
        *seed = (uint64_t)sqlite3_column_int64(st, 1);
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

int64_t hbdb_newest_session(sqlite3 *db)
{
    sqlite3_stmt *st;
    int64_t id = 0;
    if (sqlite3_prepare_v2(db, "SELECT max(id) FROM sessions", -1, &st, NULL) != SQLITE_OK) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

bool hbdb_session_exists(sqlite3 *db, int64_t sid)
{
    sqlite3_stmt *st;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sessions WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int64(st, 1, sid);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* The value of "KEY<TAB>value" in --version output, or NULL (also for an empty value:
 * pyrun.py prints an empty cflags and commit). Caller frees. */
static char *hbdb_version_field(const char *text, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = text; p && *p; ) {
        const char *nl = strchr(p, '\n');
        size_t ll = nl ? (size_t)(nl - p) : strlen(p);
        if (ll > kl + 1 && strncmp(p, key, kl) == 0 && p[kl] == '\t') {
            size_t vl = ll - kl - 1;
            char *v = pv_xmalloc(vl + 1);
            memcpy(v, p + kl + 1, vl);
            v[vl] = '\0';
            return v;
        }
        p = nl ? nl + 1 : NULL;
    }
    return NULL;
}

int hbdb_add_build(sqlite3 *db, int64_t sid, const char *variant, const char *path,
                   const char *version_text, HbErr *err)
{
    sqlite3_stmt *st;
    if (hbdb_prepare(db, "INSERT INTO builds (session_id, variant, path, compiler, cflags, "
                     "git_commit, git_dirty, version_text) VALUES (?,?,?,?,?,?,?,?)", &st, err) < 0)
        return -1;
    char *compiler = version_text ? hbdb_version_field(version_text, "compiler") : NULL;
    char *cflags = version_text ? hbdb_version_field(version_text, "cflags") : NULL;
    char *commit = version_text ? hbdb_version_field(version_text, "commit") : NULL;
    char *dirty = version_text ? hbdb_version_field(version_text, "dirty") : NULL;
    sqlite3_bind_int64(st, 1, sid);
    hbdb_bind_text(st, 2, variant);
    hbdb_bind_text(st, 3, path);
    hbdb_bind_text(st, 4, compiler);
    hbdb_bind_text(st, 5, cflags);
    hbdb_bind_text(st, 6, commit);
    if (dirty && (!strcmp(dirty, "0") || !strcmp(dirty, "1"))) sqlite3_bind_int(st, 7, dirty[0] - '0');
    else sqlite3_bind_null(st, 7);
    hbdb_bind_text(st, 8, version_text);
    free(compiler);
    free(cflags);
    free(commit);
    free(dirty);
    return hbdb_step_done(db, st, err);
}

int hbdb_set_build_papi_version(sqlite3 *db, int64_t sid, const char *variant,
                                const char *version, HbErr *err)
{
    sqlite3_stmt *st;
    if (hbdb_prepare(db, "UPDATE builds SET papi_version = ? WHERE session_id = ? AND variant = ?",
                     &st, err) < 0)
        return -1;
    hbdb_bind_text(st, 1, version);
    sqlite3_bind_int64(st, 2, sid);
    hbdb_bind_text(st, 3, variant);
    return hbdb_step_done(db, st, err);
}

int hbdb_add_event(sqlite3 *db, int64_t sid, const char *variant, const char *kind,
                   const char *name, bool available, const char *reason, HbErr *err)
{
    sqlite3_stmt *st;
    if (hbdb_prepare(db, "INSERT INTO events (session_id, variant, kind, name, available, reason) "
                     "VALUES (?,?,?,?,?,?)", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, sid);
    hbdb_bind_text(st, 2, variant);
    hbdb_bind_text(st, 3, kind);
    hbdb_bind_text(st, 4, name);
    sqlite3_bind_int(st, 5, available);
    hbdb_bind_text(st, 6, reason);
    return hbdb_step_done(db, st, err);
}

int hbdb_add_run(sqlite3 *db, int64_t sid, const HbRunRow *r, const HbRecord *rec, HbErr *err)
{
    if (hbdb_exec(db, "BEGIN IMMEDIATE", err) < 0) return -1;
    sqlite3_stmt *st;
    if (hbdb_prepare(db, "INSERT INTO runs (session_id, variant, workload, size, threads, "
                     "repetition, order_index, warmup, wall_ns, cpu_ns, maxrss_kb, exit_status, "
                     "status, result, expected, ok, error, stderr_tail, started_at, duration_ns) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
        goto fail;
    sqlite3_bind_int64(st, 1, sid);
    hbdb_bind_text(st, 2, r->variant);
    hbdb_bind_text(st, 3, r->workload);
    hbdb_bind_text(st, 4, r->size);
    sqlite3_bind_int64(st, 5, r->threads);
    sqlite3_bind_int64(st, 6, r->repetition);
    sqlite3_bind_int64(st, 7, r->order_index);
    sqlite3_bind_int(st, 8, r->warmup);
    if (rec) {
        sqlite3_bind_int64(st, 9, rec->wall_ns);
        sqlite3_bind_int64(st, 10, rec->cpu_ns);
        sqlite3_bind_int64(st, 11, rec->maxrss_kb);
        hbdb_bind_text(st, 14, rec->result);
        hbdb_bind_text(st, 15, rec->expected);
    }
    sqlite3_bind_int(st, 12, r->exit_status);
    hbdb_bind_text(st, 13, r->status);
    sqlite3_bind_int(st, 16, strcmp(r->status, "ok") == 0);
    hbdb_bind_text(st, 17, r->error);
    hbdb_bind_text(st, 18, r->stderr_tail);
    hbdb_bind_text(st, 19, r->started_at);
    sqlite3_bind_int64(st, 20, r->duration_ns);
    if (hbdb_step_done(db, st, err) < 0) goto fail;
    int64_t run_id = sqlite3_last_insert_rowid(db);

    if (rec && rec->ncounters) {
        if (hbdb_prepare(db, "INSERT INTO counters (run_id, name, value, source, available, reason) "
                         "VALUES (?,?,?,?,?,?)", &st, err) < 0)
            goto fail;
        for (size_t i = 0; i < rec->ncounters; i++) {
            const HbCounter *c = &rec->counters[i];
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, run_id);
            hbdb_bind_text(st, 2, c->name);
            if (c->available) sqlite3_bind_int64(st, 3, c->value);
            else sqlite3_bind_null(st, 3);
            hbdb_bind_text(st, 4, hbrec_source_name(c->source));
            sqlite3_bind_int(st, 5, c->available);
            hbdb_bind_text(st, 6, c->reason);
            if (sqlite3_step(st) != SQLITE_DONE) {
                hb_err_set(err, "SQL error: %s", sqlite3_errmsg(db));
                sqlite3_finalize(st);
                goto fail;
            }
        }
        sqlite3_finalize(st);
    }
    if (hbdb_exec(db, "COMMIT", err) < 0) goto fail;
    return 0;
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int hbdb_done_orders(sqlite3 *db, int64_t sid, bool *done, size_t n, HbErr *err)
{
    sqlite3_stmt *st;
    memset(done, 0, n * sizeof *done);
    if (hbdb_prepare(db, "SELECT order_index FROM runs WHERE session_id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, sid);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t i = sqlite3_column_int64(st, 0);
        if (i >= 0 && (uint64_t)i < n) done[i] = true;
    }
    sqlite3_finalize(st);
    return 0;
}
