/* util.c — growable buffers, checked allocation, clocks. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pvbuf_init(PvBuf *b) { b->data = NULL; b->len = b->cap = 0; }

void pvbuf_free(PvBuf *b) { free(b->data); pvbuf_init(b); }

void pvbuf_reserve(PvBuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->data = pv_xrealloc(b->data, cap);
    b->cap = cap;
}

void pvbuf_add(PvBuf *b, const void *p, size_t n)
{
    pvbuf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void pvbuf_addc(PvBuf *b, char c) { pvbuf_add(b, &c, 1); }

void pvbuf_adds(PvBuf *b, const char *s) { pvbuf_add(b, s, strlen(s)); }

void pvbuf_fill(PvBuf *b, char c, size_t n)
{
    pvbuf_reserve(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void pvbuf_vaddf(PvBuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) pv_fatal("pvbuf_vaddf: bad format '%s'", fmt);
    pvbuf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void pvbuf_addf(PvBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pvbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

char *pvbuf_detach(PvBuf *b)
{
    char *d = b->data;
    if (!d) d = pv_xstrdup("");
    pvbuf_init(b);
    return d;
}

/* One line on stderr: prefix, the formatted message, suffix. */
__attribute__((format(printf, 3, 0)))
static void report_line(const char *prefix, const char *suffix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputs(suffix, stderr);
}

void pv_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("parvm: fatal: ", "\n", fmt, ap);
    va_end(ap);
    abort();
}

void pv_bad_option(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("parvm: ", " (try --help)\n", fmt, ap);
    va_end(ap);
    exit(2);
}

void *pv_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) pv_fatal("out of memory (%zu bytes)", n);
    return p;
}

void *pv_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) pv_fatal("out of memory (%zu x %zu bytes)", n, size);
    return p;
}

void *pv_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) pv_fatal("out of memory (%zu bytes)", n);
    return p;
}

char *pv_xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *d = pv_xmalloc(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t pv_now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
int64_t pv_thread_cpu_ns(void) { return clock_ns(CLOCK_THREAD_CPUTIME_ID); }
int64_t pv_process_cpu_ns(void) { return clock_ns(CLOCK_PROCESS_CPUTIME_ID); }
