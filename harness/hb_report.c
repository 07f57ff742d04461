/* hb_report.c — `report` and `compare` (hb_report.h).
 *
 * Only successful, non-warm-up runs enter the statistics; failures are counted next
 * to them. Every ratio is a ratio of medians with a bootstrap interval over the
 * repetitions of the cells involved (hb_stats.h explains the choice). */
#include "hb_report.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hb_cli.h"
#include "hb_db.h"

static HbCellData *hbrep_get(HbCellSet *s, const char *w, const char *sz, const char *v, int64_t t)
{
    HbCellData *c = (HbCellData *)hbrep_find(s, w, sz, v, t);
    if (c) return c;
    s->c = pv_xrealloc(s->c, (s->n + 1) * sizeof *s->c);
    c = &s->c[s->n++];
    memset(c, 0, sizeof *c);
    c->workload = pv_xstrdup(w);
    c->size = pv_xstrdup(sz);
    c->variant = pv_xstrdup(v);
    c->threads = t;
    return c;
}

const HbCellData *hbrep_find(const HbCellSet *s, const char *w, const char *sz, const char *v,
                             int64_t t)
{
    for (size_t i = 0; i < s->n; i++) {
        const HbCellData *c = &s->c[i];
        if (c->threads == t && !strcmp(c->workload, w) && !strcmp(c->size, sz) && !strcmp(c->variant, v))
            return c;
    }
    return NULL;
}

void hbrep_cells_free(HbCellSet *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->c[i].workload);
        free(s->c[i].size);
        free(s->c[i].variant);
        free(s->c[i].t);
    }
    free(s->c);
    s->c = NULL;
    s->n = 0;
}

static int hbrep_cmp_cell(const void *a, const void *b)
{
    const HbCellData *x = a, *y = b;
    int r;
    if ((r = strcmp(x->workload, y->workload))) return r;
    if ((r = strcmp(x->size, y->size))) return r;
    if ((r = strcmp(x->variant, y->variant))) return r;
    return (x->threads > y->threads) - (x->threads < y->threads);
}

/* "col IN (?,?,...)" with one placeholder per session; bound from index `first`. */
static char *hbrep_in_list(const char *col, size_t n)
{
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_addf(&b, "%s IN (", col);
    for (size_t i = 0; i < n; i++) pvbuf_adds(&b, i ? ",?" : "?");
    pvbuf_adds(&b, ")");
    return pvbuf_detach(&b);
}

static int hbrep_prepare_in(sqlite3 *db, const char *fmt, const char *col, const HbSessions *ss,
                            sqlite3_stmt **st, HbErr *err)
{
    char *in = hbrep_in_list(col, ss->n);
    PvBuf q;
    pvbuf_init(&q);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    pvbuf_addf(&q, fmt, in);   /* fmt: one of the constant queries below, with one %s */
#pragma GCC diagnostic pop
    free(in);
    int rc = sqlite3_prepare_v2(db, q.data, -1, st, NULL);
    pvbuf_free(&q);
    if (rc != SQLITE_OK) {
        hb_err_set(err, "SQL error: %s", sqlite3_errmsg(db));
        return -1;
    }
    for (size_t i = 0; i < ss->n; i++) sqlite3_bind_int64(*st, (int)i + 1, ss->id[i]);
    return 0;
}

int hbrep_load(sqlite3 *db, const HbSessions *ss, HbCellSet *out, HbErr *err)
{
    out->c = NULL;
    out->n = 0;
    sqlite3_stmt *st;
    if (hbrep_prepare_in(db, "SELECT workload, size, variant, threads, ok, wall_ns FROM runs "
                         "WHERE %s AND warmup = 0 ORDER BY id", "session_id", ss, &st, err) < 0)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        HbCellData *c = hbrep_get(out, (const char *)sqlite3_column_text(st, 0),
                                  (const char *)sqlite3_column_text(st, 1),
                                  (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3));
        int64_t wall = sqlite3_column_int64(st, 5);
        if (!sqlite3_column_int(st, 4) || wall <= 0) {
            c->failed++;
            continue;
        }
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 8;
            c->t = pv_xrealloc(c->t, c->cap * sizeof *c->t);
        }
        c->t[c->n++] = (double)wall / 1e9;
    }
    sqlite3_finalize(st);

    /* STM counters arrive as `counter stm_commits` (source vm) or as the SDE event
     * sde:::parvm::stm_commits; either spelling counts, once per run. */
    if (hbrep_prepare_in(db,
            "SELECT r.workload, r.size, r.variant, r.threads,"
            "  sum(CASE WHEN c.name IN ('stm_commits','sde:::parvm::stm_commits') THEN c.value END),"
            "  sum(CASE WHEN c.name IN ('stm_aborts','sde:::parvm::stm_aborts') THEN c.value END)"
            " FROM counters c JOIN runs r ON r.id = c.run_id"
            " WHERE %s AND r.warmup = 0 AND r.ok = 1 AND c.available = 1"
            " GROUP BY r.workload, r.size, r.variant, r.threads", "r.session_id", ss, &st, err) < 0)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 4) == SQLITE_NULL && sqlite3_column_type(st, 5) == SQLITE_NULL)
            continue;
        HbCellData *c = (HbCellData *)hbrep_find(out, (const char *)sqlite3_column_text(st, 0),
                                                 (const char *)sqlite3_column_text(st, 1),
                                                 (const char *)sqlite3_column_text(st, 2),
                                                 sqlite3_column_int64(st, 3));
        if (!c) continue;
        c->has_stm = true;
        c->stm_commits = sqlite3_column_int64(st, 4);
        c->stm_aborts = sqlite3_column_int64(st, 5);
    }
    sqlite3_finalize(st);
    if (out->n) qsort(out->c, out->n, sizeof *out->c, hbrep_cmp_cell);
    return 0;
}

