/* hb_record.c — the strict stats-record parser (see hb_record.h, docs/protocols.md).
 *
 * The record is read in three sections whose order is fixed: scalars (variant ... ok,
 * error), then papi/papi_unavailable lines, then counter lines, then `end`. `section`
 * only ever increases, which is how out-of-order lines are caught. */
#include "hb_record.h"

#include <stdlib.h>
#include <string.h>

const char *hbrec_source_name(HbSource s)
{
    switch (s) {
    case HBSRC_PAPI: return "papi";
    case HBSRC_SDE:  return "sde";
    case HBSRC_VM:   return "vm";
    }
    return "?";
}

void hbrec_free(HbRecord *rec)
{
    free(rec->variant);
    free(rec->workload);
    free(rec->size);
    free(rec->result);
    free(rec->expected);
    free(rec->error);
    for (size_t i = 0; i < rec->ncounters; i++) {
        free(rec->counters[i].name);
        free(rec->counters[i].reason);
    }
    free(rec->counters);
    memset(rec, 0, sizeof *rec);
}

/* The scalar keys, in the order protocols.md lists them, and whether each must be
 * present. A key may not come before one listed earlier than itself. */
enum { HBREC_STR, HBREC_INT, HBREC_OK };
typedef struct HbScalarKey {
    const char *key;
    int kind;
    bool required;
    size_t offset;
} HbScalarKey;

static const HbScalarKey hbrec_scalars[] = {
    { "variant",   HBREC_STR, true,  offsetof(HbRecord, variant) },
    { "workload",  HBREC_STR, true,  offsetof(HbRecord, workload) },
    { "size",      HBREC_STR, true,  offsetof(HbRecord, size) },
    { "threads",   HBREC_INT, true,  offsetof(HbRecord, threads) },
    { "wall_ns",   HBREC_INT, true,  offsetof(HbRecord, wall_ns) },
    { "cpu_ns",    HBREC_INT, true,  offsetof(HbRecord, cpu_ns) },
    { "maxrss_kb", HBREC_INT, true,  offsetof(HbRecord, maxrss_kb) },
    { "result",    HBREC_STR, false, offsetof(HbRecord, result) },
    { "expected",  HBREC_STR, false, offsetof(HbRecord, expected) },
    { "ok",        HBREC_OK,  true,  offsetof(HbRecord, ok) },
    { "error",     HBREC_STR, false, offsetof(HbRecord, error) },
};
#define HBREC_NSCALARS (sizeof hbrec_scalars / sizeof hbrec_scalars[0])

/* Split line into at most `max` TAB-separated fields (in place); returns the count,
 * or max + 1 when there are more. */
static size_t hbrec_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        if (n == max) return max + 1;
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t) return n;
        *t = '\0';
        p = t + 1;
    }
}

static void hbrec_add_counter(HbRecord *rec, const char *name, HbSource src,
                              bool avail, int64_t value, const char *reason)
{
    rec->counters = pv_xrealloc(rec->counters, (rec->ncounters + 1) * sizeof *rec->counters);
    HbCounter *c = &rec->counters[rec->ncounters++];
    c->name = pv_xstrdup(name);
    c->source = src;
    c->available = avail;
    c->value = value;
    c->reason = reason ? pv_xstrdup(reason) : NULL;
}

static bool hbrec_counter_seen(const HbRecord *rec, const char *name, bool vm)
{
    for (size_t i = 0; i < rec->ncounters; i++)
        if ((rec->counters[i].source == HBSRC_VM) == vm && strcmp(rec->counters[i].name, name) == 0)
            return true;
    return false;
}

