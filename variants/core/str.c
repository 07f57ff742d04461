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
#include <inttypes.h>
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

/* A fresh str of `len` bytes (contents to be filled by the caller, then ncp set).
 * The builders below fill the string before anything else can see it, so its stores
 * need no barrier. */
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
    /* A cache, stored without a barrier: every thread computes the same value, so a
     * store lost to a race or a rolled-back transaction only costs a recomputation. */
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

PvVal pv_str_repeat(PvVal s, int64_t k)
{
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
static PvVal subbytes(PvVal s, int64_t bi, int64_t bj)
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
    .name = "str_iterator", .flags = PV_TYPE_LOCKABLE, .size = sizeof(PvStrIter),
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
    return pv_bool(pv_cmp_int(pv_str_compare(a, b), 0, op));
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

/* ---- character classes and case mapping --------------------------------------------- */

/* Python's str.isspace() / split() whitespace. */
static bool cp_space(uint32_t c)
{
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Lowercase of an uppercase letter (one code point), else c. */
static uint32_t cp_lower(uint32_t c)
{
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
        (c >= 0x410 && c <= 0x42F))
        return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c == 0x386) return 0x3AC;
    if ((c >= 0x388 && c <= 0x38A)) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if ((c >= 0x100 && c <= 0x137 && c != 0x130) || (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c : c + 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    return c;
}

/* Uppercase of a lowercase letter (one code point), else c. ß is handled by callers. */
static uint32_t cp_upper(uint32_t c)
{
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    if (c == 0xB5) return 0x39C;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 37;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 63;
    if (c == 0xFF) return 0x178;
    if (c == 0x3C2) return 0x3A3;
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    if ((c >= 0x100 && c <= 0x137 && c != 0x131) || (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c - 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c : c - 1;
    return c;
}

static bool cp_isupper(uint32_t c) { return cp_lower(c) != c || c == 0x130; }
static bool cp_islower(uint32_t c)
{
    return cp_upper(c) != c || c == 0xDF || c == 0x138 || c == 0x149 || c == 0xAA || c == 0xBA;
}
static bool cp_cased(uint32_t c) { return cp_isupper(c) || cp_islower(c); }

static bool cp_decimal(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9) ||
           (c >= 0x966 && c <= 0x96F) || (c >= 0xFF10 && c <= 0xFF19);
}

static bool cp_digit(uint32_t c)
{
    return cp_decimal(c) || c == 0xB2 || c == 0xB3 || c == 0xB9 || c == 0x2070 ||
           (c >= 0x2074 && c <= 0x2079) || (c >= 0x2080 && c <= 0x2089) ||
           (c >= 0x2460 && c <= 0x2468);
}

static bool cp_numeric(uint32_t c)
{
    static const uint32_t cjk[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                   0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07};
    if (cp_digit(c) || (c >= 0xBC && c <= 0xBE) || (c >= 0x2150 && c <= 0x2189)) return true;
    for (size_t i = 0; i < PV_ARRAY_LEN(cjk); i++)
        if (c == cjk[i]) return true;
    return false;
}

/* Letters: exact for ASCII and Latin-1; beyond, anything that is not in a known
 * block of digits, marks, punctuation, symbols, separators or private use. */
static bool cp_alpha(uint32_t c)
{
    if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (c < 0x100) return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
    if (cp_numeric(c) || cp_space(c)) return false;
    if ((c >= 0x300 && c <= 0x36F) || c == 0x37E || c == 0x387 || (c >= 0x2000 && c <= 0x2BFF) ||
        (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) ||
        (c >= 0xD800 && c <= 0xF8FF) || (c >= 0xFE30 && c <= 0xFE4F) ||
        (c >= 0xFF00 && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
        (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF) || c >= 0xF0000)
        return false;
    return true;
}

static bool cp_alnum(uint32_t c) { return cp_alpha(c) || cp_numeric(c); }

/* ---- argument helpers ---------------------------------------------------------------- */

/* An integer argument where CPython uses __index__: TypeError "'float' object cannot
 * be interpreted as an integer" otherwise. */
static bool arg_index(PvVal v, int64_t *out)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) { *out = pv_int_value(v); return true; }
    if (PV_IS_PTR(v) && (pv_type(v)->flags & PV_TYPE_HEAP) &&
        pv_type_dunder(pv_type(v), PV_DUNDER_index))
        return pv_as_int64(v, out, NULL);
    pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer", pv_type_name(v));
    return false;
}

/* A slice bound of find/count/startswith...: None or an index. */
static bool arg_bound(PvVal v, int64_t *out)
{
    if (v == pv_None) return true;
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) { *out = pv_int_value(v); return true; }
    if (PV_IS_PTR(v) && (pv_type(v)->flags & PV_TYPE_HEAP) &&
        pv_type_dunder(pv_type(v), PV_DUNDER_index))
        return pv_as_int64(v, out, NULL);
    pv_raise(pv_exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
}

/* The optional [start, end] arguments argv[k], argv[k+1] resolved against s as
 * CPython's ADJUST_INDICES does, then turned into byte offsets. *empty is set when
 * start > end (nothing can match, not even ''); *past when start > len(s). */
typedef struct Range { int64_t b0, b1, cp0; bool empty; } Range;

static bool arg_range(PvVal s, int argc, PvVal *argv, int k, Range *r)
{
    int64_t n = PV_STR(s)->ncp, start = 0, end = n;
    if (argc > k && !arg_bound(argv[k], &start)) return false;
    if (argc > k + 1 && !arg_bound(argv[k + 1], &end)) return false;
    if (end > n) end = n;
    else if (end < 0) { end += n; if (end < 0) end = 0; }
    if (start < 0) { start += n; if (start < 0) start = 0; }
    r->empty = start > end;
    if (r->empty) { r->b0 = r->b1 = r->cp0 = 0; return true; }
    r->cp0 = start;
    r->b0 = pv_str_offset(s, start);
    r->b1 = pv_str_offset(s, end);
    return true;
}

static bool need_str(PvVal v)
{
    if (IS_STR(v)) return true;
    pv_raise(pv_exc_TypeError, "must be str, not %s", pv_type_name(v));
    return false;
}

/* Last occurrence of n in h, or NULL. */
static const char *rmemmem(const char *h, int64_t hl, const char *n, int64_t nl)
{
    if (nl > hl) return NULL;
    if (nl == 0) return h + hl;
    for (const char *p = h + hl - nl; p >= h; p--)
        if (*p == *n && memcmp(p, n, (size_t)nl) == 0) return p;
    return NULL;
}

static const char *fmemmem(const char *h, int64_t hl, const char *n, int64_t nl)
{
    if (nl == 0) return h;
    return memmem(h, (size_t)hl, n, (size_t)nl);
}

/* Previous code point boundary before byte b (> 0). */
static int64_t prev_boundary(const char *p, int64_t b)
{
    do b--; while (b > 0 && ((unsigned char)p[b] & 0xC0) == 0x80);
    return b;
}

/* ---- searching ---------------------------------------------------------------------- */

/* find/rfind/index/rindex: code point index or -1 (-2 = error raised). */
static int64_t find_common(int argc, PvVal *argv, bool reverse)
{
    PvVal s = argv[0], sub = argv[1];
    Range r;                          /* CPython checks the bounds first */
    if (!arg_range(s, argc, argv, 2, &r)) return -2;
    if (!need_str(sub)) return -2;
    if (r.empty) return -1;
    const char *base = PV_STR(s)->data + r.b0;
    const char *p = reverse ? rmemmem(base, r.b1 - r.b0, PV_STR(sub)->data, PV_STR(sub)->len)
                            : fmemmem(base, r.b1 - r.b0, PV_STR(sub)->data, PV_STR(sub)->len);
    if (!p) return -1;
    return r.cp0 + (str_ascii(s) ? p - base : count_cp(base, p - base));
}

static PvVal str_find(int argc, PvVal *argv)
{
    int64_t i = find_common(argc, argv, false);
    return i == -2 ? PV_NULL : pv_int(i);
}

static PvVal str_rfind(int argc, PvVal *argv)
{
    int64_t i = find_common(argc, argv, true);
    return i == -2 ? PV_NULL : pv_int(i);
}

static PvVal str_index(int argc, PvVal *argv)
{
    int64_t i = find_common(argc, argv, false);
    if (i == -1) return pv_raise(pv_exc_ValueError, "substring not found");
    return i == -2 ? PV_NULL : pv_int(i);
}

static PvVal str_rindex(int argc, PvVal *argv)
{
    int64_t i = find_common(argc, argv, true);
    if (i == -1) return pv_raise(pv_exc_ValueError, "substring not found");
    return i == -2 ? PV_NULL : pv_int(i);
}

static PvVal str_count(int argc, PvVal *argv)
{
    PvVal s = argv[0], sub = argv[1];
    Range r;
    if (!arg_range(s, argc, argv, 2, &r)) return PV_NULL;
    if (!need_str(sub)) return PV_NULL;
    if (r.empty) return PV_SMALL(0);
    int64_t nl = PV_STR(sub)->len;
    if (nl == 0) {
        int64_t ncp = str_ascii(s) ? r.b1 - r.b0 : count_cp(PV_STR(s)->data + r.b0, r.b1 - r.b0);
        return pv_int(ncp + 1);
    }
    int64_t n = 0;
    const char *p = PV_STR(s)->data + r.b0, *end = PV_STR(s)->data + r.b1;
    while ((p = memmem(p, (size_t)(end - p), PV_STR(sub)->data, (size_t)nl)) != NULL) {
        n++;
        p += nl;
    }
    return pv_int(n);
}

/* startswith / endswith with a str or a tuple of str. */
static PvVal starts_ends(int argc, PvVal *argv, bool ends, const char *name)
{
    PvVal s = argv[0], arg = argv[1];
    Range r;
    if (!arg_range(s, argc, argv, 2, &r)) return PV_NULL;
    PvVal *items = &arg;
    int64_t n = 1;
    if (PV_IS_TUPLE(arg)) { items = PV_TUPLE(arg)->items; n = PV_TUPLE(arg)->len; }
    else if (!IS_STR(arg))
        return pv_raise(pv_exc_TypeError, "%s first arg must be str or a tuple of str, not %s",
                        name, pv_type_name(arg));
    for (int64_t i = 0; i < n; i++) {
        PvVal x = items[i];
        if (!IS_STR(x))
            return pv_raise(pv_exc_TypeError, "tuple for %s must only contain str, not %s",
                            name, pv_type_name(x));
        if (r.empty) continue;          /* start > end: not even '' matches */
        int64_t xl = PV_STR(x)->len;
        if (r.b1 - r.b0 < xl) continue;
        const char *at = PV_STR(s)->data + (ends ? r.b1 - xl : r.b0);
        if (memcmp(at, PV_STR(x)->data, (size_t)xl) == 0) return pv_True;
    }
    return pv_False;
}

static PvVal str_startswith(int argc, PvVal *argv) { return starts_ends(argc, argv, false, "startswith"); }
static PvVal str_endswith(int argc, PvVal *argv) { return starts_ends(argc, argv, true, "endswith"); }

/* ---- splitting and joining ------------------------------------------------------------ */

/* Appends s[b0, b1) to list. */
static int add_piece(PvVal list, PvVal s, int64_t b0, int64_t b1)
{
    return pv_list_append(list, subbytes(s, b0, b1));
}

/* The code point at byte b and its length. */
static uint32_t cp_at(PvVal s, int64_t b, int *n)
{
    return pv_utf8_decode(PV_STR(s)->data + b, (size_t)(PV_STR(s)->len - b), n);
}

static bool split_args(const char *name, int argc, PvVal *argv, PvVal kwnames,
                       PvVal *sep, int64_t *maxsplit)
{
    static const char *const names[] = {"sep", "maxsplit"};
    PvVal a[2];
    if (!pv_parse_args(name, argc - 1, argv + 1, kwnames, 2, names, 0, a)) return false;
    *sep = a[0] ? a[0] : pv_None;
    *maxsplit = -1;
    if (a[1] && !arg_index(a[1], maxsplit)) return false;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    if (*sep != pv_None) {
        if (!IS_STR(*sep)) {
            pv_raise(pv_exc_TypeError, "must be str or None, not %s", pv_type_name(*sep));
            return false;
        }
        if (PV_STR(*sep)->len == 0) {
            pv_raise(pv_exc_ValueError, "empty separator");
            return false;
        }
    }
    return true;
}

static PvVal str_split(int argc, PvVal *argv, PvVal kwnames)
{
    PvVal s = argv[0], sep;
    int64_t maxsplit;
    if (!split_args("split", argc, argv, kwnames, &sep, &maxsplit)) return PV_NULL;
    PvVal list = pv_list_with_capacity(0);
    int64_t len = PV_STR(s)->len, b = 0;
    if (sep == pv_None && str_ascii(s)) {
        /* ASCII whitespace as str.isspace sees it: \t \n \v \f \r, 0x1c-0x1f, space. */
        const unsigned char *d = (const unsigned char *)PV_STR(s)->data;
#define ASCII_SPACE(c) ((c) == ' ' || ((c) >= 9 && (c) <= 13) || ((c) >= 0x1c && (c) <= 0x1f))
        for (;;) {
            while (b < len && ASCII_SPACE(d[b])) b++;
            if (b >= len) break;
            if (maxsplit == 0) {
                add_piece(list, s, b, len);
                break;
            }
            int64_t start = b;
            while (b < len && !ASCII_SPACE(d[b])) b++;
            add_piece(list, s, start, b);
            maxsplit--;
        }
#undef ASCII_SPACE
        return list;
    }
    if (sep == pv_None) {
        int n;
        for (;;) {
            while (b < len && cp_space(cp_at(s, b, &n))) b += n;
            if (b >= len) break;
            if (maxsplit == 0) {
                /* The rest, trailing whitespace included. */
                add_piece(list, s, b, len);
                break;
            }
            int64_t start = b;
            while (b < len && !cp_space(cp_at(s, b, &n))) b += n;
            add_piece(list, s, start, b);
            maxsplit--;
        }
        return list;
    }
    const char *d = PV_STR(s)->data, *sd = PV_STR(sep)->data;
    int64_t sl = PV_STR(sep)->len;
    while (maxsplit > 0) {
        const char *p = memmem(d + b, (size_t)(len - b), sd, (size_t)sl);
        if (!p) break;
        add_piece(list, s, b, p - d);
        b = p - d + sl;
        maxsplit--;
    }
    add_piece(list, s, b, len);
    return list;
}

static PvVal str_rsplit(int argc, PvVal *argv, PvVal kwnames)
{
    PvVal s = argv[0], sep;
    int64_t maxsplit;
    if (!split_args("rsplit", argc, argv, kwnames, &sep, &maxsplit)) return PV_NULL;
    PvVal list = pv_list_with_capacity(0);
    const char *d = PV_STR(s)->data;
    int64_t e = PV_STR(s)->len;
    if (sep == pv_None) {
        int n;
        for (;;) {
            while (e > 0) {
                int64_t pb = prev_boundary(d, e);
                if (!cp_space(cp_at(s, pb, &n))) break;
                e = pb;
            }
            if (e <= 0) break;
            if (maxsplit == 0) { add_piece(list, s, 0, e); break; }
            int64_t stop = e;
            while (e > 0) {
                int64_t pb = prev_boundary(d, e);
                if (cp_space(cp_at(s, pb, &n))) break;
                e = pb;
            }
            add_piece(list, s, e, stop);
            maxsplit--;
        }
    } else {
        const char *sd = PV_STR(sep)->data;
        int64_t sl = PV_STR(sep)->len;
        while (maxsplit > 0) {
            const char *p = rmemmem(d, e, sd, sl);
            if (!p) break;
            add_piece(list, s, p - d + sl, e);
            e = p - d;
            maxsplit--;
        }
        add_piece(list, s, 0, e);
    }
    /* Built back to front: reverse in place. */
    int64_t n = pv_list_len(list);
    for (int64_t i = 0, j = n - 1; i < j; i++, j--) {
        PvVal x = pv_list_get(list, i);
        pv_list_set(list, i, pv_list_get(list, j));
        pv_list_set(list, j, x);
    }
    return list;
}

static bool is_linebreak(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E) ||
           c == 0x85 || c == 0x2028 || c == 0x2029;
}

static PvVal str_splitlines(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"keepends"};
    PvVal a[1];
    if (!pv_parse_args("splitlines", argc - 1, argv + 1, kwnames, 1, names, 0, a)) return PV_NULL;
    int64_t keep = 0;
    if (a[0] && !arg_index(a[0], &keep)) return PV_NULL;
    PvVal s = argv[0], list = pv_list_with_capacity(0);
    int64_t len = PV_STR(s)->len, b = 0, start = 0;
    while (b < len) {
        int n;
        uint32_t c = cp_at(s, b, &n);
        if (!is_linebreak(c)) { b += n; continue; }
        int64_t eol = b;
        b += n;
        if (c == '\r' && b < len && PV_STR(s)->data[b] == '\n') b++;
        add_piece(list, s, start, keep ? b : eol);
        start = b;
    }
    if (start < len) add_piece(list, s, start, len);
    return list;
}

