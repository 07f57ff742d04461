/* hb_common.h — small pieces every part of parvm-bench shares: an error message
 * holder, a list of strings, strict number parsing, file reading and timestamps.
 * Anything more general lives in variants/core/util.h (PvBuf, pv_xmalloc, clocks). */
#ifndef PARVM_HB_COMMON_H
#define PARVM_HB_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "util.h"

/* An error message. Functions that can fail return -1 (or false) and fill one in; the
 * message names what was wrong (the argument, the line, the table) and never ends in a
 * newline, so callers can prefix it with their own context. */
typedef struct HbErr {
    char msg[1024];
} HbErr;

void hb_err_set(HbErr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable list of owned strings. */
typedef struct HbStrList {
    char **v;
    size_t n, cap;
} HbStrList;

void hb_strlist_push(HbStrList *l, const char *s);   /* copies s */
void hb_strlist_free(HbStrList *l);
bool hb_strlist_has(const HbStrList *l, const char *s);
char *hb_strlist_join(const HbStrList *l, const char *sep);   /* caller frees */
/* Split "a,b,c" on commas into l; empty items are an error (returns -1). */
int hb_split_commas(const char *s, HbStrList *l);

/* Whole-string integer/real parsing: no sign games, no trailing junk, no overflow. */
bool hb_parse_i64(const char *s, int64_t *out);
bool hb_parse_u64(const char *s, uint64_t *out);
bool hb_parse_double(const char *s, double *out);

/* Read a whole file into a NUL-terminated buffer; NULL with errno set on failure. */
char *hb_read_file(const char *path, size_t *len);

/* Current UTC time as ISO 8601 ("2024-05-01T12:34:56Z") into buf (>= 32 bytes). */
void hb_utc_now(char *buf, size_t n);

/* Last `max` bytes of s (the whole string if shorter), as a new string. */
char *hb_tail(const char *s, size_t len, size_t max);

#endif