/* ---- tables ---------------------------------------------------------------------- */

void hbtab_free(HbTable *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->v[i].s);
    free(t->v);
    t->v = NULL;
    t->nrows = 0;
}

static HbVal *hbtab_row(HbTable *t)
{
    t->v = pv_xrealloc(t->v, (t->nrows + 1) * t->ncols * sizeof *t->v);
    HbVal *r = &t->v[t->nrows++ * t->ncols];
    memset(r, 0, t->ncols * sizeof *r);
    return r;
}

static HbVal hbval_text(const char *s) { return (HbVal){ HBVAL_TEXT, pv_xstrdup(s), 0, 0 }; }
static HbVal hbval_int(int64_t i) { return (HbVal){ HBVAL_INT, NULL, 0, i }; }
static HbVal hbval_real(double d)
{
    return isfinite(d) ? (HbVal){ HBVAL_REAL, NULL, d, 0 } : (HbVal){ HBVAL_NULL, NULL, 0, 0 };
}

static void hbval_est(HbVal *r, HbEstimate e)
{
    r[0] = hbval_real(e.est);
    r[1] = hbval_real(e.lo);
    r[2] = hbval_real(e.hi);
}

int hbrep_parse_format(const char *s, HbFormat *f)
{
    static const char *const names[] = { "table", "markdown", "csv", "json" };
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (HbFormat)i;
            return 0;
        }
    return -1;
}

/* Render one value for humans: 4 significant digits. */
static void hbval_human(const HbVal *v, PvBuf *b)
{
    switch (v->kind) {
    case HBVAL_NULL: pvbuf_adds(b, "-"); break;
    case HBVAL_TEXT: pvbuf_adds(b, v->s); break;
    case HBVAL_INT:  pvbuf_addf(b, "%lld", (long long)v->i); break;
    case HBVAL_REAL: pvbuf_addf(b, "%.4g", v->d); break;
    }
}

static bool hbtab_is_ci(const HbTable *t, size_t c)
{
    if (c + 2 >= t->ncols) return false;
    size_t n = strlen(t->cols[c]);
    return strncmp(t->cols[c + 1], t->cols[c], n) == 0 && strcmp(t->cols[c + 1] + n, "_lo") == 0
        && strncmp(t->cols[c + 2], t->cols[c], n) == 0 && strcmp(t->cols[c + 2] + n, "_hi") == 0;
}

static void hbtab_print_human(const HbTable *t, bool md, FILE *out)
{
    /* Merge X, X_lo, X_hi into one display column "X [lo, hi]". */
    size_t nd = 0;
    size_t *src = pv_xmalloc(t->ncols * sizeof *src);
    bool *ci = pv_xmalloc(t->ncols * sizeof *ci);
    for (size_t c = 0; c < t->ncols; c++) {
        src[nd] = c;
        ci[nd] = hbtab_is_ci(t, c);
        if (ci[nd]) c += 2;
        nd++;
    }
    char **cell = pv_xcalloc((t->nrows + 1) * nd, sizeof *cell);
    size_t *w = pv_xcalloc(nd, sizeof *w);
    for (size_t d = 0; d < nd; d++) {
        PvBuf b;
        pvbuf_init(&b);
        pvbuf_adds(&b, t->cols[src[d]]);
        if (ci[d]) pvbuf_adds(&b, " [95% CI]");
        cell[d] = pvbuf_detach(&b);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const HbVal *row = &t->v[r * t->ncols];
        for (size_t d = 0; d < nd; d++) {
            PvBuf b;
            pvbuf_init(&b);
            hbval_human(&row[src[d]], &b);
            if (ci[d] && row[src[d] + 1].kind != HBVAL_NULL) {
                pvbuf_adds(&b, " [");
                hbval_human(&row[src[d] + 1], &b);
                pvbuf_adds(&b, ", ");
                hbval_human(&row[src[d] + 2], &b);
                pvbuf_adds(&b, "]");
            }
            cell[(r + 1) * nd + d] = pvbuf_detach(&b);
        }
    }
    for (size_t i = 0; i < (t->nrows + 1) * nd; i++) {
        size_t l = strlen(cell[i]);
        if (l > w[i % nd]) w[i % nd] = l;
    }
    for (size_t r = 0; r <= t->nrows; r++) {
        for (size_t d = 0; d < nd; d++) {
            const char *s = cell[r * nd + d];
            if (md) fprintf(out, "| %-*s ", (int)w[d], s);
            else fprintf(out, "%-*s%s", d + 1 < nd ? (int)w[d] : 0, s, d + 1 < nd ? "  " : "");
        }
        fputs(md ? "|\n" : "\n", out);
        if (r == 0) {
            for (size_t d = 0; d < nd; d++) {
                fputs(md ? "|" : "", out);
                for (size_t k = 0; k < w[d] + (md ? 2 : 0); k++) fputc('-', out);
                if (!md && d + 1 < nd) fputs("  ", out);
            }
            fputs(md ? "|\n" : "\n", out);
        }
    }
    for (size_t i = 0; i < (t->nrows + 1) * nd; i++) free(cell[i]);
    free(cell);
    free(w);
    free(ci);
    free(src);
}