static PvVal str_join(int argc, PvVal *argv)
{
    PvVal sep = argv[0], iterable = argv[1];
    PvVal *items;
    int64_t n;
    if (PV_IS_TUPLE(iterable)) {
        items = PV_TUPLE(iterable)->items;
        n = PV_TUPLE(iterable)->len;
    } else {
        /* Anything else (a list included: a racing append must not move its items
         * under us) is copied into a tuple, which keeps the items visible to the GC. */
        PvVal it = pv_iter(iterable);
        if (!it) {
            if (pv_err_is(pv_exc_TypeError)) {
                pv_err_clear();
                return pv_raise(pv_exc_TypeError, "can only join an iterable");
            }
            return PV_NULL;
        }
        PvVal t = pv_sequence_to_tuple(it);
        if (!t) return PV_NULL;
        items = PV_TUPLE(t)->items;
        n = PV_TUPLE(t)->len;
    }
    if (n == 0) return EMPTY;
    if (n == 1 && PV_IS_STR(items[0])) return items[0];
    int64_t len = 0, ncp = 0;
    for (int64_t i = 0; i < n; i++) {
        if (!IS_STR(items[i]))
            return pv_raise(pv_exc_TypeError, "sequence item %" PRId64 ": expected str instance, %s found",
                            i, pv_type_name(items[i]));
        len += PV_STR(items[i])->len;
        ncp += PV_STR(items[i])->ncp;
    }
    len += PV_STR(sep)->len * (n - 1);
    ncp += PV_STR(sep)->ncp * (n - 1);
    if (len == 0) return EMPTY;
    PvStr *r = str_alloc(&pv_type_str, len);
    char *p = r->data;
    for (int64_t i = 0; i < n; i++) {
        if (i && PV_STR(sep)->len) { memcpy(p, PV_STR(sep)->data, (size_t)PV_STR(sep)->len); p += PV_STR(sep)->len; }
        memcpy(p, PV_STR(items[i])->data, (size_t)PV_STR(items[i])->len);
        p += PV_STR(items[i])->len;
    }
    r->ncp = ncp;
    if (len == 1) return PV_VAL(&ascii_strs[(unsigned char)r->data[0]].s);
    return PV_VAL(r);
}

