/* hb_tools.c — export, merge and list (hb_tools.h). */
#include "hb_tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hb_cli.h"
#include "hb_db.h"
#include "hb_env.h"
#include "hb_proc.h"

/* ---- export ---------------------------------------------------------------------- */

/* The exportable tables; `%s` is replaced by the session filter ("1" or "x = N"). */
typedef struct HbExportTable {
    const char *name, *sql, *session_col;
} HbExportTable;

static const HbExportTable hbtools_tables[] = {
    { "runs", "SELECT * FROM runs WHERE %s ORDER BY id", "session_id" },
    { "counters", "SELECT r.session_id, r.variant, r.workload, r.size, r.threads, r.repetition, "
      "r.warmup, r.ok, c.* FROM counters c JOIN runs r ON r.id = c.run_id WHERE %s "
      "ORDER BY c.run_id, c.name", "r.session_id" },
    { "sessions", "SELECT * FROM sessions WHERE %s ORDER BY id", "id" },
    { "builds", "SELECT * FROM builds WHERE %s ORDER BY session_id, variant", "session_id" },
    { "events", "SELECT * FROM events WHERE %s ORDER BY session_id, variant, kind, name", "session_id" },
};

static const char hbtools_export_usage[] =
    "usage: parvm-bench export [--db PATH] [--table T] [--session ID] [--format csv|json]\n"
    "                          [--output FILE]\n"
    "  Writes one table of the database: runs (default), counters (joined with their\n"
    "  run's configuration), sessions, builds or events. CSV comes from the sqlite3\n"
    "  shell's csv mode (with a header line), JSON from SQLite's json_object and\n"
    "  json_group_array: an array of one object per row.\n"
    "  --db PATH        results database (default " HBCLI_DEFAULT_DB ")\n"
    "  --session ID     only this session (default: all)\n"
    "  --output FILE    write there instead of stdout\n";