static void hbtab_csv_field(const char *s, FILE *out)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* JSON goes through SQLite's json_object, which does the quoting and number
 * formatting; the table is bound value by value into an in-memory database. */
static void hbtab_print_json(const HbTable *t, FILE *out)
{
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    PvBuf sql;
    pvbuf_init(&sql);
    pvbuf_adds(&sql, "SELECT json_object(");
    for (size_t c = 0; c < t->ncols; c++) pvbuf_adds(&sql, c ? ",?,?" : "?,?");
    pvbuf_adds(&sql, ")");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, sql.data, -1, &st, NULL);
    pvbuf_free(&sql);
    fputs("[", out);
    for (size_t r = 0; r < t->nrows; r++) {
        sqlite3_reset(st);
        for (size_t c = 0; c < t->ncols; c++) {
            const HbVal *v = &t->v[r * t->ncols + c];
            int k = (int)(2 * c + 1);
            sqlite3_bind_text(st, k, t->cols[c], -1, SQLITE_STATIC);
            switch (v->kind) {
            case HBVAL_NULL: sqlite3_bind_null(st, k + 1); break;
            case HBVAL_TEXT: sqlite3_bind_text(st, k + 1, v->s, -1, SQLITE_STATIC); break;
            case HBVAL_INT:  sqlite3_bind_int64(st, k + 1, v->i); break;
            case HBVAL_REAL: sqlite3_bind_double(st, k + 1, v->d); break;
            }
        }
        if (sqlite3_step(st) == SQLITE_ROW)
            fprintf(out, "%s\n  %s", r ? "," : "", (const char *)sqlite3_column_text(st, 0));
    }
    fputs(t->nrows ? "\n]\n" : "]\n", out);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void hbtab_print(const HbTable *t, HbFormat f, FILE *out)
{
    switch (f) {
    case HBFMT_TABLE:    hbtab_print_human(t, false, out); return;
    case HBFMT_MARKDOWN: hbtab_print_human(t, true, out); return;
    case HBFMT_JSON:     hbtab_print_json(t, out); return;
    case HBFMT_CSV:
        for (size_t c = 0; c < t->ncols; c++) fprintf(out, "%s%s", c ? "," : "", t->cols[c]);
        fputc('\n', out);
        for (size_t r = 0; r < t->nrows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                const HbVal *v = &t->v[r * t->ncols + c];
                if (c) fputc(',', out);
                if (v->kind == HBVAL_TEXT) hbtab_csv_field(v->s, out);
                else if (v->kind == HBVAL_INT) fprintf(out, "%lld", (long long)v->i);
                else if (v->kind == HBVAL_REAL) fprintf(out, "%.9g", v->d);
            }
            fputc('\n', out);
        }
        return;
    }
}

/* ---- report ---------------------------------------------------------------------- */

static const char *const hbrep_cols[] = {
    "workload", "size", "variant", "threads", "n", "failed",
    "median_s", "median_s_lo", "median_s_hi",
    "speedup", "speedup_lo", "speedup_hi",
    "vs_gil1", "vs_gil1_lo", "vs_gil1_hi",
    "overhead", "overhead_lo", "overhead_hi",
    "abort_rate",
};
enum { HBR_W, HBR_SZ, HBR_V, HBR_T, HBR_N, HBR_FAIL, HBR_MED, HBR_SPD = HBR_MED + 3,
       HBR_GIL = HBR_SPD + 3, HBR_OVH = HBR_GIL + 3, HBR_ABORT = HBR_OVH + 3, HBR_NCOLS };

#define HBREP_GIL "gil"