static PvVal partition(int argc, PvVal *argv, bool reverse)
{
    (void)argc;
    PvVal s = argv[0], sep = argv[1];
    if (!need_str(sep)) return PV_NULL;
    int64_t sl = PV_STR(sep)->len, len = PV_STR(s)->len;
    if (sl == 0) return pv_raise(pv_exc_ValueError, "empty separator");
    const char *d = PV_STR(s)->data;
    const char *p = reverse ? rmemmem(d, len, PV_STR(sep)->data, sl)
                            : memmem(d, (size_t)len, PV_STR(sep)->data, (size_t)sl);
    if (!p)
        return reverse ? pv_tuple_pack(3, EMPTY, EMPTY, str_str(s))
                       : pv_tuple_pack(3, str_str(s), EMPTY, EMPTY);
    return pv_tuple_pack(3, subbytes(s, 0, p - d), str_str(sep), subbytes(s, p - d + sl, len));
}

static PvVal str_partition(int argc, PvVal *argv) { return partition(argc, argv, false); }
static PvVal str_rpartition(int argc, PvVal *argv) { return partition(argc, argv, true); }

/* ---- stripping, replacing, affixes ---------------------------------------------------- */

/* Whether code point c is in the str `chars` (PV_NULL: whitespace). */
static bool in_chars(uint32_t c, PvVal chars)
{
    if (!chars) return cp_space(c);
    const char *p = PV_STR(chars)->data;
    int64_t len = PV_STR(chars)->len;
    if (c < 0x80) return memchr(p, (int)c, (size_t)len) != NULL;
    for (int64_t b = 0; b < len;) {
        int n;
        if (pv_utf8_decode(p + b, (size_t)(len - b), &n) == c) return true;
        b += n;
    }
    return false;
}

