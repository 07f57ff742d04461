/* str.c — the str type: immutable UTF-8 strings, the intern table, the % operator,
 * format() and str.format, and the methods of str.
 *
 * Representation (PvStr in object.h): the UTF-8 bytes, their count `len`, and the
 * number of code points `ncp`; ncp == len exactly when the string is ASCII, the fast
 * path of every operation that indexes by code point. Searching works on bytes
 * (memmem/memcmp): UTF-8 is self-synchronising, so a byte match of valid UTF-8 always
 * starts and ends on code point boundaries, and byte order is code point order.
 *
 * Immortal strings: the empty string, the 128 one-character ASCII strings and every
 * interned string live outside the collected heap (static storage or malloc), which
 * the collector ignores exactly as it ignores the static builtin types. An interned
 * string is the only interned string with its contents, so two interned strings are
 * equal iff they are the same object.
 *
 * Threads: strings never change after creation, except the cached hash, which is
 * written with relaxed atomics (every thread computes the same value). The intern
 * table is read without a lock (slots go from empty to a string exactly once, tables
 * are replaced on growth and the old ones stay valid) and written under a mutex.
 *
 * Deviation (documented): case mapping and the character classes (upper, lower,
 * title, isalpha, ...) know ASCII, Latin-1, basic Greek and basic Cyrillic only; other
 * non-ASCII letters are left unchanged and treated as uncased letters. Everything else
 * (lengths, indices, slices, searching, padding) counts code points for any text. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#include "thread.h"
#include "vm.h"
#include "fmt.h"
#include "pvhash.h"
#include "strobj.h"

#define IS_STR(v) (PV_IS_PTR(v) && pv_isinstance((v), &pv_type_str))

/* ---- UTF-8 ------------------------------------------------------------------------ */

uint32_t pv_utf8_decode(const char *p, size_t avail, int *n)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned char c = u[0];
    if (c < 0x80) { *n = 1; return c; }
    if (c < 0xE0 && avail >= 2) { *n = 2; return ((uint32_t)(c & 0x1F) << 6) | (u[1] & 0x3F); }
    if (c < 0xF0 && avail >= 3) {
        *n = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    if (avail >= 4) {
        *n = 4;
        return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
               ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    }
    *n = 1;                           /* truncated input: never read past the end */
    return c;
}