void hbrep_table(const HbCellSet *s, HbTable *t)
{
    t->cols = hbrep_cols;
    t->ncols = HBR_NCOLS;
    t->nrows = 0;
    t->v = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const HbCellData *c = &s->c[i];
        HbVal *r = hbtab_row(t);
        r[HBR_W] = hbval_text(c->workload);
        r[HBR_SZ] = hbval_text(c->size);
        r[HBR_V] = hbval_text(c->variant);
        r[HBR_T] = hbval_int(c->threads);
        r[HBR_N] = hbval_int((int64_t)c->n);
        r[HBR_FAIL] = hbval_int(c->failed);
        if (c->has_stm && c->stm_commits + c->stm_aborts > 0)
            r[HBR_ABORT] = hbval_real((double)c->stm_aborts / (double)(c->stm_commits + c->stm_aborts));
        if (c->n == 0) continue;
        hbval_est(&r[HBR_MED], hbstat_median_ci(c->t, c->n));
        const HbCellData *own1 = hbrep_find(s, c->workload, c->size, c->variant, 1);
        if (own1 && own1->n)
            hbval_est(&r[HBR_SPD], hbstat_ratio_ci(own1->t, own1->n, c->t, c->n));
        const HbCellData *gil1 = hbrep_find(s, c->workload, c->size, HBREP_GIL, 1);
        if (gil1 && gil1->n) {
            hbval_est(&r[HBR_GIL], hbstat_ratio_ci(gil1->t, gil1->n, c->t, c->n));
            if (c->threads == 1)
                hbval_est(&r[HBR_OVH], hbstat_ratio_ci(c->t, c->n, gil1->t, gil1->n));
        }
    }
    /* Geometric-mean rows: per (size, variant, threads) over the workloads that have
     * the value. Point estimates only: an interval of a geomean of medians would need
     * a joint resampling the suite does not justify. */
    size_t nbase = t->nrows;
    for (size_t i = 0; i < nbase; i++) {
        const HbVal *ri = &t->v[i * t->ncols];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const HbVal *rj = &t->v[j * t->ncols];
            seen = !strcmp(rj[HBR_SZ].s, ri[HBR_SZ].s) && !strcmp(rj[HBR_V].s, ri[HBR_V].s)
                && rj[HBR_T].i == ri[HBR_T].i;
        }
        if (seen) continue;
        char *size = pv_xstrdup(ri[HBR_SZ].s), *variant = pv_xstrdup(ri[HBR_V].s);
        int64_t threads = ri[HBR_T].i;
        static const int metrics[] = { HBR_MED, HBR_SPD, HBR_GIL, HBR_OVH };
        double gm[4];
        int64_t nw = 0;
        for (size_t m = 0; m < 4; m++) {
            double *x = pv_xmalloc(nbase * sizeof *x);
            size_t nx = 0;
            for (size_t j = 0; j < nbase; j++) {
                const HbVal *rj = &t->v[j * t->ncols];
                if (strcmp(rj[HBR_SZ].s, size) || strcmp(rj[HBR_V].s, variant) || rj[HBR_T].i != threads)
                    continue;
                if (m == 0) nw++;
                if (rj[metrics[m]].kind == HBVAL_REAL && rj[metrics[m]].d > 0) x[nx++] = rj[metrics[m]].d;
            }
            gm[m] = nx ? hbstat_geomean(x, nx) : NAN;
            free(x);
        }
        HbVal *r = hbtab_row(t);   /* may move t->v: ri is not used below */
        r[HBR_W] = hbval_text("geomean");
        r[HBR_SZ] = hbval_text(size);
        r[HBR_V] = hbval_text(variant);
        r[HBR_T] = hbval_int(threads);
        r[HBR_N] = hbval_int(nw);
        for (size_t m = 0; m < 4; m++) r[metrics[m]] = hbval_real(gm[m]);
        free(size);
        free(variant);
    }
}

const char *hbrep_verdict(HbEstimate e, double threshold)
{
    if (e.est > 1.0 + threshold && e.lo > 1.0) return "regression";
    if (e.est < 1.0 / (1.0 + threshold) && e.hi < 1.0) return "improvement";
    return "same";
}

static const char *const hbcmp_cols[] = {
    "workload", "size", "variant", "threads", "base_n", "n",
    "base_median_s", "median_s",
    "time_ratio", "time_ratio_lo", "time_ratio_hi", "time_verdict",
    "overhead_ratio", "overhead_ratio_lo", "overhead_ratio_hi", "overhead_verdict",
};
enum { HBC_W, HBC_SZ, HBC_V, HBC_T, HBC_BN, HBC_N, HBC_BASE, HBC_CUR, HBC_TR,
       HBC_TV = HBC_TR + 3, HBC_OR, HBC_OV = HBC_OR + 3, HBC_NCOLS };

/* The ratio S of the groups' medians (exps as in hbstat_boot) and, when every group
 * has at least HBREP_MIN_RUNS runs, its interval and verdict; with fewer, the point
 * estimate alone (NULL if a group is empty) and "insufficient". Returns the verdict. */
static const char *hbrep_judge(const HbSample *g, const int *ex, size_t k, double threshold,
                               HbVal *r)
{
    bool enough = true, any_empty = false;
    for (size_t i = 0; i < k; i++) {
        enough &= g[i].n >= HBREP_MIN_RUNS;
        any_empty |= g[i].n == 0;
    }
    if (enough) {
        HbEstimate e = hbstat_boot(g, ex, k, HBSTAT_BOOT_RESAMPLES, HBSTAT_BOOT_SEED);
        hbval_est(r, e);
        return hbrep_verdict(e, threshold);
    }
    if (!any_empty) {
        double est = 1.0;
        for (size_t i = 0; i < k; i++) {
            double m = hbstat_median(g[i].x, g[i].n);
            est = ex[i] > 0 ? est * m : est / m;
        }
        r[0] = hbval_real(est);
    }
    return "insufficient";
}