static PvVal strip_common(int argc, PvVal *argv, bool left, bool right)
{
    PvVal s = argv[0], chars = argc > 1 ? argv[1] : pv_None;
    if (chars == pv_None) chars = PV_NULL;
    else if (!IS_STR(chars)) return pv_raise(pv_exc_TypeError, "strip arg must be None or str");
    const char *d = PV_STR(s)->data;
    int64_t b = 0, e = PV_STR(s)->len;
    int n;
    if (left)
        while (b < e && in_chars(cp_at(s, b, &n), chars)) b += n;
    if (right)
        while (e > b) {
            int64_t pb = prev_boundary(d, e);
            if (!in_chars(cp_at(s, pb, &n), chars)) break;
            e = pb;
        }
    return subbytes(s, b, e);
}

static PvVal str_strip(int argc, PvVal *argv) { return strip_common(argc, argv, true, true); }
static PvVal str_lstrip(int argc, PvVal *argv) { return strip_common(argc, argv, true, false); }
static PvVal str_rstrip(int argc, PvVal *argv) { return strip_common(argc, argv, false, true); }

static PvVal str_replace(int argc, PvVal *argv)
{
    PvVal s = argv[0], old = argv[1], rep = argv[2];
    if (!IS_STR(old))
        return pv_raise(pv_exc_TypeError, "replace() argument 1 must be str, not %s", pv_type_name(old));
    if (!IS_STR(rep))
        return pv_raise(pv_exc_TypeError, "replace() argument 2 must be str, not %s", pv_type_name(rep));
    int64_t count = -1;
    if (argc > 3 && !arg_index(argv[3], &count)) return PV_NULL;
    if (count < 0) count = INT64_MAX;
    const char *d = PV_STR(s)->data, *od = PV_STR(old)->data, *rd = PV_STR(rep)->data;
    int64_t len = PV_STR(s)->len, ol = PV_STR(old)->len, rl = PV_STR(rep)->len;
    PvBuf b;
    pvbuf_init(&b);
    int64_t pos = 0, done = 0;
    if (ol == 0) {
        /* '' matches before every code point and at the end. */
        while (done < count && pos <= len) {
            pvbuf_add(&b, rd, (size_t)rl);
            done++;
            if (pos == len) { pos++; break; }
            int n;
            cp_at(s, pos, &n);
            pvbuf_add(&b, d + pos, (size_t)n);
            pos += n;
        }
        if (pos < len) pvbuf_add(&b, d + pos, (size_t)(len - pos));
    } else {
        while (done < count) {
            const char *p = memmem(d + pos, (size_t)(len - pos), od, (size_t)ol);
            if (!p) break;
            pvbuf_add(&b, d + pos, (size_t)(p - d - pos));
            pvbuf_add(&b, rd, (size_t)rl);
            pos = p - d + ol;
            done++;
        }
        if (done == 0) { pvbuf_free(&b); return str_str(s); }
        pvbuf_add(&b, d + pos, (size_t)(len - pos));
    }
    return pv_str_from_buf(&b);
}