int pv_utf8_encode(uint32_t cp, char buf[4])
{
    if (cp < 0x80) { buf[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int64_t count_cp(const char *s, int64_t len)
{
    int64_t n = 0;
    for (int64_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static bool str_ascii(PvVal s) { return PV_STR(s)->ncp == PV_STR(s)->len; }

int64_t pv_str_offset(PvVal s, int64_t i)
{
    PvStr *o = PV_STR(s);
    if (o->ncp == o->len || i <= 0) return i;
    if (i >= o->ncp) return o->len;
    int64_t b = 0;
    /* Walk from whichever end is nearer. */
    if (i <= o->ncp / 2) {
        while (i > 0) {
            b++;
            while (b < o->len && ((unsigned char)o->data[b] & 0xC0) == 0x80) b++;
            i--;
        }
    } else {
        int64_t k = o->ncp - i;
        b = o->len;
        while (k > 0) {
            b--;
            while (b > 0 && ((unsigned char)o->data[b] & 0xC0) == 0x80) b--;
            k--;
        }
    }
    return b;
}

/* Code point index of byte offset b (a boundary) in s. */
__attribute__((unused)) static int64_t cp_index(PvVal s, int64_t b)
{
    if (str_ascii(s)) return b;
    return count_cp(PV_STR(s)->data, b);
}

/* ---- immortal strings: '' and the ASCII characters ------------------------------ */

/* Storage large enough for a PvStr with a few data bytes, aligned like PvStr. */
typedef union SmallStr {
    PvStr s;
    char raw[sizeof(PvStr) + 8];
} SmallStr;

static SmallStr empty_str;
static SmallStr ascii_strs[128];

__attribute__((constructor))
static void str_static_init(void)
{
    empty_str.s.ob.type = &pv_type_str;
    empty_str.s.interned = 1;
    for (int c = 0; c < 128; c++) {
        PvStr *s = &ascii_strs[c].s;
        s->ob.type = &pv_type_str;
        s->len = s->ncp = 1;
        s->interned = 1;
        s->data[0] = (char)c;
        s->data[1] = 0;
    }
}

#define EMPTY PV_VAL(&empty_str.s)

/* ---- construction ------------------------------------------------------------------ */

/* A fresh str of `len` bytes (contents to be filled by the caller, then ncp set). */
static PvStr *str_alloc(PvType *type, int64_t len)
{
    PvStr *s = PV_NEW_VAR(PvStr, type, (size_t)len + 1);
    s->len = len;
    return s;
}

static PvVal str_make(const char *p, int64_t len, int64_t ncp)
{
    if (len == 0) return EMPTY;
    if (len == 1 && (unsigned char)p[0] < 0x80) return PV_VAL(&ascii_strs[(unsigned char)p[0]].s);
    PvStr *s = str_alloc(&pv_type_str, len);
    memcpy(s->data, p, (size_t)len);
    s->ncp = ncp;
    return PV_VAL(s);
}

PvVal pv_str_new(const char *s, size_t len)
{
    return str_make(s, (int64_t)len, count_cp(s, (int64_t)len));
}

PvVal pv_str_cstr(const char *s) { return pv_str_new(s, strlen(s)); }

PvVal pv_str_from_buf(PvBuf *b)
{
    PvVal r = b->data ? pv_str_new(b->data, b->len) : EMPTY;
    pvbuf_free(b);
    return r;
}

PvVal pv_str_fmt(const char *fmt, ...)
{
    PvBuf b;
    pvbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    pvbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    return pv_str_from_buf(&b);
}

PvVal pv_str_char(uint32_t cp)
{
    if (cp < 128) return PV_VAL(&ascii_strs[cp].s);
    char buf[4];
    int n = pv_utf8_encode(cp, buf);
    return str_make(buf, n, 1);
}

/* ---- hashing and equality ---------------------------------------------------------- */

static int64_t hash_bytes(const char *p, int64_t len)
{
    int64_t h = pvhash_bytes(p, (size_t)len);
    return h == 0 ? 1 : h;            /* 0 marks "not computed" */
}

int64_t pv_str_hash(PvVal s)
{
    PvStr *o = PV_STR(s);
    if (o->len == 0) return 0;        /* hash('') == 0, as in CPython */
    int64_t h = __atomic_load_n(&o->hash, __ATOMIC_RELAXED);
    if (h) return h;
    h = hash_bytes(o->data, o->len);
    __atomic_store_n(&o->hash, h, __ATOMIC_RELAXED);
    return h;
}

bool pv_str_eq(PvVal a, PvVal b)
{
    if (a == b) return true;
    PvStr *x = PV_STR(a), *y = PV_STR(b);
    if (x->len != y->len) return false;
    if (x->interned && y->interned) return false;    /* interned strings are unique */
    int64_t hx = __atomic_load_n(&x->hash, __ATOMIC_RELAXED);
    int64_t hy = __atomic_load_n(&y->hash, __ATOMIC_RELAXED);
    if (hx && hy && hx != hy) return false;
    return memcmp(x->data, y->data, (size_t)x->len) == 0;
}

int pv_str_compare(PvVal a, PvVal b)
{
    PvStr *x = PV_STR(a), *y = PV_STR(b);
    int64_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len ? 1 : 0;
}

/* ---- the intern table ------------------------------------------------------------- */

/* Open addressing with linear probing; a slot goes from NULL to an immortal string
 * once and never changes again. Invariant: used * 2 <= mask + 1 (at most half full),
 * so every probe sequence reaches a NULL slot. */
typedef struct InternTable {
    size_t mask;
    size_t used;
    _Atomic(PvStr *) slots[];
} InternTable;

static _Atomic(InternTable *) intern_table;
static pthread_mutex_t intern_mu = PTHREAD_MUTEX_INITIALIZER;

static InternTable *intern_table_new(size_t cap)
{
    InternTable *t = pv_xcalloc(1, sizeof(InternTable) + cap * sizeof(t->slots[0]));
    t->mask = cap - 1;
    return t;
}

static PvStr *intern_probe(InternTable *t, const char *p, int64_t len, int64_t h)
{
    if (!t) return NULL;
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        PvStr *s = atomic_load_explicit(&t->slots[i], memory_order_acquire);
        if (!s) return NULL;
        if (s->hash == h && s->len == len && memcmp(s->data, p, (size_t)len) == 0) return s;
    }
}

static void intern_place(InternTable *t, PvStr *s)
{
    size_t i = (size_t)s->hash & t->mask;
    while (atomic_load_explicit(&t->slots[i], memory_order_relaxed)) i = (i + 1) & t->mask;
    atomic_store_explicit(&t->slots[i], s, memory_order_release);
    t->used++;
}

/* The interned string with contents p[0..len) and hash h (never 0), created if new. */
static PvVal intern_bytes(const char *p, int64_t len, int64_t h)
{
    if (len == 0) return EMPTY;
    if (len == 1 && (unsigned char)p[0] < 0x80) return PV_VAL(&ascii_strs[(unsigned char)p[0]].s);
    PvStr *s = intern_probe(atomic_load_explicit(&intern_table, memory_order_acquire), p, len, h);
    if (PV_LIKELY(s != NULL)) return PV_VAL(s);

    pthread_mutex_lock(&intern_mu);
    InternTable *t = atomic_load_explicit(&intern_table, memory_order_relaxed);
    s = intern_probe(t, p, len, h);
    if (!s) {
        if (!t || (t->used + 1) * 2 > t->mask + 1) {
            /* Grow. The old table is not freed: lock-free readers may still be probing
             * it. Old tables add up to less than the current one. */
            size_t cap = t ? (t->mask + 1) * 2 : 1024;
            InternTable *nt = intern_table_new(cap);
            if (t)
                for (size_t i = 0; i <= t->mask; i++) {
                    PvStr *e = atomic_load_explicit(&t->slots[i], memory_order_relaxed);
                    if (e) intern_place(nt, e);
                }
            atomic_store_explicit(&intern_table, nt, memory_order_release);
            t = nt;
        }
        s = pv_xcalloc(1, sizeof(PvStr) + (size_t)len + 1);
        s->ob.type = &pv_type_str;
        s->hash = h;
        s->len = len;
        s->ncp = count_cp(p, len);
        s->interned = 1;
        memcpy(s->data, p, (size_t)len);
        intern_place(t, s);
    }
    pthread_mutex_unlock(&intern_mu);
    return PV_VAL(s);
}

PvVal pv_str_intern(PvVal s)
{
    PvStr *o = PV_STR(s);
    if (o->interned) return s;
    return intern_bytes(o->data, o->len, o->len ? pv_str_hash(s) : 0);
}

PvVal pv_intern(const char *s)
{
    size_t len = strlen(s);
    return intern_bytes(s, (int64_t)len, hash_bytes(s, (int64_t)len));
}

/* ---- concatenation, repetition, indexing ------------------------------------------ */

PvVal pv_str_concat(PvVal a, PvVal b)
{
    PvStr *x = PV_STR(a), *y = PV_STR(b);
    if (y->len == 0 && PV_IS_STR(a)) return a;
    if (x->len == 0 && PV_IS_STR(b)) return b;
    int64_t len = x->len + y->len;
    if (len == 1) return PV_VAL(&ascii_strs[(unsigned char)(x->len ? x->data[0] : y->data[0])].s);
    PvStr *r = str_alloc(&pv_type_str, len);
    memcpy(r->data, x->data, (size_t)x->len);
    memcpy(r->data + x->len, y->data, (size_t)y->len);
    r->ncp = x->ncp + y->ncp;
    return PV_VAL(r);
}

PvVal pv_str_add(PvVal a, PvVal b)
{
    if (!IS_STR(b))
        return pv_raise(pv_exc_TypeError, "can only concatenate str (not \"%s\") to str",
                        pv_type_name(b));
    return pv_str_concat(a, b);
}

PvVal pv_str_repeat(PvVal s, PvVal n)
{
    if (!PV_IS_INT(n) && !PV_IS_BOOL(n))
        return pv_raise(pv_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                        pv_type_name(n));
    int64_t k = pv_int_value(n);
    PvStr *o = PV_STR(s);
    if (k <= 0 || o->len == 0) return EMPTY;
    if (k == 1 && PV_IS_STR(s)) return s;
    if (o->len > INT64_MAX / 2 / k)
        return pv_raise(pv_exc_OverflowError, "repeated string is too long");
    int64_t len = o->len * k;
    if (len == 1) return PV_VAL(&ascii_strs[(unsigned char)o->data[0]].s);
    PvStr *r = str_alloc(&pv_type_str, len);
    if (o->len == 1) {
        memset(r->data, o->data[0], (size_t)len);
    } else {
        /* Doubling copies: log2(k) memcpy calls. */
        memcpy(r->data, o->data, (size_t)o->len);
        int64_t done = o->len;
        while (done < len) {
            int64_t c = done < len - done ? done : len - done;
            memcpy(r->data + done, r->data, (size_t)c);
            done += c;
        }
    }
    r->ncp = o->ncp * k;
    return PV_VAL(r);
}

/* The substring of code points [i, j) (0 <= i <= j <= ncp). */
static PvVal substr(PvVal s, int64_t i, int64_t j)
{
    PvStr *o = PV_STR(s);
    if (i == 0 && j == o->ncp && PV_IS_STR(s)) return s;
    int64_t bi = pv_str_offset(s, i), bj = pv_str_offset(s, j);
    return str_make(o->data + bi, bj - bi, j - i);
}

/* Substring of bytes [bi, bj), both boundaries. */
__attribute__((unused)) static PvVal subbytes(PvVal s, int64_t bi, int64_t bj)
{
    PvStr *o = PV_STR(s);
    if (bi == 0 && bj == o->len && PV_IS_STR(s)) return s;
    if (str_ascii(s)) return str_make(o->data + bi, bj - bi, bj - bi);
    return str_make(o->data + bi, bj - bi, count_cp(o->data + bi, bj - bi));
}

PvVal pv_str_getitem(PvVal s, PvVal key)
{
    PvStr *o = PV_STR(s);
    if (PV_IS_INT(key) || PV_IS_BOOL(key)) {
        int64_t i = pv_int_value(key);
        if (i < 0) i += o->ncp;
        if (i < 0 || i >= o->ncp) return pv_raise(pv_exc_IndexError, "string index out of range");
        if (str_ascii(s)) return PV_VAL(&ascii_strs[(unsigned char)o->data[i]].s);
        int64_t b = pv_str_offset(s, i);
        int n;
        uint32_t cp = pv_utf8_decode(o->data + b, (size_t)(o->len - b), &n);
        return pv_str_char(cp);
    }
    if (PV_HAS_TYPE(key, pv_type_slice)) {
        int64_t start, stop, step, count;
        if (!pv_slice_indices(key, o->ncp, &start, &stop, &step, &count)) return PV_NULL;
        if (count <= 0) return EMPTY;
        if (step == 1) return substr(s, start, start + count);
        if (str_ascii(s)) {
            PvStr *r = str_alloc(&pv_type_str, count);
            for (int64_t k = 0, i = start; k < count; k++, i += step) r->data[k] = o->data[i];
            r->ncp = count;
            if (count == 1) return PV_VAL(&ascii_strs[(unsigned char)r->data[0]].s);
            return PV_VAL(r);
        }
        /* General case: byte offset of every code point, then gather. */
        int64_t *off = pv_xmalloc(sizeof(int64_t) * (size_t)(o->ncp + 1));
        int64_t k = 0;
        for (int64_t b = 0; b < o->len; b++)
            if (((unsigned char)o->data[b] & 0xC0) != 0x80) off[k++] = b;
        off[k] = o->len;
        PvBuf buf;
        pvbuf_init(&buf);
        for (int64_t c = 0, i = start; c < count; c++, i += step)
            pvbuf_add(&buf, o->data + off[i], (size_t)(off[i + 1] - off[i]));
        free(off);
        PvVal r = str_make(buf.data, (int64_t)buf.len, count);
        pvbuf_free(&buf);
        return r;
    }
    if (PV_IS_PTR(key) && (pv_type(key)->flags & PV_TYPE_HEAP) &&
        pv_type_dunder(pv_type(key), PV_DUNDER_index)) {
        int64_t i;
        if (!pv_as_int64(key, &i, NULL)) return PV_NULL;
        return pv_str_getitem(s, pv_int(i));
    }
    return pv_raise(pv_exc_TypeError, "string indices must be integers, not '%s'",
                    pv_type_name(key));
}

/* ---- repr and ascii ------------------------------------------------------------------ */

/* Whether repr() shows code point cp as itself. ASCII: 0x20..0x7E. Beyond ASCII,
 * CPython escapes the categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the
 * space; without a Unicode database this lists the common ones (control, format,
 * separator, surrogate and private-use ranges) and treats the rest as printable. */
static bool cp_printable(uint32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
    if (cp <= 0xA0 || cp == 0xAD) return false;
    if (cp < 0x600) return true;
    if ((cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD || cp == 0x70F ||
        cp == 0x180E || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) ||
        (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
        cp == 0x3000 || (cp >= 0xD800 && cp <= 0xF8FF) || cp == 0xFEFF ||
        (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0xFFFE || cp == 0xFFFF ||
        cp == 0x110BD || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
        (cp >= 0x1D173 && cp <= 0x1D17A) || cp == 0xE0001 ||
        (cp >= 0xE0020 && cp <= 0xE007F) || cp >= 0xF0000)
        return false;
    return true;
}

static void add_escape(PvBuf *b, uint32_t cp)
{
    if (cp < 0x100) pvbuf_addf(b, "\\x%02x", cp);
    else if (cp < 0x10000) pvbuf_addf(b, "\\u%04x", cp);
    else pvbuf_addf(b, "\\U%08x", cp);
}

static void repr_into(PvBuf *b, const char *p, int64_t len, bool ascii_only)
{
    char quote = '\'';
    if (memchr(p, '\'', (size_t)len) && !memchr(p, '"', (size_t)len)) quote = '"';
    pvbuf_addc(b, quote);
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t cp = pv_utf8_decode(p + i, (size_t)(len - i), &n);
        if (cp == (uint32_t)quote || cp == '\\') { pvbuf_addc(b, '\\'); pvbuf_addc(b, (char)cp); }
        else if (cp == '\n') pvbuf_adds(b, "\\n");
        else if (cp == '\r') pvbuf_adds(b, "\\r");
        else if (cp == '\t') pvbuf_adds(b, "\\t");
        else if (cp_printable(cp) && !(ascii_only && cp >= 0x80)) pvbuf_add(b, p + i, (size_t)n);
        else add_escape(b, cp);
        i += n;
    }
    pvbuf_addc(b, quote);
}

static PvVal str_repr(PvVal self)
{
    PvBuf b;
    pvbuf_init(&b);
    repr_into(&b, PV_STR(self)->data, PV_STR(self)->len, false);
    return pv_str_from_buf(&b);
}

PvVal pv_ascii(PvVal v)
{
    if (IS_STR(v)) {
        PvBuf b;
        pvbuf_init(&b);
        repr_into(&b, PV_STR(v)->data, PV_STR(v)->len, true);
        return pv_str_from_buf(&b);
    }
    PvVal r = pv_repr(v);
    if (!r || str_ascii(r)) return r;
    PvBuf b;
    pvbuf_init(&b);
    const char *p = PV_STR(r)->data;
    int64_t len = PV_STR(r)->len;
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t cp = pv_utf8_decode(p + i, (size_t)(len - i), &n);
        if (cp < 0x80) pvbuf_addc(&b, (char)cp);
        else add_escape(&b, cp);
        i += n;
    }
    return pv_str_from_buf(&b);
}

/* ---- errors from fmt.h ---------------------------------------------------------------- */

/* Raises the exception fmt.h's message in err belongs to; frees err. */
static PvVal raise_fmt_error(PvBuf *err)
{
    PvType *t = pv_exc_ValueError;
    switch (pvfmt_error_kind(err)) {
    case PVFMT_OVERFLOW_ERROR: t = pv_exc_OverflowError; break;
    case PVFMT_TYPE_ERROR: t = pv_exc_TypeError; break;
    case PVFMT_VALUE_ERROR: break;
    }
    pv_raise(t, "%s", err->data ? err->data : "");
    pvbuf_free(err);
    return PV_NULL;
}

/* ---- the % operator ------------------------------------------------------------------ */

/* Truncates a float toward zero into an int64 as int(x) does. */
static bool float_to_int64(double d, int64_t *out)
{
    if (isnan(d)) { pv_raise(pv_exc_ValueError, "cannot convert float NaN to integer"); return false; }
    if (isinf(d)) { pv_raise(pv_exc_OverflowError, "cannot convert float infinity to integer"); return false; }
    double t = trunc(d);
    if (t < -9223372036854775808.0 || t >= 9223372036854775808.0) { pv_overflow(); return false; }
    *out = (int64_t)t;
    return true;
}

/* CPython treats as a mapping anything with __getitem__ that is not a tuple or str. */
static bool pct_is_mapping(PvVal args)
{
    if (PV_IS_DICT(args)) return true;
    if (PV_IS_TUPLE(args) || IS_STR(args) || PV_IS_SMALL(args)) return false;
    PvType *t = pv_type(args);
    if (t->flags & PV_TYPE_HEAP) return pv_type_dunder(t, PV_DUNDER_getitem) != PV_NULL;
    return t->getitem != NULL && !PV_IS_LIST(args) && t != &pv_type_range;
}

/* One conversion: appends v formatted by sp to out. */
static bool pct_convert(PvBuf *out, PvPctSpec *sp, PvVal v, PvBuf *err)
{
    switch (pvfmt_pct_class(sp->type)) {
    case PVFMT_PCT_INTEGER:
        if (PV_IS_INT(v) || PV_IS_BOOL(v)) return pvfmt_pct_int(out, sp, pv_int_value(v), err) || (raise_fmt_error(err), false);
        if (PV_IS_FLOAT(v) && sp->type != 'o' && sp->type != 'x' && sp->type != 'X') {
            int64_t n;
            if (!float_to_int64(pv_float_value(v), &n)) return false;
            return pvfmt_pct_int(out, sp, n, err) || (raise_fmt_error(err), false);
        }
        if (PV_IS_PTR(v) && (pv_type(v)->flags & PV_TYPE_HEAP) &&
            pv_type_dunder(pv_type(v), PV_DUNDER_index)) {
            int64_t n;
            if (!pv_as_int64(v, &n, NULL)) return false;
            return pvfmt_pct_int(out, sp, n, err) || (raise_fmt_error(err), false);
        }
        if (sp->type == 'o' || sp->type == 'x' || sp->type == 'X')
            pv_raise(pv_exc_TypeError, "%%%c format: an integer is required, not %s",
                     (char)sp->type, pv_type_name(v));
        else
            pv_raise(pv_exc_TypeError, "%%%c format: a real number is required, not %s",
                     (char)sp->type, pv_type_name(v));
        return false;
    case PVFMT_PCT_FLOAT: {
        if (PV_IS_INT(v) || PV_IS_BOOL(v)) return pvfmt_pct_int(out, sp, pv_int_value(v), err) || (raise_fmt_error(err), false);
        double d;
        if (pv_as_double(v, &d)) return pvfmt_pct_double(out, sp, d, err) || (raise_fmt_error(err), false);
        pv_raise(pv_exc_TypeError, "must be real number, not %s", pv_type_name(v));
        return false;
    }
    case PVFMT_PCT_CHAR:
        if (PV_IS_INT(v) || PV_IS_BOOL(v)) return pvfmt_pct_int(out, sp, pv_int_value(v), err) || (raise_fmt_error(err), false);
        if (IS_STR(v))
            return pvfmt_pct_str(out, sp, PV_STR(v)->data, (size_t)PV_STR(v)->len, err) || (raise_fmt_error(err), false);
        pv_raise(pv_exc_TypeError, "%%c requires int or char");
        return false;
    case PVFMT_PCT_TEXT: {
        PvVal s = sp->type == 's' ? pv_str(v) : sp->type == 'r' ? pv_repr(v) : pv_ascii(v);
        if (!s) return false;
        return pvfmt_pct_str(out, sp, PV_STR(s)->data, (size_t)PV_STR(s)->len, err) || (raise_fmt_error(err), false);
    }
    case PVFMT_PCT_BAD:
        pvfmt_pct_bad(sp, err);
        raise_fmt_error(err);
        return false;
    }
    return false;
}

PvVal pv_str_mod(PvVal fmt, PvVal args)
{
    PvVal *items = &args;
    int64_t nargs = 1, next = 0;
    bool is_tuple = PV_IS_TUPLE(args);
    if (is_tuple) { items = PV_TUPLE(args)->items; nargs = PV_TUPLE(args)->len; }
    bool mapping = !is_tuple && pct_is_mapping(args);
    PvBuf out, err;
    pvbuf_init(&out);
    pvbuf_init(&err);
    PvPctIter it;
    PvPctSpec sp;
    pvfmt_pct_begin(&it, PV_STR(fmt)->data, (size_t)PV_STR(fmt)->len);
    for (;;) {
        switch (pvfmt_pct_next(&it, &sp, &err)) {
        case PVFMT_PCT_END:
            if (next < nargs && !mapping) {
                pv_raise(pv_exc_TypeError, "not all arguments converted during string formatting");
                goto fail;
            }
            pvbuf_free(&err);
            return pv_str_from_buf(&out);
        case PVFMT_PCT_ERROR:
            if (sp.key && !mapping) {
                pv_raise(pv_exc_TypeError, "format requires a mapping");
                goto fail;
            }
            raise_fmt_error(&err);
            goto fail;
        case PVFMT_PCT_LITERAL:
            pvbuf_add(&out, sp.lit, sp.lit_len);
            break;
        case PVFMT_PCT_CONV: {
            if (sp.width_star) {
                if (next >= nargs) { pv_raise(pv_exc_TypeError, "not enough arguments for format string"); goto fail; }
                PvVal w = items[next++];
                if (!PV_IS_INT(w) && !PV_IS_BOOL(w)) { pv_raise(pv_exc_TypeError, "* wants int"); goto fail; }
                pvfmt_pct_set_width(&sp, pv_int_value(w));
            }
            if (sp.prec_star) {
                if (next >= nargs) { pv_raise(pv_exc_TypeError, "not enough arguments for format string"); goto fail; }
                PvVal p = items[next++];
                if (!PV_IS_INT(p) && !PV_IS_BOOL(p)) { pv_raise(pv_exc_TypeError, "* wants int"); goto fail; }
                pvfmt_pct_set_precision(&sp, pv_int_value(p));
            }
            if (!pvfmt_pct_ready(&sp, &err)) { raise_fmt_error(&err); goto fail; }
            PvVal v;
            if (sp.key) {
                if (!mapping) { pv_raise(pv_exc_TypeError, "format requires a mapping"); goto fail; }
                v = pv_getitem(args, pv_str_new(sp.key, sp.key_len));
                if (!v) goto fail;
            } else {
                if (next >= nargs) { pv_raise(pv_exc_TypeError, "not enough arguments for format string"); goto fail; }
                v = items[next++];
            }
            if (!pct_convert(&out, &sp, v, &err)) goto fail;
            break;
        }
        }
    }
fail:
    pvbuf_free(&out);
    pvbuf_free(&err);
    return PV_NULL;
}

/* ---- format() ------------------------------------------------------------------------- */

/* format(v, spec) for the builtin kinds: int/bool/float/str (and their subclasses, by
 * their solid base). *handled is false when v is none of those. */
static PvVal format_builtin(PvVal v, PvVal spec, bool *handled)
{
    const char *sp = PV_STR(spec)->data;
    size_t n = (size_t)PV_STR(spec)->len;
    PvType *t = pv_type(v);
    PvType *solid = t->solid ? t->solid : t;
    enum { K_INT, K_FLOAT, K_STR } kind;
    if (solid == &pv_type_int || solid == &pv_type_bool) kind = K_INT;
    else if (solid == &pv_type_float) kind = K_FLOAT;
    else if (solid == &pv_type_str) kind = K_STR;
    else { *handled = false; return PV_NULL; }
    *handled = true;
    const char *tname = t->name;      /* CPython names the value's own type */
    if (n == 0) return kind == K_STR && PV_IS_STR(v) ? v : pv_str(v);
    PvFmtSpec fs;
    PvBuf out, err;
    pvbuf_init(&out);
    pvbuf_init(&err);
    bool ok = pvfmt_parse_spec(sp, n, tname, &fs, &err);
    if (ok) {
        if (kind == K_INT) ok = pvfmt_int(&out, pv_int_value(v), &fs, &err);
        else if (kind == K_FLOAT) ok = pvfmt_double(&out, pv_float_value(v), &fs, &err);
        else ok = pvfmt_str(&out, PV_STR(v)->data, (size_t)PV_STR(v)->len, &fs, &err);
    }
    if (!ok) {
        pvbuf_free(&out);
        return raise_fmt_error(&err);
    }
    pvbuf_free(&err);
    return pv_str_from_buf(&out);
}

PvVal pv_format(PvVal v, PvVal spec)
{
    PvType *t = pv_type(v);
    if (t->flags & PV_TYPE_HEAP) {
        /* A __format__ written in Python wins; builtin ones (if any type registers
         * one) would only come back here. */
        PvVal f = pv_type_lookup(t, pv_intern("__format__"));
        if (f && !PV_HAS_TYPE(f, pv_type_builtin_function)) {
            PvVal r = pv_call_method(v, pv_intern("__format__"), 1, &spec);
            if (r && !IS_STR(r))
                return pv_raise(pv_exc_TypeError, "__format__ must return a str, not %s",
                                pv_type_name(r));
            return r;
        }
    }
    bool handled;
    PvVal r = format_builtin(v, spec, &handled);
    if (handled) return r;
    if (PV_STR(spec)->len == 0) return pv_str(v);
    return pv_raise(pv_exc_TypeError, "unsupported format string passed to %s.__format__",
                    t->name);
}

/* ---- the str iterator ----------------------------------------------------------------- */

/* Iterates by code point. `pos` is always a code point boundary of `str`: each step
 * stores pos + (length of the code point at pos), so even racing steps (no-GIL build)
 * leave a boundary behind. str becomes PV_NULL once exhausted. */
typedef struct PvStrIter {
    PvObject ob;
    PvVal str;
    int64_t pos;
} PvStrIter;

static void str_iter_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvStrIter *)o)->str, ctx);
}