int hbtools_export_main(int argc, char **argv)
{
    const char *db_path = HBCLI_DEFAULT_DB, *table = "runs", *session = NULL;
    const char *format = "csv", *output = NULL;
    HbOpt opts[] = { { "--db", &db_path, NULL }, { "--table", &table, NULL },
                     { "--session", &session, NULL }, { "--format", &format, NULL },
                     { "--output", &output, NULL } };
    HbErr err;
    int rc = hbcli_parse(argc, argv, opts, PV_ARRAY_LEN(opts), NULL, &err);
    if (rc == 1) { fputs(hbtools_export_usage, stdout); return 0; }
    if (rc < 0) { fprintf(stderr, "parvm-bench export: %s\n", err.msg); return 2; }
    const HbExportTable *t = NULL;
    for (size_t i = 0; i < PV_ARRAY_LEN(hbtools_tables); i++)
        if (!strcmp(hbtools_tables[i].name, table)) t = &hbtools_tables[i];
    if (!t) {
        fprintf(stderr, "parvm-bench export: --table: '%s' is not one of runs, counters, "
                "sessions, builds, events\n", table);
        return 2;
    }
    bool json = !strcmp(format, "json");
    if (!json && strcmp(format, "csv")) {
        fprintf(stderr, "parvm-bench export: --format: '%s' is not csv or json\n", format);
        return 2;
    }
    int64_t sid = 0;
    if (session && (!hb_parse_i64(session, &sid) || sid < 1)) {
        fprintf(stderr, "parvm-bench export: --session: '%s' is not a session id\n", session);
        return 2;
    }
    sqlite3 *db;
    if (hbdb_open_ro(db_path, &db, &err) < 0) {
        fprintf(stderr, "parvm-bench export: --db: %s\n", err.msg);
        return 2;
    }
    if (session && !hbdb_session_exists(db, sid)) {
        fprintf(stderr, "parvm-bench export: --session: %s has no session %lld\n", db_path, (long long)sid);
        sqlite3_close(db);
        return 2;
    }
    char filter[96];
    if (session) snprintf(filter, sizeof filter, "%s = %lld", t->session_col, (long long)sid);
    else snprintf(filter, sizeof filter, "1");
    PvBuf q;
    pvbuf_init(&q);
    /* t->sql is one of the constant strings above with exactly one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    pvbuf_addf(&q, t->sql, filter);
#pragma GCC diagnostic pop

    FILE *out = stdout;
    if (output && !(out = fopen(output, "w"))) {
        fprintf(stderr, "parvm-bench export: --output: cannot write '%s'\n", output);
        pvbuf_free(&q);
        sqlite3_close(db);
        return 2;
    }
    int status = 0;
    if (json) {
        /* The query's rows go into a temporary table, whose column names then
         * build one json_object per row; SQLite does all quoting and formatting. */
        sqlite3_stmt *st;
        {
            char *msg = NULL;
            PvBuf tmp;
            pvbuf_init(&tmp);
            pvbuf_addf(&tmp, "CREATE TEMP TABLE hb_export AS SELECT * FROM (%s)", q.data);
            if (sqlite3_exec(db, tmp.data, NULL, NULL, &msg) != SQLITE_OK) {
                fprintf(stderr, "parvm-bench export: %s\n", msg);
                sqlite3_free(msg);
                status = 1;
            } else {
                PvBuf j;
                pvbuf_init(&j);
                pvbuf_adds(&j, "SELECT json_group_array(json_object(");
                sqlite3_stmt *cols;
                sqlite3_prepare_v2(db, "SELECT * FROM temp.hb_export", -1, &cols, NULL);
                for (int c = 0; c < sqlite3_column_count(cols); c++)
                    pvbuf_addf(&j, "%s'%s', \"%s\"", c ? ", " : "", sqlite3_column_name(cols, c),
                               sqlite3_column_name(cols, c));
                sqlite3_finalize(cols);
                pvbuf_adds(&j, ")) FROM temp.hb_export ORDER BY rowid");
                if (sqlite3_prepare_v2(db, j.data, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
                    fprintf(out, "%s\n", (const char *)sqlite3_column_text(st, 0));
                } else {
                    fprintf(stderr, "parvm-bench export: %s\n", sqlite3_errmsg(db));
                    status = 1;
                }
                sqlite3_finalize(st);
                pvbuf_free(&j);
            }
            pvbuf_free(&tmp);
        }
    } else {
        char *shell = hbenv_which("sqlite3");
        if (!shell) {
            fprintf(stderr, "parvm-bench export: CSV needs the sqlite3 shell on PATH (or use --format json)\n");
            status = 1;
        } else {
            char *const av[] = { shell, "-readonly", "-csv", "-header", (char *)db_path, q.data, NULL };
            HbProcResult r;
            hbproc_run(av, 0, true, 2000, &r);
            if (r.started && !r.signal && r.exit_code == 0) {
                fputs(r.stdout_text, out);
            } else {
                fprintf(stderr, "parvm-bench export: sqlite3 failed: %s\n", r.stderr_tail);
                status = 1;
            }
            hbproc_result_free(&r);
            free(shell);
        }
    }
    if (out != stdout) fclose(out);
    pvbuf_free(&q);
    sqlite3_close(db);
    return status;
}

/* ---- merge ----------------------------------------------------------------------- */