void hbrep_compare_table(const HbCellSet *cur, const HbCellSet *base, double threshold,
                         HbTable *t, HbCompareCounts *k)
{
    t->cols = hbcmp_cols;
    t->ncols = HBC_NCOLS;
    t->nrows = 0;
    t->v = NULL;
    memset(k, 0, sizeof *k);
    for (size_t i = 0; i < cur->n; i++) {
        const HbCellData *c = &cur->c[i];
        const HbCellData *b = hbrep_find(base, c->workload, c->size, c->variant, c->threads);
        if (!b) continue;
        HbVal *r = hbtab_row(t);
        r[HBC_W] = hbval_text(c->workload);
        r[HBC_SZ] = hbval_text(c->size);
        r[HBC_V] = hbval_text(c->variant);
        r[HBC_T] = hbval_int(c->threads);
        r[HBC_BN] = hbval_int((int64_t)b->n);
        r[HBC_N] = hbval_int((int64_t)c->n);
        if (b->n) r[HBC_BASE] = hbval_real(hbstat_median(b->t, b->n));
        if (c->n) r[HBC_CUR] = hbval_real(hbstat_median(c->t, c->n));
        if (c->n == 0) {
            /* Every run of the cell failed now: nothing to measure, and a failure. */
            r[HBC_TV] = hbval_text("failed");
            k->failed++;
            continue;
        }
        HbSample tg[2] = { { c->t, c->n }, { b->t, b->n } };
        int tex[2] = { 1, -1 };
        const char *v = hbrep_judge(tg, tex, 2, threshold, &r[HBC_TR]);
        r[HBC_TV] = hbval_text(v);
        k->regressions += strcmp(v, "regression") == 0;
        k->insufficient += strcmp(v, "insufficient") == 0;
        /* The overhead against the GIL build at one thread, compared across the two
         * sessions: (cur_v / cur_gil) / (base_v / base_gil). Robust to the two
         * sessions running on different machines, which is what CI needs. */
        const HbCellData *cg = hbrep_find(cur, c->workload, c->size, HBREP_GIL, 1);
        const HbCellData *bg = hbrep_find(base, c->workload, c->size, HBREP_GIL, 1);
        if (c->threads == 1 && strcmp(c->variant, HBREP_GIL) && cg && bg) {
            HbSample g[4] = { { c->t, c->n }, { cg->t, cg->n }, { b->t, b->n }, { bg->t, bg->n } };
            int ex[4] = { 1, -1, -1, 1 };
            const char *ov = hbrep_judge(g, ex, 4, threshold, &r[HBC_OR]);
            r[HBC_OV] = hbval_text(ov);
            k->regressions += strcmp(ov, "regression") == 0;
            k->insufficient += strcmp(ov, "insufficient") == 0;
        }
    }
    for (size_t i = 0; i < base->n; i++) {
        const HbCellData *b = &base->c[i];
        k->missing += !hbrep_find(cur, b->workload, b->size, b->variant, b->threads);
    }
}

/* ---- subcommands ----------------------------------------------------------------- */

void hbrep_sessions_free(HbSessions *ss)
{
    free(ss->id);
    ss->id = NULL;
    ss->n = 0;
}

static void hbrep_sessions_add(HbSessions *ss, int64_t id)
{
    ss->id = pv_xrealloc(ss->id, (ss->n + 1) * sizeof *ss->id);
    ss->id[ss->n++] = id;
}

char *hbrep_sessions_text(const HbSessions *ss)
{
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_adds(&b, ss->n == 1 ? "session " : "sessions ");
    for (size_t i = 0; i < ss->n; i++) pvbuf_addf(&b, "%s%lld", i ? "," : "", (long long)ss->id[i]);
    return pvbuf_detach(&b);
}

/* A session's matrix text without its shard part (the text from ";shard=" on), and
 * its shard ("K/N", or NULL when it was not sharded). 0, or -1 when not found. */
static int hbrep_session_matrix(sqlite3 *db, int64_t sid, char **base, char **shard)
{
    sqlite3_stmt *st;
    *base = *shard = NULL;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(matrix, ''), shard FROM sessions WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, sid);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        const char *cut = strstr(m, ";shard=");
        size_t n = cut ? (size_t)(cut - m) : strlen(m);
        *base = pv_xmalloc(n + 1);
        memcpy(*base, m, n);
        (*base)[n] = '\0';
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            *shard = pv_xstrdup((const char *)sqlite3_column_text(st, 1));
        rc = 0;
    }
    sqlite3_finalize(st);
    if (!*base) *base = pv_xstrdup("");
    return rc;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* --all-shards: ss holds one session, a shard; add the newest session of every other
 * shard K/N of the same matrix. Notes the shards that are missing. */