static int hbrec_parse_lines(char *text, HbRecord *rec, HbErr *err)
{
    bool seen[HBREC_NSCALARS] = { false };
    size_t last_scalar = 0;      /* index of the last scalar key read, + 1 */
    int section = 0;             /* 0 scalars, 1 papi, 2 counters, 3 after end */
    size_t lineno = 0;
    char *p = text;

    if (*p == '\0') {
        hb_err_set(err, "empty record");
        return -1;
    }
    while (*p) {
        char *nl = strchr(p, '\n');
        char *line = p;
        if (nl) { *nl = '\0'; p = nl + 1; } else p += strlen(p);
        lineno++;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r') line[--ll] = '\0';

        if (section == 3) {
            if (ll == 0) continue;
            hb_err_set(err, "line %zu: text after 'end'", lineno);
            return -1;
        }
        char *f[4];
        size_t nf = hbrec_fields(line, f, 3);
        const char *key = f[0];

        if (lineno == 1) {
            int64_t v;
            if (strcmp(key, "parvm-stats") != 0 || nf != 2) {
                hb_err_set(err, "line 1: not a stats record (expected 'parvm-stats<TAB>%d')",
                           HBREC_VERSION);
                return -1;
            }
            if (!hb_parse_i64(f[1], &v)) {
                hb_err_set(err, "line 1: bad record version '%s'", f[1]);
                return -1;
            }
            if (v != HBREC_VERSION) {
                hb_err_set(err, "line 1: record version %lld is not supported (this harness reads %d)",
                           (long long)v, HBREC_VERSION);
                return -1;
            }
            rec->version = (int)v;
            continue;
        }
        if (strcmp(key, "end") == 0) {
            if (nf != 1) {
                hb_err_set(err, "line %zu: 'end' takes no value", lineno);
                return -1;
            }
            section = 3;
            continue;
        }
        if (strcmp(key, "papi") == 0 || strcmp(key, "papi_unavailable") == 0
            || strcmp(key, "counter") == 0) {
            bool is_counter = key[0] == 'c';
            int want = is_counter ? 2 : 1;
            if (section > want) {
                hb_err_set(err, "line %zu: '%s' line after the %s lines", lineno, key,
                           section == 2 ? "counter" : "papi");
                return -1;
            }
            section = want;
            if (nf != 3) {
                hb_err_set(err, "line %zu: '%s' needs a name and a value (3 fields, got %zu)",
                           lineno, key, nf > 3 ? (size_t)4 : nf);
                return -1;
            }
            if (!*f[1]) {
                hb_err_set(err, "line %zu: '%s' has an empty name", lineno, key);
                return -1;
            }
            if (hbrec_counter_seen(rec, f[1], is_counter)) {
                hb_err_set(err, "line %zu: '%s' appears twice", lineno, f[1]);
                return -1;
            }
            HbSource src = is_counter ? HBSRC_VM
                         : strncmp(f[1], "sde:::", 6) == 0 ? HBSRC_SDE : HBSRC_PAPI;
            if (strcmp(key, "papi_unavailable") == 0) {
                hbrec_add_counter(rec, f[1], src, false, 0, f[2]);
            } else {
                int64_t v;
                if (!hb_parse_i64(f[2], &v)) {
                    hb_err_set(err, "line %zu: '%s' value '%s' is not an integer", lineno, f[1], f[2]);
                    return -1;
                }
                hbrec_add_counter(rec, f[1], src, true, v, NULL);
            }
            continue;
        }

        size_t k;
        for (k = 0; k < HBREC_NSCALARS; k++)
            if (strcmp(key, hbrec_scalars[k].key) == 0) break;
        if (k == HBREC_NSCALARS) {
            hb_err_set(err, "line %zu: unknown key '%s' in a version %d record", lineno, key,
                       HBREC_VERSION);
            return -1;
        }
        if (section > 0) {
            hb_err_set(err, "line %zu: '%s' after the papi/counter lines", lineno, key);
            return -1;
        }
        if (seen[k]) {
            hb_err_set(err, "line %zu: '%s' appears twice", lineno, key);
            return -1;
        }
        if (k + 1 < last_scalar) {
            hb_err_set(err, "line %zu: '%s' must come before '%s'", lineno, key,
                       hbrec_scalars[last_scalar - 1].key);
            return -1;
        }
        if (nf != 2) {
            hb_err_set(err, "line %zu: '%s' needs exactly one value", lineno, key);
            return -1;
        }
        seen[k] = true;
        last_scalar = k + 1;
        const HbScalarKey *sk = &hbrec_scalars[k];
        void *slot = (char *)rec + sk->offset;
        int64_t v;
        switch (sk->kind) {
        case HBREC_STR:
            *(char **)slot = pv_xstrdup(f[1]);
            break;
        case HBREC_INT:
            if (!hb_parse_i64(f[1], &v) || v < 0) {
                hb_err_set(err, "line %zu: '%s' value '%s' is not a non-negative integer",
                           lineno, key, f[1]);
                return -1;
            }
            *(int64_t *)slot = v;
            break;
        case HBREC_OK:
            if (strcmp(f[1], "0") != 0 && strcmp(f[1], "1") != 0) {
                hb_err_set(err, "line %zu: 'ok' must be 0 or 1, got '%s'", lineno, f[1]);
                return -1;
            }
            rec->ok = f[1][0] - '0';
            break;
        }
    }
    if (section != 3) {
        hb_err_set(err, "truncated record: no 'end' line after line %zu", lineno);
        return -1;
    }
    for (size_t k = 0; k < HBREC_NSCALARS; k++) {
        if (hbrec_scalars[k].required && !seen[k]) {
            hb_err_set(err, "record has no '%s' line", hbrec_scalars[k].key);
            return -1;
        }
    }
    if (rec->threads < 1) {
        hb_err_set(err, "record says threads %lld (must be at least 1)", (long long)rec->threads);
        return -1;
    }
    return 0;
}

int hbrec_parse(const char *text, size_t len, HbRecord *rec, HbErr *err)
{
    memset(rec, 0, sizeof *rec);
    if (memchr(text, '\0', len)) {
        hb_err_set(err, "record contains a NUL byte");
        return -1;
    }
    char *copy = pv_xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    int rc = hbrec_parse_lines(copy, rec, err);
    free(copy);
    if (rc < 0) hbrec_free(rec);
    return rc;
}