int hbtools_merge_db(sqlite3 *dst, const char *src_path, int *copied, HbErr *err)
{
    *copied = 0;
    sqlite3 *probe;
    if (hbdb_open_ro(src_path, &probe, err) < 0) return -1;
    int v = hbdb_user_version(probe);
    sqlite3_close(probe);
    if (v != HBDB_SCHEMA_VERSION) {
        /* Attached databases are read as they are: the caller migrates old ones. */
        hb_err_set(err, "%s: schema version %d, expected %d", src_path, v, HBDB_SCHEMA_VERSION);
        return -1;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(dst, "ATTACH DATABASE ? AS src", -1, &st, NULL) != SQLITE_OK) goto sqlerr;
    sqlite3_bind_text(st, 1, src_path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) goto sqlerr;

    /* Session and run ids are remapped through temporary tables (old -> new). */
    static const char merge_sql[] =
        "BEGIN IMMEDIATE;"
        "CREATE TEMP TABLE hb_smap (old INTEGER PRIMARY KEY, new INTEGER);"
        "INSERT INTO hb_smap (old) SELECT id FROM src.sessions"
        "  WHERE uuid NOT IN (SELECT uuid FROM main.sessions);"
        "INSERT INTO sessions (uuid, started_at, finished_at, machine, cpu_model, cores, kernel,"
        "  git_commit, git_dirty, papi_version, command_line, seed, matrix, shard)"
        "  SELECT uuid, started_at, finished_at, machine, cpu_model, cores, kernel, git_commit,"
        "  git_dirty, papi_version, command_line, seed, matrix, shard FROM src.sessions"
        "  WHERE id IN (SELECT old FROM hb_smap) ORDER BY id;"
        "UPDATE hb_smap SET new = (SELECT m.id FROM main.sessions m JOIN src.sessions s"
        "  ON s.uuid = m.uuid WHERE s.id = hb_smap.old);"
        "INSERT INTO builds (session_id, variant, path, compiler, cflags, git_commit, git_dirty,"
        "  papi_version, version_text) SELECT m.new, b.variant, b.path, b.compiler, b.cflags,"
        "  b.git_commit, b.git_dirty, b.papi_version, b.version_text"
        "  FROM src.builds b JOIN hb_smap m ON m.old = b.session_id;"
        "INSERT INTO events (session_id, variant, kind, name, available, reason)"
        "  SELECT m.new, e.variant, e.kind, e.name, e.available, e.reason"
        "  FROM src.events e JOIN hb_smap m ON m.old = e.session_id;"
        /* New run id = old id + the largest id already in main: distinct, and
         * above every existing one. */
        "CREATE TEMP TABLE hb_rmap (old INTEGER PRIMARY KEY, new INTEGER);"
        "INSERT INTO hb_rmap SELECT r.id, r.id + (SELECT coalesce(max(id), 0) FROM main.runs)"
        "  FROM src.runs r JOIN hb_smap m ON m.old = r.session_id;"
        "INSERT INTO runs (id, session_id, variant, workload, size, threads, repetition, order_index,"
        "  warmup, wall_ns, cpu_ns, maxrss_kb, exit_status, status, result, expected, ok, error,"
        "  stderr_tail, started_at, duration_ns)"
        "  SELECT rm.new, sm.new, r.variant, r.workload, r.size, r.threads, r.repetition,"
        "  r.order_index, r.warmup, r.wall_ns, r.cpu_ns, r.maxrss_kb, r.exit_status, r.status,"
        "  r.result, r.expected, r.ok, r.error, r.stderr_tail, r.started_at, r.duration_ns"
        "  FROM src.runs r JOIN hb_rmap rm ON rm.old = r.id JOIN hb_smap sm ON sm.old = r.session_id;"
        "INSERT INTO counters (run_id, name, value, source, available, reason)"
        "  SELECT rm.new, c.name, c.value, c.source, c.available, c.reason"
        "  FROM src.counters c JOIN hb_rmap rm ON rm.old = c.run_id;"
        "COMMIT;";
    char *msg = NULL;
    if (sqlite3_exec(dst, merge_sql, NULL, NULL, &msg) != SQLITE_OK) {
        hb_err_set(err, "merging %s: %s", src_path, msg);
        sqlite3_free(msg);
        sqlite3_exec(dst, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_exec(dst, "DROP TABLE IF EXISTS temp.hb_smap; DROP TABLE IF EXISTS temp.hb_rmap; "
                     "DETACH DATABASE src", NULL, NULL, NULL);
        return -1;
    }
    if (sqlite3_prepare_v2(dst, "SELECT count(*) FROM temp.hb_smap", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) *copied = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_exec(dst, "DROP TABLE temp.hb_smap; DROP TABLE temp.hb_rmap; DETACH DATABASE src",
                 NULL, NULL, NULL);
    return 0;
sqlerr:
    hb_err_set(err, "%s: %s", src_path, sqlite3_errmsg(dst));
    return -1;
}

static const char hbtools_merge_usage[] =
    "usage: parvm-bench merge --db OUT IN.db [IN.db ...]\n"
    "  Copies every session of each IN database (with its builds, events, runs and\n"
    "  counters) into OUT, creating it when needed. Sessions are identified by their\n"
    "  uuid, so merging the same input twice copies it once. Shards of one matrix\n"
    "  stay separate sessions (each records its --shard).\n";

int hbtools_merge_main(int argc, char **argv)
{
    const char *db_path = NULL;
    HbOpt opts[] = { { "--db", &db_path, NULL } };
    HbStrList inputs = { 0 };
    HbErr err;
    int rc = hbcli_parse(argc, argv, opts, PV_ARRAY_LEN(opts), &inputs, &err);
    if (rc == 1) { fputs(hbtools_merge_usage, stdout); hb_strlist_free(&inputs); return 0; }
    if (rc < 0 || !db_path || inputs.n == 0) {
        fprintf(stderr, "parvm-bench merge: %s\n", rc < 0 ? err.msg
                : !db_path ? "--db OUT is required" : "no input databases given");
        hb_strlist_free(&inputs);
        return 2;
    }
    for (size_t i = 0; i < inputs.n; i++) {
        sqlite3 *probe;
        if (hbdb_open_ro(inputs.v[i], &probe, &err) < 0) {
            fprintf(stderr, "parvm-bench merge: input %s\n", err.msg);
            hb_strlist_free(&inputs);
            return 2;
        }
        bool old = hbdb_user_version(probe) < HBDB_SCHEMA_VERSION;
        sqlite3_close(probe);
        if (old) {
            /* Inputs at an older schema are migrated in place: migrations only add. */
            if (hbdb_open(inputs.v[i], &probe, &err) < 0) {
                fprintf(stderr, "parvm-bench merge: input %s\n", err.msg);
                hb_strlist_free(&inputs);
                return 1;
            }
            sqlite3_close(probe);
        }
    }
    sqlite3 *db;
    if (hbdb_open(db_path, &db, &err) < 0) {
        fprintf(stderr, "parvm-bench merge: --db: %s\n", err.msg);
        hb_strlist_free(&inputs);
        return 2;
    }
    int status = 0;
    for (size_t i = 0; i < inputs.n; i++) {
        int copied;
        if (hbtools_merge_db(db, inputs.v[i], &copied, &err) < 0) {
            fprintf(stderr, "parvm-bench merge: %s\n", err.msg);
            status = 1;
            break;
        }
        fprintf(stderr, "parvm-bench merge: %s: %d session%s copied\n", inputs.v[i], copied,
                copied == 1 ? "" : "s");
    }
    sqlite3_close(db);
    hb_strlist_free(&inputs);
    return status;
}

/* ---- list ------------------------------------------------------------------------ */

static const char hbtools_list_usage[] =
    "usage: parvm-bench list [--bin-dir DIR] [--workloads-dir DIR] [--pyrun PATH]\n"
    "  Prints the workloads, every variant found (none included) with its --version,\n"
    "  and for each parvm build the PAPI events and components its --list-events\n"
    "  reports, with the reason when one is unavailable.\n";

int hbtools_list_main(int argc, char **argv)
{
    const char *bin_dir = NULL, *wdir = "workloads", *pyrun = NULL;
    HbOpt opts[] = { { "--bin-dir", &bin_dir, NULL }, { "--workloads-dir", &wdir, NULL },
                     { "--pyrun", &pyrun, NULL } };
    HbErr err;
    int rc = hbcli_parse(argc, argv, opts, PV_ARRAY_LEN(opts), NULL, &err);
    if (rc == 1) { fputs(hbtools_list_usage, stdout); return 0; }
    if (rc < 0) { fprintf(stderr, "parvm-bench list: %s\n", err.msg); return 2; }
    if (bin_dir && access(bin_dir, R_OK | X_OK) != 0) {
        fprintf(stderr, "parvm-bench list: --bin-dir: cannot read folder '%s'\n", bin_dir);
        return 2;
    }
    char *bdir = bin_dir ? pv_xstrdup(bin_dir) : hbcli_default_bin_dir();

    printf("workloads (%s):\n", wdir);
    HbStrList w = { 0 };
    if (hbenv_workloads(wdir, NULL, &w, &err) < 0) printf("  (none: %s)\n", err.msg);
    for (size_t i = 0; i < w.n; i++) printf("  %s\n", w.v[i]);
    hb_strlist_free(&w);

    HbStrList names = { 0 };
    hbenv_available_variants(bdir, &names);
    HbVariantSet vs = { 0 };
    printf("variants (%s and PATH):\n", bdir);
    if (names.n == 0 || hbenv_variants(bdir, &names, pyrun, false, &vs, &err) < 0)
        printf("  (none%s%s)\n", names.n ? ": " : "", names.n ? err.msg : "");
    for (size_t i = 0; i < vs.n; i++) {
        char **av = hbenv_flag_argv(&vs.v[i], "--version");
        HbProcResult r;
        hbproc_run(av, 20.0, true, 400, &r);
        hbenv_argv_free(av);
        printf("  %s  %s\n", vs.v[i].name, vs.v[i].exe);
        if (r.started && !r.signal && r.exit_code == 0) {
            for (char *l = strtok(r.stdout_text, "\n"); l; l = strtok(NULL, "\n")) {
                char *tab = strchr(l, '\t');
                if (tab) *tab = ' ';
                printf("      %s\n", l);
            }
        } else {
            printf("      (--version failed: %s)\n", r.signal ? "killed by a signal" : r.stderr_tail);
        }
        hbproc_result_free(&r);
    }
    for (size_t i = 0; i < vs.n; i++) {
        if (vs.v[i].kind != HBV_PARVM) continue;
        printf("events of %s (--list-events):\n", vs.v[i].name);
        char **av = hbenv_flag_argv(&vs.v[i], "--list-events");
        HbProcResult r;
        hbproc_run(av, 20.0, true, 400, &r);
        hbenv_argv_free(av);
        if (r.started && !r.signal && r.exit_code == 0) {
            for (char *l = strtok(r.stdout_text, "\n"); l; l = strtok(NULL, "\n")) {
                char *f[4] = { 0 };
                int nf = 0;
                for (char *p = l; p && nf < 4; nf++) {
                    f[nf] = p;
                    p = strchr(p, '\t');
                    if (p) *p++ = '\0';
                }
                if (nf == 2 && !strcmp(f[0], "papi_version"))
                    printf("  PAPI library %s\n", f[1]);
                else if (nf >= 3 && !strcmp(f[0], "component"))
                    printf("  component %-16s %s%s%s\n", f[1], f[2], nf > 3 ? ": " : "", nf > 3 ? f[3] : "");
                else
                    printf("  %-32s %s%s%s\n", f[0], nf > 1 ? f[1] : "?", nf > 2 ? ": " : "", nf > 2 ? f[2] : "");
            }
        } else {
            printf("  (--list-events failed: %s)\n", r.signal ? "killed by a signal" : r.stderr_tail);
        }
        hbproc_result_free(&r);
    }
    hbenv_variants_free(&vs);
    hb_strlist_free(&names);
    free(bdir);
    return 0;
}