static int hbrep_add_shards(sqlite3 *db, const char *opt, const char *path, HbSessions *ss,
                            HbErr *err)
{
    char *base, *shard;
    int64_t anchor = ss->id[0];
    hbrep_session_matrix(db, anchor, &base, &shard);
    int64_t k, n;
    const char *slash = shard ? strchr(shard, '/') : NULL;
    if (!slash || !hb_parse_i64(slash + 1, &n) || n < 1) {
        hb_err_set(err, "%s: session %lld of %s was not run with --shard, so it has no fellow "
                   "shards", opt, (long long)anchor, path);
        free(base);
        free(shard);
        return 2;
    }
    bool *seen = pv_xcalloc((size_t)n + 1, sizeof *seen);
    if (sscanf(shard, "%" SCNd64, &k) == 1 && k >= 1 && k <= n) seen[k] = true;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id FROM sessions WHERE id <> ? AND shard IS NOT NULL "
                           "ORDER BY id DESC", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, anchor);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0), k2, n2;
            char *b2, *s2;
            if (hbrep_session_matrix(db, id, &b2, &s2) == 0 && s2
                && sscanf(s2, "%" SCNd64 "/%" SCNd64, &k2, &n2) == 2 && n2 == n && k2 >= 1
                && k2 <= n && !seen[k2] && strcmp(b2, base) == 0) {
                seen[k2] = true;       /* newest session of shard k2 */
                hbrep_sessions_add(ss, id);
            }
            free(b2);
            free(s2);
        }
        sqlite3_finalize(st);
    }
    PvBuf missing;
    pvbuf_init(&missing);
    for (int64_t i = 1; i <= n; i++)
        if (!seen[i]) pvbuf_addf(&missing, "%s%lld/%lld", missing.len ? ", " : "", (long long)i, (long long)n);
    if (missing.len)
        fprintf(stderr, "parvm-bench: note: %s: no session of shard%s %s in %s; the tables cover "
                "the shards present\n", opt, strchr(missing.data, ',') ? "s" : "", missing.data, path);
    pvbuf_free(&missing);
    free(seen);
    free(base);
    free(shard);
    qsort(ss->id, ss->n, sizeof *ss->id, cmp_i64);
    return 0;
}

int hbrep_sessions_arg(sqlite3 *db, const char *opt, const char *s, bool all_shards,
                       const char *path, HbSessions *ss, HbErr *err)
{
    ss->id = NULL;
    ss->n = 0;
    int rc = 0;
    if (s) {
        HbStrList l = { 0 };
        if (hb_split_commas(s, &l) < 0) {
            hb_err_set(err, "%s: '%s' has an empty item", opt, s);
            rc = 2;
        }
        for (size_t i = 0; i < l.n && !rc; i++) {
            int64_t id;
            if (!hb_parse_i64(l.v[i], &id) || id < 1) {
                hb_err_set(err, "%s: '%s' is not a session id (a positive integer)", opt, l.v[i]);
                rc = 2;
            } else if (!hbdb_session_exists(db, id)) {
                hb_err_set(err, "%s: %s has no session %lld", opt, path, (long long)id);
                rc = 2;
            } else {
                for (size_t j = 0; j < ss->n && !rc; j++)
                    if (ss->id[j] == id) {
                        hb_err_set(err, "%s: session %lld given twice", opt, (long long)id);
                        rc = 2;
                    }
                hbrep_sessions_add(ss, id);
            }
        }
        hb_strlist_free(&l);
    } else {
        int64_t id = hbdb_newest_session(db);
        if (!id) {
            hb_err_set(err, "%s has no sessions", path);
            rc = 1;
        } else {
            hbrep_sessions_add(ss, id);
        }
    }
    if (!rc && all_shards) {
        if (ss->n > 1) {
            hb_err_set(err, "%s: give one session (a shard) with --all-shards, not %zu", opt, ss->n);
            rc = 2;
        } else {
            rc = hbrep_add_shards(db, opt, path, ss, err);
        }
    }
    /* Several sessions make one table only when they ran the same matrix. */
    for (size_t i = 1; i < ss->n && !rc; i++) {
        char *b0, *s0, *bi, *si;
        hbrep_session_matrix(db, ss->id[0], &b0, &s0);
        hbrep_session_matrix(db, ss->id[i], &bi, &si);
        if (strcmp(b0, bi) != 0) {
            hb_err_set(err, "%s: sessions %lld and %lld of %s ran different matrices, so they do "
                       "not make one table (%lld: %s; %lld: %s)", opt, (long long)ss->id[0],
                       (long long)ss->id[i], path, (long long)ss->id[0], b0, (long long)ss->id[i], bi);
            rc = 2;
        }
        free(b0);
        free(s0);
        free(bi);
        free(si);
    }
    if (rc) hbrep_sessions_free(ss);
    return rc;
}