static PvVal str_removeprefix(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0], x = argv[1];
    if (!IS_STR(x))
        return pv_raise(pv_exc_TypeError, "removeprefix() argument must be str, not %s", pv_type_name(x));
    int64_t xl = PV_STR(x)->len, len = PV_STR(s)->len;
    if (xl <= len && memcmp(PV_STR(s)->data, PV_STR(x)->data, (size_t)xl) == 0)
        return subbytes(s, xl, len);
    return str_str(s);
}

static PvVal str_removesuffix(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0], x = argv[1];
    if (!IS_STR(x))
        return pv_raise(pv_exc_TypeError, "removesuffix() argument must be str, not %s", pv_type_name(x));
    int64_t xl = PV_STR(x)->len, len = PV_STR(s)->len;
    if (xl > 0 && xl <= len && memcmp(PV_STR(s)->data + len - xl, PV_STR(x)->data, (size_t)xl) == 0)
        return subbytes(s, 0, len - xl);
    return str_str(s);
}

/* ---- case ------------------------------------------------------------------------------- */

enum { CASE_UPPER, CASE_LOWER, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE, CASE_FOLD };

static void add_cp(PvBuf *b, uint32_t c)
{
    char tmp[4];
    pvbuf_add(b, tmp, (size_t)pv_utf8_encode(c, tmp));
}

/* Upper (title=false) or title case of c into b: ß becomes "SS" / "Ss". */
static void add_upper(PvBuf *b, uint32_t c, bool title)
{
    if (c == 0xDF) pvbuf_adds(b, title ? "Ss" : "SS");
    else add_cp(b, cp_upper(c));
}

/* One ASCII character under an upper/lower/fold/swap case mapping. */
static char ascii_case(char c, int mode)
{
    bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
    if (up && mode != CASE_UPPER) return (char)(c + 32);
    if (low && (mode == CASE_UPPER || mode == CASE_SWAP)) return (char)(c - 32);
    return c;
}

static PvVal case_map(PvVal s, int mode)
{
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len;
    if (str_ascii(s) && (mode == CASE_UPPER || mode == CASE_LOWER || mode == CASE_FOLD ||
                         mode == CASE_SWAP)) {
        /* ASCII: one byte per character, mapped into a fresh string (a one-character
         * result comes from the shared cache, which is never written to). */
        if (len == 1) {
            char c = ascii_case(d[0], mode);
            return str_make(&c, 1, 1);
        }
        PvStr *r = str_alloc(&pv_type_str, len);
        for (int64_t i = 0; i < len; i++) r->data[i] = ascii_case(d[i], mode);
        r->ncp = len;
        return PV_VAL(r);
    }
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_reserve(&b, (size_t)len);
    bool prev_cased = false, prev_letter = false, first = true;
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t c = pv_utf8_decode(d + i, (size_t)(len - i), &n);
        i += n;
        /* Greek final sigma: a capital sigma that ends a word lowers to 'ς'. */
        if (c == 0x3A3 && mode != CASE_UPPER && mode != CASE_FOLD && prev_letter &&
            !(mode == CASE_TITLE && !prev_cased)) {
            int n2 = 0;
            uint32_t next = i < len ? pv_utf8_decode(d + i, (size_t)(len - i), &n2) : 0;
            if (!cp_cased(next)) {
                add_cp(&b, 0x3C2);
                prev_cased = prev_letter = true;
                first = false;
                continue;
            }
        }
        prev_letter = cp_cased(c);
        switch (mode) {
        case CASE_UPPER: add_upper(&b, c, false); break;
        case CASE_LOWER: add_cp(&b, cp_lower(c)); break;
        case CASE_FOLD:
            if (c == 0xDF) pvbuf_adds(&b, "ss");
            else if (c == 0x17F) pvbuf_addc(&b, 's');
            else if (c == 0xB5) add_cp(&b, 0x3BC);
            else if (c == 0x3C2) add_cp(&b, 0x3C3);
            else add_cp(&b, cp_lower(c));
            break;
        case CASE_SWAP:
            if (cp_isupper(c)) add_cp(&b, cp_lower(c));
            else if (cp_islower(c)) add_upper(&b, c, false);
            else add_cp(&b, c);
            break;
        case CASE_TITLE:
            if (prev_cased) add_cp(&b, cp_lower(c));
            else add_upper(&b, c, true);
            prev_cased = cp_cased(c);
            break;
        case CASE_CAPITALIZE:
            if (first) add_upper(&b, c, true);
            else add_cp(&b, cp_lower(c));
            break;
        }
        first = false;
    }
    return pv_str_from_buf(&b);
}

static PvVal str_upper(int argc, PvVal *argv) { (void)argc; return case_map(argv[0], CASE_UPPER); }
static PvVal str_lower(int argc, PvVal *argv) { (void)argc; return case_map(argv[0], CASE_LOWER); }
static PvVal str_swapcase(int argc, PvVal *argv) { (void)argc; return case_map(argv[0], CASE_SWAP); }
static PvVal str_title(int argc, PvVal *argv) { (void)argc; return case_map(argv[0], CASE_TITLE); }
static PvVal str_capitalize(int argc, PvVal *argv) { (void)argc; return case_map(argv[0], CASE_CAPITALIZE); }
static PvVal str_casefold(int argc, PvVal *argv) { (void)argc; return case_map(argv[0], CASE_FOLD); }

/* ---- predicates ---------------------------------------------------------------------------- */

/* True iff s is non-empty and every code point satisfies pred. */
static PvVal all_cp(PvVal s, bool (*pred)(uint32_t))
{
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len;
    if (len == 0) return pv_False;
    for (int64_t i = 0; i < len;) {
        int n;
        if (!pred(pv_utf8_decode(d + i, (size_t)(len - i), &n))) return pv_False;
        i += n;
    }
    return pv_True;
}

static PvVal str_isdigit(int argc, PvVal *argv) { (void)argc; return all_cp(argv[0], cp_digit); }
static PvVal str_isdecimal(int argc, PvVal *argv) { (void)argc; return all_cp(argv[0], cp_decimal); }
static PvVal str_isnumeric(int argc, PvVal *argv) { (void)argc; return all_cp(argv[0], cp_numeric); }
static PvVal str_isalpha(int argc, PvVal *argv) { (void)argc; return all_cp(argv[0], cp_alpha); }
static PvVal str_isalnum(int argc, PvVal *argv) { (void)argc; return all_cp(argv[0], cp_alnum); }
static PvVal str_isspace(int argc, PvVal *argv) { (void)argc; return all_cp(argv[0], cp_space); }