static PvVal str_iter_self(PvVal self) { return self; }

static PvVal str_iter_next(PvVal self)
{
    PvThread *t = pv_thread();
    (void)t;                                 /* unused when the hooks are empty */
    PvStrIter *it = (PvStrIter *)self;
    uint32_t cp = 0;
    bool got = false;
    PV_CS_BEGIN(t, it)
    PV_READ(t, it);
    PvVal s = it->str;
    if (s) {
        int64_t pos = it->pos;
        PV_WRITE(t, it);
        if (pos < PV_STR(s)->len) {
            int n;
            cp = pv_utf8_decode(PV_STR(s)->data + pos, (size_t)(PV_STR(s)->len - pos), &n);
            it->pos = pos + n;
            got = true;
        } else {
            it->str = PV_NULL;
        }
    }
    PV_CS_END(t, it)
    return got ? pv_str_char(cp) : PV_NULL;
}

static PvType str_iter_type = {
    .name = "str_iterator", .size = sizeof(PvStrIter),
    .trace = str_iter_trace, .iter = str_iter_self, .iternext = str_iter_next,
};

/* ---- slots of str ------------------------------------------------------------------------ */

static PvVal str_str(PvVal self)
{
    if (PV_IS_STR(self)) return self;
    PvStr *o = PV_STR(self);                 /* a subclass instance: a plain str copy */
    return str_make(o->data, o->len, o->ncp);
}