static const char hbrep_report_usage[] =
    "usage: parvm-bench report [--db PATH] [--session ID[,ID...] | --all-shards]\n"
    "                          [--format table|markdown|csv|json]\n"
    "  Per workload, size, variant and thread count: runs (n), failed runs, median wall\n"
    "  time with its 95% bootstrap interval, speedup against the variant's own 1-thread\n"
    "  median, speedup against the gil build's 1-thread median, single-thread overhead\n"
    "  against gil (threads = 1), and the STM abort rate aborts/(commits+aborts) when\n"
    "  counters exist; then geometric-mean rows over the workloads.\n"
    "  --db PATH          results database (default " HBCLI_DEFAULT_DB ")\n"
    "  --session IDS      session(s) to report, comma-separated (default: the newest);\n"
    "                     several sessions must have run the same matrix (the shards of\n"
    "                     one matrix, merged into one database) and make one table\n"
    "  --all-shards       the session (given or newest) and the newest session of each\n"
    "                     other shard of its matrix\n"
    "  --format F         table (default), markdown, csv or json\n";

int hbrep_report_main(int argc, char **argv)
{
    const char *db_path = HBCLI_DEFAULT_DB, *session = NULL, *format = "table";
    bool all_shards = false;
    HbOpt opts[] = { { "--db", &db_path, NULL }, { "--session", &session, NULL },
                     { "--format", &format, NULL }, { "--all-shards", NULL, &all_shards } };
    HbErr err;
    int rc = hbcli_parse(argc, argv, opts, PV_ARRAY_LEN(opts), NULL, &err);
    if (rc == 1) { fputs(hbrep_report_usage, stdout); return 0; }
    if (rc < 0) { fprintf(stderr, "parvm-bench report: %s\n", err.msg); return 2; }
    HbFormat f;
    if (hbrep_parse_format(format, &f) < 0) {
        fprintf(stderr, "parvm-bench report: --format: '%s' is not one of table, markdown, csv, json\n", format);
        return 2;
    }
    sqlite3 *db;
    if (hbdb_open_ro(db_path, &db, &err) < 0) {
        fprintf(stderr, "parvm-bench report: --db: %s\n", err.msg);
        return 2;
    }
    HbSessions ss;
    if ((rc = hbrep_sessions_arg(db, "--session", session, all_shards, db_path, &ss, &err)) != 0) {
        fprintf(stderr, "parvm-bench report: %s\n", err.msg);
        sqlite3_close(db);
        return rc;
    }
    HbCellSet cells;
    if (hbrep_load(db, &ss, &cells, &err) < 0) {
        fprintf(stderr, "parvm-bench report: %s\n", err.msg);
        hbrep_sessions_free(&ss);
        sqlite3_close(db);
        return 1;
    }
    HbTable t;
    hbrep_table(&cells, &t);
    if (f == HBFMT_TABLE || f == HBFMT_MARKDOWN) {
        char *which = hbrep_sessions_text(&ss);
        printf("%s%s of %s; median wall time of run() in seconds; ratios of medians; "
               "95%% CI by percentile bootstrap (%u resamples)\n\n", f == HBFMT_MARKDOWN ? "" : "# ",
               which, db_path, HBSTAT_BOOT_RESAMPLES);
        free(which);
    }
    hbtab_print(&t, f, stdout);
    hbtab_free(&t);
    hbrep_cells_free(&cells);
    hbrep_sessions_free(&ss);
    sqlite3_close(db);
    return 0;
}

static const char hbrep_compare_usage[] =
    "usage: parvm-bench compare --baseline B [--db PATH] [--session IDS | --all-shards]\n"
    "                           [--baseline-session IDS | --baseline-all-shards]\n"
    "                           [--threshold PCT] [--format table|markdown|csv|json]\n"
    "  Compares a session with a baseline: per cell the ratio of median times (current /\n"
    "  baseline) and, at one thread, the ratio of overheads against gil. A ratio is a\n"
    "  regression when it exceeds 1 + threshold AND its 95% bootstrap interval lies above\n"
    "  1. A verdict needs at least 3 runs on each side; with fewer the ratio's verdict is\n"
    "  'insufficient' (no interval, never a failure). A cell of the baseline whose runs\n"
    "  all failed now has the verdict 'failed'.\n"
    "  Exit status: 0 no regression; 1 a regression or a failed cell; 2 bad arguments, or\n"
    "  no cell in common (nothing compared).\n"
    "  --baseline B           a results database, or an SQL text dump of one\n"
    "  --db PATH              current results (default " HBCLI_DEFAULT_DB ")\n"
    "  --session IDS          current session(s) (default: the newest); several must be\n"
    "                         shards of one matrix, as for report\n"
    "  --all-shards           the current session and its fellow shards\n"
    "  --baseline-session IDS baseline session(s) (default: the newest in B)\n"
    "  --baseline-all-shards  the baseline session and its fellow shards\n"
    "  --threshold PCT        percent beyond which a change counts (default 10)\n"
    "  --format F             table (default), markdown, csv or json\n";