/* isupper / islower: at least one cased code point, and none of the other case. */
static PvVal has_case(PvVal s, bool upper)
{
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len;
    bool cased = false;
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t c = pv_utf8_decode(d + i, (size_t)(len - i), &n);
        i += n;
        if (upper ? cp_islower(c) : cp_isupper(c)) return pv_False;
        if (upper ? cp_isupper(c) : cp_islower(c)) cased = true;
    }
    return pv_bool(cased);
}

static PvVal str_isupper(int argc, PvVal *argv) { (void)argc; return has_case(argv[0], true); }
static PvVal str_islower(int argc, PvVal *argv) { (void)argc; return has_case(argv[0], false); }

static PvVal str_istitle(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0];
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len;
    bool cased = false, prev_cased = false;
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t c = pv_utf8_decode(d + i, (size_t)(len - i), &n);
        i += n;
        if (cp_isupper(c)) {
            if (prev_cased) return pv_False;
            prev_cased = cased = true;
        } else if (cp_islower(c)) {
            if (!prev_cased) return pv_False;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return pv_bool(cased);
}

static PvVal str_isidentifier(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0];
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len;
    if (len == 0) return pv_False;
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t c = pv_utf8_decode(d + i, (size_t)(len - i), &n);
        bool ok = c == '_' || cp_alpha(c) ||
                  (i > 0 && (cp_decimal(c) || (c >= 0x300 && c <= 0x36F)));
        if (!ok) return pv_False;
        i += n;
    }
    return pv_True;
}

static PvVal str_isascii(int argc, PvVal *argv) { (void)argc; return pv_bool(str_ascii(argv[0])); }

/* ---- padding ---------------------------------------------------------------------------------- */

/* s padded with `left` and `right` copies of the code point fill (UTF-8 in f[0..fl)). */
static PvVal pad(PvVal s, int64_t left, int64_t right, const char *f, int fl)
{
    if (left <= 0 && right <= 0) return str_str(s);
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_reserve(&b, (size_t)((left + right) * fl + PV_STR(s)->len));
    for (int64_t i = 0; i < left; i++) pvbuf_add(&b, f, (size_t)fl);
    pvbuf_add(&b, PV_STR(s)->data, (size_t)PV_STR(s)->len);
    for (int64_t i = 0; i < right; i++) pvbuf_add(&b, f, (size_t)fl);
    return pv_str_from_buf(&b);
}

/* Shared by center/ljust/rjust: width and fill character. */
static bool pad_args(int argc, PvVal *argv, int64_t *width, const char **f, int *fl)
{
    if (!arg_index(argv[1], width)) return false;
    *f = " ";
    *fl = 1;
    if (argc > 2) {
        PvVal c = argv[2];
        if (!IS_STR(c)) {
            pv_raise(pv_exc_TypeError, "The fill character must be a unicode character, not %s",
                     pv_type_name(c));
            return false;
        }
        if (PV_STR(c)->ncp != 1) {
            pv_raise(pv_exc_TypeError, "The fill character must be exactly one character long");
            return false;
        }
        *f = PV_STR(c)->data;
        *fl = (int)PV_STR(c)->len;
    }
    return true;
}

static PvVal str_center(int argc, PvVal *argv)
{
    int64_t w;
    const char *f;
    int fl;
    if (!pad_args(argc, argv, &w, &f, &fl)) return PV_NULL;
    int64_t marg = w - PV_STR(argv[0])->ncp;
    if (marg <= 0) return str_str(argv[0]);
    /* CPython's rounding: the odd extra goes left only when width is odd too. */
    int64_t left = marg / 2 + (marg & w & 1);
    return pad(argv[0], left, marg - left, f, fl);
}

static PvVal str_ljust(int argc, PvVal *argv)
{
    int64_t w;
    const char *f;
    int fl;
    if (!pad_args(argc, argv, &w, &f, &fl)) return PV_NULL;
    return pad(argv[0], 0, w - PV_STR(argv[0])->ncp, f, fl);
}

static PvVal str_rjust(int argc, PvVal *argv)
{
    int64_t w;
    const char *f;
    int fl;
    if (!pad_args(argc, argv, &w, &f, &fl)) return PV_NULL;
    return pad(argv[0], w - PV_STR(argv[0])->ncp, 0, f, fl);
}

static PvVal str_zfill(int argc, PvVal *argv)
{
    (void)argc;
    PvVal s = argv[0];
    int64_t w;
    if (!arg_index(argv[1], &w)) return PV_NULL;
    int64_t fill = w - PV_STR(s)->ncp;
    if (fill <= 0) return str_str(s);
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len;
    PvBuf b;
    pvbuf_init(&b);
    int64_t i = 0;
    if (len > 0 && (d[0] == '+' || d[0] == '-')) { pvbuf_addc(&b, d[0]); i = 1; }
    pvbuf_fill(&b, '0', (size_t)fill);
    pvbuf_add(&b, d + i, (size_t)(len - i));
    return pv_str_from_buf(&b);
}

static PvVal str_expandtabs(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"tabsize"};
    PvVal a[1];
    if (!pv_parse_args("expandtabs", argc - 1, argv + 1, kwnames, 1, names, 0, a)) return PV_NULL;
    int64_t tab = 8;
    if (a[0] && !arg_index(a[0], &tab)) return PV_NULL;
    PvVal s = argv[0];
    const char *d = PV_STR(s)->data;
    int64_t len = PV_STR(s)->len, col = 0;
    if (!memchr(d, '\t', (size_t)len)) return str_str(s);
    PvBuf b;
    pvbuf_init(&b);
    for (int64_t i = 0; i < len;) {
        int n;
        uint32_t c = pv_utf8_decode(d + i, (size_t)(len - i), &n);
        if (c == '\t') {
            if (tab > 0) {
                int64_t k = tab - col % tab;
                pvbuf_fill(&b, ' ', (size_t)k);
                col += k;
            }
        } else {
            pvbuf_add(&b, d + i, (size_t)n);
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
        i += n;
    }
    return pv_str_from_buf(&b);
}