static int64_t str_hash_slot(PvVal self) { return pv_str_hash(self); }

static PvVal str_richcompare(PvVal a, PvVal b, int op)
{
    if (!IS_STR(a) || !IS_STR(b)) return pv_NotImplemented;
    if (op == PV_EQ) return pv_bool(pv_str_eq(a, b));
    if (op == PV_NE) return pv_bool(!pv_str_eq(a, b));
    int c = pv_str_compare(a, b);
    switch (op) {
    case PV_LT: return pv_bool(c < 0);
    case PV_LE: return pv_bool(c <= 0);
    case PV_GT: return pv_bool(c > 0);
    default:    return pv_bool(c >= 0);
    }
}

static int64_t str_len(PvVal self) { return PV_STR(self)->ncp; }

static int str_contains(PvVal self, PvVal key)
{
    if (!IS_STR(key)) {
        pv_raise(pv_exc_TypeError, "'in <string>' requires string as left operand, not %s",
                 pv_type_name(key));
        return -1;
    }
    PvStr *h = PV_STR(self), *n = PV_STR(key);
    if (n->len == 0) return 1;
    return memmem(h->data, (size_t)h->len, n->data, (size_t)n->len) != NULL;
}

static PvVal str_iter(PvVal self)
{
    PvStrIter *it = PV_NEW(PvStrIter, &str_iter_type);
    it->str = self;
    return PV_VAL(it);
}