int hbrep_compare_main(int argc, char **argv)
{
    const char *db_path = HBCLI_DEFAULT_DB, *session = NULL, *format = "table";
    const char *baseline = NULL, *bsession = NULL, *threshold = "10";
    bool all_shards = false, ball_shards = false;
    HbOpt opts[] = { { "--db", &db_path, NULL }, { "--session", &session, NULL },
                     { "--format", &format, NULL }, { "--baseline", &baseline, NULL },
                     { "--baseline-session", &bsession, NULL }, { "--threshold", &threshold, NULL },
                     { "--all-shards", NULL, &all_shards },
                     { "--baseline-all-shards", NULL, &ball_shards } };
    HbErr err;
    int rc = hbcli_parse(argc, argv, opts, PV_ARRAY_LEN(opts), NULL, &err);
    if (rc == 1) { fputs(hbrep_compare_usage, stdout); return 0; }
    if (rc < 0) { fprintf(stderr, "parvm-bench compare: %s\n", err.msg); return 2; }
    HbFormat f;
    if (hbrep_parse_format(format, &f) < 0) {
        fprintf(stderr, "parvm-bench compare: --format: '%s' is not one of table, markdown, csv, json\n", format);
        return 2;
    }
    if (!baseline) {
        fprintf(stderr, "parvm-bench compare: --baseline is required\n");
        return 2;
    }
    double thr;
    if (!hb_parse_double(threshold, &thr) || thr < 0 || thr > 1000) {
        fprintf(stderr, "parvm-bench compare: --threshold: '%s' is not a percentage (0..1000)\n", threshold);
        return 2;
    }
    sqlite3 *db, *bdb;
    if (hbdb_open_ro(db_path, &db, &err) < 0) {
        fprintf(stderr, "parvm-bench compare: --db: %s\n", err.msg);
        return 2;
    }
    if (hbdb_open_baseline(baseline, &bdb, &err) < 0) {
        fprintf(stderr, "parvm-bench compare: --baseline: %s\n", err.msg);
        sqlite3_close(db);
        return 2;
    }
    HbSessions ss = { 0 }, bs = { 0 };
    HbCellSet cur = { 0 }, base = { 0 };
    int status = 0;
    if ((rc = hbrep_sessions_arg(db, "--session", session, all_shards, db_path, &ss, &err)) != 0
        || (rc = hbrep_sessions_arg(bdb, "--baseline-session", bsession, ball_shards, baseline,
                                    &bs, &err)) != 0) {
        fprintf(stderr, "parvm-bench compare: %s\n", err.msg);
        status = rc;
        goto out;
    }
    if (hbrep_load(db, &ss, &cur, &err) < 0 || hbrep_load(bdb, &bs, &base, &err) < 0) {
        fprintf(stderr, "parvm-bench compare: %s\n", err.msg);
        status = 1;
        goto out;
    }
    HbTable t;
    HbCompareCounts k;
    hbrep_compare_table(&cur, &base, thr / 100.0, &t, &k);
    char *which = hbrep_sessions_text(&ss), *bwhich = hbrep_sessions_text(&bs);
    if (t.nrows == 0) {
        /* Nothing compared is not a pass: the sessions ran different matrices. */
        fprintf(stderr, "parvm-bench compare: no cell (workload, size, variant, threads) of %s "
                "of %s appears in %s of %s: nothing to compare\n", which, db_path, bwhich, baseline);
        status = 2;
    } else {
        if (f == HBFMT_TABLE || f == HBFMT_MARKDOWN)
            printf("%s%s of %s against %s of %s; threshold %g%%; a verdict needs %d runs on "
                   "each side\n\n", f == HBFMT_MARKDOWN ? "" : "# ", which, db_path, bwhich,
                   baseline, thr, HBREP_MIN_RUNS);
        hbtab_print(&t, f, stdout);
        if (k.insufficient)
            fprintf(stderr, "parvm-bench compare: note: %zu ratio%s with fewer than %d runs on a "
                    "side: no verdict (insufficient)\n", k.insufficient,
                    k.insufficient == 1 ? "" : "s", HBREP_MIN_RUNS);
        if (k.missing)
            fprintf(stderr, "parvm-bench compare: note: %zu cell%s of the baseline not in %s\n",
                    k.missing, k.missing == 1 ? "" : "s", which);
        if (k.failed) {
            fprintf(stderr, "parvm-bench compare: %zu cell%s with no successful run (verdict "
                    "failed):", k.failed, k.failed == 1 ? "" : "s");
            for (size_t r = 0; r < t.nrows; r++) {
                const HbVal *row = &t.v[r * t.ncols];
                if (row[HBC_TV].kind == HBVAL_TEXT && !strcmp(row[HBC_TV].s, "failed"))
                    fprintf(stderr, " %s/%s/%s/%lld", row[HBC_W].s, row[HBC_SZ].s, row[HBC_V].s,
                            (long long)row[HBC_T].i);
            }
            fputc('\n', stderr);
            status = 1;
        }
        if (k.regressions) {
            fprintf(stderr, "parvm-bench compare: %zu significant regression%s beyond %g%%\n",
                    k.regressions, k.regressions == 1 ? "" : "s", thr);
            status = 1;
        }
    }
    free(which);
    free(bwhich);
    hbtab_free(&t);
out:
    hbrep_cells_free(&cur);
    hbrep_cells_free(&base);
    hbrep_sessions_free(&ss);
    hbrep_sessions_free(&bs);
    sqlite3_close(db);
    sqlite3_close(bdb);
    return status;
}