/* ---- str.format ------------------------------------------------------------------------- */

/* State of one str.format call: the arguments and the automatic field numbering,
 * which nested format specs share with the outer string. */
typedef struct FormatState {
    PvVal *args;
    int nargs;
    PvVal *kwvals;
    PvVal kwnames;
    int auto_next;        /* next automatic index; -1 once manual numbering was used */
    bool manual;
} FormatState;

static bool all_digits(const char *p, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9') return false;
    return true;
}

static int64_t parse_digits(const char *p, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (v > (INT64_MAX - 9) / 10) return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static PvVal raise_key_error(PvVal key)
{
    return pv_raise_value(pv_exc_new(pv_exc_KeyError, pv_tuple_pack(1, key)));
}

/* The object a field name like "0", "name", "", "0.attr[key]" designates. */
static PvVal format_lookup(FormatState *st, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] != '.' && p[i] != '[') i++;
    PvVal obj;
    if (i == 0) {
        if (st->manual) {
            pv_raise(pv_exc_ValueError, "cannot switch from manual field specification to "
                                        "automatic field numbering");
            return PV_NULL;
        }
        int k = st->auto_next++;
        if (k >= st->nargs)
            return pv_raise(pv_exc_IndexError,
                            "Replacement index %d out of range for positional args tuple", k);
        obj = st->args[k];
    } else if (all_digits(p, i)) {
        if (st->auto_next > 0) {
            pv_raise(pv_exc_ValueError, "cannot switch from automatic field numbering to "
                                        "manual field specification");
            return PV_NULL;
        }
        st->manual = true;
        int64_t k = parse_digits(p, i);
        if (k < 0 || k >= st->nargs)
            return pv_raise(pv_exc_IndexError,
                            "Replacement index %" PRId64 " out of range for positional args tuple", k);
        obj = st->args[k];
    } else {
        PvVal key = pv_str_new(p, i);
        obj = PV_NULL;
        int64_t nk = st->kwnames ? pv_tuple_len(st->kwnames) : 0;
        for (int64_t k = 0; k < nk; k++)
            if (pv_str_eq(pv_tuple_get(st->kwnames, k), key)) { obj = st->kwvals[k]; break; }
        if (!obj) return raise_key_error(key);
    }
    while (i < n) {
        if (p[i] == '.') {
            size_t j = ++i;
            while (i < n && p[i] != '.' && p[i] != '[') i++;
            if (i == j) return pv_raise(pv_exc_ValueError, "Empty attribute in format string");
            obj = pv_getattr(obj, pv_str_intern(pv_str_new(p + j, i - j)));
        } else {
            size_t j = ++i;
            while (i < n && p[i] != ']') i++;
            if (i >= n) return pv_raise(pv_exc_ValueError, "Missing ']' in format string");
            if (i == j) return pv_raise(pv_exc_ValueError, "Empty attribute in format string");
            PvVal key = all_digits(p + j, i - j) && parse_digits(p + j, i - j) >= 0
                            ? pv_int(parse_digits(p + j, i - j)) : pv_str_new(p + j, i - j);
            i++;
            if (i < n && p[i] != '.' && p[i] != '[')
                return pv_raise(pv_exc_ValueError,
                                "Only '.' or '[' may follow ']' in format field specifier");
            obj = pv_getitem(obj, key);
        }
        if (!obj) return PV_NULL;
    }
    return obj;
}

static bool format_build(FormatState *st, const char *p, size_t n, int depth, PvBuf *out);

/* One replacement field, the text between its braces. */
static bool format_field(FormatState *st, const char *p, size_t n, int depth, bool spec_nested,
                         PvBuf *out)
{
    /* The name ends at the first '!' or ':' outside brackets. */
    size_t i = 0;
    bool bracket = false;
    while (i < n) {
        char c = p[i];
        if (bracket) { if (c == ']') bracket = false; }
        else if (c == '[') bracket = true;
        else if (c == '!' || c == ':') break;
        i++;
    }
    size_t name_len = i;
    char conv = 0;
    if (i < n && p[i] == '!') {
        if (i + 1 >= n) {
            pv_raise(pv_exc_ValueError, "unmatched '{' in format spec");
            return false;
        }
        conv = p[i + 1];
        i += 2;
        if (i < n && p[i] != ':') {
            pv_raise(pv_exc_ValueError, "expected ':' after conversion specifier");
            return false;
        }
    }
    const char *spec = i < n ? p + i + 1 : p + n;
    size_t spec_len = i < n ? n - i - 1 : 0;

    PvVal obj = format_lookup(st, p, name_len);
    if (!obj) return false;
    switch (conv) {
    case 0: break;
    case 'r': obj = pv_repr(obj); break;
    case 's': obj = pv_str(obj); break;
    case 'a': obj = pv_ascii(obj); break;
    default: {
        int cn;
        uint32_t cp = pv_utf8_decode(&p[name_len + 1], n - name_len - 1, &cn);
        char tmp[4];
        int tl = pv_utf8_encode(cp, tmp);
        pv_raise(pv_exc_ValueError, "Unknown conversion specifier %.*s", tl, tmp);
        return false;
    }
    }
    if (!obj) return false;
    PvVal spec_str;
    if (spec_nested) {
        PvBuf sb;
        pvbuf_init(&sb);
        if (!format_build(st, spec, spec_len, depth - 1, &sb)) { pvbuf_free(&sb); return false; }
        spec_str = pv_str_from_buf(&sb);
    } else {
        spec_str = pv_str_new(spec, spec_len);
    }
    PvVal r = pv_format(obj, spec_str);
    if (!r) return false;
    pvbuf_add(out, PV_STR(r)->data, (size_t)PV_STR(r)->len);
    return true;
}

/* Expands the format string p[0..n) into out. depth counts down the nesting of format
 * specs that may still contain fields (CPython allows one level). */