static PvVal str_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"object", "encoding", "errors"};
    PvVal a[3];
    if (!pv_parse_args("str", argc, argv, kwnames, 3, names, 0, a)) return PV_NULL;
    if (a[1] || a[2]) {
        if (a[0] && IS_STR(a[0])) return pv_raise(pv_exc_TypeError, "decoding str is not supported");
        return pv_raise(pv_exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                        a[0] ? pv_type_name(a[0]) : "NoneType");
    }
    PvVal r = a[0] ? pv_str(a[0]) : EMPTY;
    if (!r || type == &pv_type_str) return r;
    PvStr *o = PV_STR(r);
    PvStr *s = str_alloc(type, o->len);     /* an instance of a subclass of str */
    memcpy(s->data, o->data, (size_t)o->len);
    s->ncp = o->ncp;
    return PV_VAL(s);
}

PvType pv_type_str = {
    .name = "str", .size = sizeof(PvStr), .flags = PV_TYPE_IMMUTABLE | PV_TYPE_BASETYPE,
    .repr = str_repr, .str = str_str, .hash = str_hash_slot, .richcompare = str_richcompare,
    .iter = str_iter, .len = str_len, .getitem = pv_str_getitem, .contains = str_contains,
    .new_ = str_new,
};

/* ---- registration ---------------------------------------------------------------------- */

void pv_str_init(void)
{
    pv_type_ready(&pv_type_str);
    pv_type_ready(&str_iter_type);
}
