/* hb_common.c — error messages, string lists, strict parsing and file helpers shared
 * by every parvm-bench module. */
#include "hb_common.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void hb_err_set(HbErr *e, const char *fmt, ...)
{
    if (!e) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

void hb_strlist_push(HbStrList *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = pv_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = pv_xstrdup(s);
}

void hb_strlist_free(HbStrList *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

bool hb_strlist_has(const HbStrList *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return true;
    return false;
}

char *hb_strlist_join(const HbStrList *l, const char *sep)
{
    PvBuf b;
    pvbuf_init(&b);
    for (size_t i = 0; i < l->n; i++) {
        if (i) pvbuf_adds(&b, sep);
        pvbuf_adds(&b, l->v[i]);
    }
    return pvbuf_detach(&b);
}

int hb_split_commas(const char *s, HbStrList *l)
{
    const char *p = s;
    for (;;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n == 0) return -1;
        char *item = pv_xmalloc(n + 1);
        memcpy(item, p, n);
        item[n] = '\0';
        hb_strlist_push(l, item);
        free(item);
        if (!c) return 0;
        p = c + 1;
    }
}

bool hb_parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9'))) return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

bool hb_parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

bool hb_parse_double(const char *s, double *out)
{
    if (!s || !*s) return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v)) return false;
    *out = v;
    return true;
}

char *hb_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    PvBuf b;
    pvbuf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) pvbuf_add(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        pvbuf_free(&b);
        errno = EIO;
        return NULL;
    }
    if (len) *len = b.len;
    return pvbuf_detach(&b);
}

void hb_utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *hb_tail(const char *s, size_t len, size_t max)
{
    size_t start = len > max ? len - max : 0;
    char *t = pv_xmalloc(len - start + 1);
    memcpy(t, s + start, len - start);
    t[len - start] = '\0';
    return t;
}