static bool format_build(FormatState *st, const char *p, size_t n, int depth, PvBuf *out)
{
    if (depth <= 0) {
        pv_raise(pv_exc_ValueError, "Max string recursion exceeded");
        return false;
    }
    size_t i = 0;
    while (i < n) {
        char c = p[i];
        if (c == '}') {
            if (i + 1 < n && p[i + 1] == '}') { pvbuf_addc(out, '}'); i += 2; continue; }
            pv_raise(pv_exc_ValueError, "Single '}' encountered in format string");
            return false;
        }
        if (c != '{') {
            size_t j = i;
            while (j < n && p[j] != '{' && p[j] != '}') j++;
            pvbuf_add(out, p + i, j - i);
            i = j;
            continue;
        }
        if (i + 1 < n && p[i + 1] == '{') { pvbuf_addc(out, '{'); i += 2; continue; }
        if (i + 1 >= n) {
            pv_raise(pv_exc_ValueError, "Single '{' encountered in format string");
            return false;
        }
        /* A field: find its closing brace; braces nest inside the spec, brackets in
         * the name hide braces. */
        size_t start = ++i;
        int level = 1;
        bool in_spec = false, bracket = false, nested = false;
        while (i < n) {
            char d = p[i];
            if (!in_spec && bracket) {
                if (d == ']') bracket = false;
            } else if (!in_spec && d == '[') {
                bracket = true;
            } else if (d == '{') {
                if (!in_spec) {
                    pv_raise(pv_exc_ValueError, "unexpected '{' in field name");
                    return false;
                }
                nested = true;
                level++;
            } else if (d == '}') {
                if (--level == 0) break;
            } else if (d == ':') {
                in_spec = true;
            }
            i++;
        }
        if (i >= n) {
            pv_raise(pv_exc_ValueError, "expected '}' before end of string");
            return false;
        }
        if (!format_field(st, p + start, i - start, depth, nested, out)) return false;
        i++;
    }
    return true;
}

static PvVal str_format(int argc, PvVal *argv, PvVal kwnames)
{
    FormatState st = {
        .args = argv + 1, .nargs = argc - 1, .kwvals = argv + argc, .kwnames = kwnames,
        .auto_next = 0, .manual = false,
    };
    PvVal s = argv[0];
    PvBuf out;
    pvbuf_init(&out);
    if (!format_build(&st, PV_STR(s)->data, (size_t)PV_STR(s)->len, 2, &out)) {
        pvbuf_free(&out);
        return PV_NULL;
    }
    return pv_str_from_buf(&out);
}

/* str.__format__(spec), so that user subclasses can defer to it. */
static PvVal str_format_method(int argc, PvVal *argv)
{
    (void)argc;
    if (!IS_STR(argv[1]))
        return pv_raise(pv_exc_TypeError, "__format__() argument must be str, not %s",
                        pv_type_name(argv[1]));
    bool handled;
    return format_builtin(argv[0], argv[1], &handled);
}

/* ---- registration ---------------------------------------------------------------------- */

void pv_str_init(void)
{
    pv_type_ready(&pv_type_str);
    pv_type_ready(&str_iter_type);
    PvType *t = &pv_type_str;
    pv_type_add_method(t, "find", str_find, 2, 4);
    pv_type_add_method(t, "rfind", str_rfind, 2, 4);
    pv_type_add_method(t, "index", str_index, 2, 4);
    pv_type_add_method(t, "rindex", str_rindex, 2, 4);
    pv_type_add_method(t, "count", str_count, 2, 4);
    pv_type_add_method(t, "startswith", str_startswith, 2, 4);
    pv_type_add_method(t, "endswith", str_endswith, 2, 4);
    pv_type_add_method(t, "join", str_join, 2, 2);
    pv_type_add_method_kw(t, "split", str_split);
    pv_type_add_method_kw(t, "rsplit", str_rsplit);
    pv_type_add_method_kw(t, "splitlines", str_splitlines);
    pv_type_add_method(t, "partition", str_partition, 2, 2);
    pv_type_add_method(t, "rpartition", str_rpartition, 2, 2);
    pv_type_add_method(t, "strip", str_strip, 1, 2);
    pv_type_add_method(t, "lstrip", str_lstrip, 1, 2);
    pv_type_add_method(t, "rstrip", str_rstrip, 1, 2);
    pv_type_add_method(t, "replace", str_replace, 3, 4);
    pv_type_add_method(t, "removeprefix", str_removeprefix, 2, 2);
    pv_type_add_method(t, "removesuffix", str_removesuffix, 2, 2);
    pv_type_add_method(t, "upper", str_upper, 1, 1);
    pv_type_add_method(t, "lower", str_lower, 1, 1);
    pv_type_add_method(t, "swapcase", str_swapcase, 1, 1);
    pv_type_add_method(t, "title", str_title, 1, 1);
    pv_type_add_method(t, "capitalize", str_capitalize, 1, 1);
    pv_type_add_method(t, "casefold", str_casefold, 1, 1);
    pv_type_add_method(t, "isdigit", str_isdigit, 1, 1);
    pv_type_add_method(t, "isdecimal", str_isdecimal, 1, 1);
    pv_type_add_method(t, "isnumeric", str_isnumeric, 1, 1);
    pv_type_add_method(t, "isalpha", str_isalpha, 1, 1);
    pv_type_add_method(t, "isalnum", str_isalnum, 1, 1);
    pv_type_add_method(t, "isspace", str_isspace, 1, 1);
    pv_type_add_method(t, "isupper", str_isupper, 1, 1);
    pv_type_add_method(t, "islower", str_islower, 1, 1);
    pv_type_add_method(t, "istitle", str_istitle, 1, 1);
    pv_type_add_method(t, "isidentifier", str_isidentifier, 1, 1);
    pv_type_add_method(t, "isascii", str_isascii, 1, 1);
    pv_type_add_method(t, "center", str_center, 2, 3);
    pv_type_add_method(t, "ljust", str_ljust, 2, 3);
    pv_type_add_method(t, "rjust", str_rjust, 2, 3);
    pv_type_add_method(t, "zfill", str_zfill, 2, 2);
    pv_type_add_method_kw(t, "expandtabs", str_expandtabs);
    pv_type_add_method_kw(t, "format", str_format);
    pv_type_add_method(t, "__format__", str_format_method, 2, 2);
}
