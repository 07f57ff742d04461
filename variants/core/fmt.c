/* fmt.c — number <-> text conversions with CPython 3.11's exact results (see fmt.h).
 *
 * The digit work is delegated to the C library, which is exact: glibc's printf renders
 * the exact binary value of a double correctly rounded (ties to even), and strtod reads
 * decimal text correctly rounded. What this file adds is Python's layer on top: the
 * shortest round-trip search of repr(), the layout rules of repr and of the format-spec
 * mini-language, the grammar of float() and int() literals, and the %-operator. */
#include "fmt.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Python's Py_ISSPACE: the ASCII whitespace int() and float() strip. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* Number of code points in UTF-8 text: every byte that is not a continuation byte
 * starts one. Invalid sequences still count one per lead byte, never zero. */
static size_t cp_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Byte length of the first `k` code points of s (or n if it has fewer). */
static size_t cp_prefix_bytes(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (i < n) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k == 0) break;
            k--;
        }
        i++;
    }
    return i;
}

/* Decode one code point at s[0..n), n >= 1; *len gets the bytes used (>= 1). Malformed
 * input decodes as its first byte, which only ever makes an error message less pretty. */
static uint32_t utf8_decode(const char *s, size_t n, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t need = u[0] < 0x80 ? 1 : u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    if (need == 1 || need > n) { *len = 1; return u[0]; }
    uint32_t cp = u[0] & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) { *len = 1; return u[0]; }
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    *len = need;
    return cp;
}

/* Encode cp (< 0x110000; surrogates are encoded as three bytes like any other code
 * point, which is how the VM's strings carry them). Returns the byte count. */
static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A code point the way CPython's format errors quote it: itself when printable ASCII
 * (33..127, so DEL comes out raw, as in CPython), else "\x" and lowercase hex. */
static void add_quoted_code(PvBuf *b, uint32_t c)
{
    if (c > 32 && c < 128) pvbuf_addc(b, (char)c);
    else pvbuf_addf(b, "\\x%x", (unsigned)c);
}

PvFmtErrKind pvfmt_error_kind(const PvBuf *err)
{
    if (err->len && strncmp(err->data, "%c arg not in range", 19) == 0)
        return PVFMT_OVERFLOW_ERROR;
    if (err->len && strcmp(err->data, "%c requires int or char") == 0)
        return PVFMT_TYPE_ERROR;
    return PVFMT_VALUE_ERROR;
}

/* ---- integers to text -------------------------------------------------------------- */

/* Digits of the magnitude m in base 2..16, written backwards from `end`; returns the
 * start. The magnitude is unsigned so that INT64_MIN needs no special case. */
static char *utoa_back(uint64_t m, unsigned base, bool upper, char *end)
{
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = dig[m % base];
        m /= base;
    } while (m);
    return p;
}

static uint64_t magnitude(int64_t v) { return v < 0 ? 0 - (uint64_t)v : (uint64_t)v; }

size_t pvfmt_int_dec(int64_t v, char buf[PVFMT_DEC_MAX])
{
    char tmp[PVFMT_DEC_MAX];
    char *p = utoa_back(magnitude(v), 10, false, tmp + sizeof tmp);
    if (v < 0) *--p = '-';
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return n;
}

size_t pvfmt_int_radix(int64_t v, int base, char buf[PVFMT_RADIX_MAX])
{
    char tmp[PVFMT_RADIX_MAX];
    char letter = base == 2 ? 'b' : base == 8 ? 'o' : base == 16 ? 'x' : 0;
    if (!letter) pv_fatal("pvfmt_int_radix: base %d", base);
    char *p = utoa_back(magnitude(v), (unsigned)base, false, tmp + sizeof tmp);
    *--p = letter;
    *--p = '0';
    if (v < 0) *--p = '-';
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return n;
}

/* ---- shortest round-trip digits --------------------------------------------------- */

/* Split "d.ddde+XX" (printf %e output of a positive number) into its digits without the
 * point, trailing zeros removed (at least one digit kept), and its exponent. */
static int split_e(const char *t, char *digits, int *exp10)
{
    int nd = 0;
    const char *p = t;
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    *exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = '\0';
    return nd;
}

/* Shortest digit string that reads back as ax (finite, > 0): digits[0..nd) with the
 * value 0.d1d2... * 10^(exp10 + 1), i.e. exp10 is the exponent of the first digit.
 * Among strings of the shortest length it takes the one nearest to ax, as CPython's
 * dtoa does: that is the correctly rounded one, except at a power of two, where the
 * gap below ax is half the gap above and the next decimal up may read back while the
 * nearer one below does not. */
static int shortest_digits(double ax, char digits[24], int *exp10)
{
    char t[40];
    int m;
    bool pow2 = frexp(ax, &m) == 0.5;
    for (int p = 0; p < 17; p++) {
        snprintf(t, sizeof t, "%.*e", p, ax);
        double back = strtod(t, NULL);
        if (back == ax) return split_e(t, digits, exp10);
        if (pow2 && back < ax) {
            /* Try the decimal one unit in the last place above. */
            int nd = 0, e;
            for (const char *q = t; *q && *q != 'e'; q++)
                if (*q != '.') digits[nd++] = *q;
            e = atoi(strchr(t, 'e') + 1);
            int i = nd - 1;
            while (i >= 0 && digits[i] == '9') digits[i--] = '0';
            if (i >= 0) digits[i]++;
            else { memmove(digits + 1, digits, (size_t)nd); digits[0] = '1'; e++; }
            char u[48];
            snprintf(u, sizeof u, "%c.%.*se%d", digits[0], nd - 1, digits + 1, e);
            if (strtod(u, NULL) == ax) return split_e(u, digits, exp10);
        }
    }
    snprintf(t, sizeof t, "%.16e", ax);
    return split_e(t, digits, exp10);
}

/* Lay out digits/exp10 the way repr() does (without sign): decimal notation when
 * -4 <= exp10 < 16, with ".0" if integral; otherwise d[.ddd]e+XX. `alt` ('#') keeps a
 * point after a lone mantissa digit in exponent notation, as format(1e16, '#') does. */
static void layout_repr(PvBuf *b, const char *digits, int nd, int exp10, bool alt)
{
    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 < 0) {
            pvbuf_adds(b, "0.");
            pvbuf_fill(b, '0', (size_t)(-exp10 - 1));
            pvbuf_add(b, digits, (size_t)nd);
        } else if (nd <= exp10 + 1) {
            pvbuf_add(b, digits, (size_t)nd);
            pvbuf_fill(b, '0', (size_t)(exp10 + 1 - nd));
            pvbuf_adds(b, ".0");
        } else {
            pvbuf_add(b, digits, (size_t)exp10 + 1);
            pvbuf_addc(b, '.');
            pvbuf_add(b, digits + exp10 + 1, (size_t)(nd - exp10 - 1));
        }
    } else {
        pvbuf_addc(b, digits[0]);
        if (nd > 1) {
            pvbuf_addc(b, '.');
            pvbuf_add(b, digits + 1, (size_t)nd - 1);
        } else if (alt) {
            pvbuf_addc(b, '.');
        }
        pvbuf_addf(b, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    }
}

size_t pvfmt_double_repr(double x, char buf[PVFMT_REPR_MAX])
{
    PvBuf b;
    pvbuf_init(&b);
    if (isnan(x)) pvbuf_adds(&b, "nan");
    else {
        if (signbit(x)) pvbuf_addc(&b, '-');
        double ax = fabs(x);
        if (isinf(ax)) pvbuf_adds(&b, "inf");
        else if (ax == 0) pvbuf_adds(&b, "0.0");
        else {
            char digits[24];
            int e, nd = shortest_digits(ax, digits, &e);
            layout_repr(&b, digits, nd, e, false);
        }
    }
    /* Longest case: '-' + 17 digits + '.' + "e-308" = 24 bytes. */
    size_t n = b.len;
    memcpy(buf, b.data, n + 1);
    pvbuf_free(&b);
    return n;
}

/* ---- fixed-precision digits ----------------------------------------------------- */

/* printf conversion of ax >= 0 (finite) with conversion letter conv in e E f F g G and
 * the '#' flag when alt. Literal formats keep -Wformat-nonliteral meaningful. */
static void add_printf(PvBuf *b, char conv, bool alt, int prec, double ax)
{
    switch (conv) {
    case 'e': if (alt) pvbuf_addf(b, "%#.*e", prec, ax); else pvbuf_addf(b, "%.*e", prec, ax); break;
    case 'E': if (alt) pvbuf_addf(b, "%#.*E", prec, ax); else pvbuf_addf(b, "%.*E", prec, ax); break;
    case 'f': case 'F':
        if (alt) pvbuf_addf(b, "%#.*f", prec, ax); else pvbuf_addf(b, "%.*f", prec, ax); break;
    case 'g': if (alt) pvbuf_addf(b, "%#.*g", prec, ax); else pvbuf_addf(b, "%.*g", prec, ax); break;
    case 'G': if (alt) pvbuf_addf(b, "%#.*G", prec, ax); else pvbuf_addf(b, "%.*G", prec, ax); break;
    default: pv_fatal("add_printf: conversion '%c'", conv);
    }
}

/* Drop trailing zeros of the fraction of b's text from byte `from` on (and the point
 * if nothing is left after it), stopping at an exponent, as %g does without '#'. */
static void strip_fraction_zeros(PvBuf *b, size_t from)
{
    char *t = b->data + from;
    char *point = strchr(t, '.');
    if (!point) return;
    char *e = strchr(point, 'e');
    char *end = e ? e : b->data + b->len;
    char *z = end;
    while (z > point + 1 && z[-1] == '0') z--;
    if (z == point + 1) z = point;
    size_t tail = (size_t)(b->data + b->len - end);
    memmove(z, end, tail + 1);
    b->len = (size_t)(z - b->data) + tail;
}

/* Format type '' with a precision: 'g' whose text never looks like an int. Unlike %g,
 * the switch to exponent notation already happens when exp10 >= prec - 1, so that the
 * ".0" added to an integral fixed-point result stays within prec digits:
 * format(123.0, '.3') == '1.23e+02', format(12.0, '.3') == '12.0'. */
static void add_g_dot0(PvBuf *b, bool alt, int prec, double ax)
{
    if (prec == 0) prec = 1;
    size_t from = b->len;
    add_printf(b, 'e', alt, prec - 1, ax);
    int exp10 = atoi(strchr(b->data + from, 'e') + 1);
    if (exp10 < -4 || exp10 >= prec - 1) {
        if (!alt) strip_fraction_zeros(b, from);
        return;
    }
    b->len = from;
    b->data[from] = '\0';
    add_printf(b, 'f', alt, prec - 1 - exp10, ax);
    if (!alt) strip_fraction_zeros(b, from);
    if (!memchr(b->data + from, '.', b->len - from)) pvbuf_adds(b, ".0");
}

/* Largest precision handed to printf; CPython accepts more but could not allocate it. */
#define PVFMT_PREC_LIMIT 100000000

/* ---- the format-spec mini-language ------------------------------------------------ */

static bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Read decimal digits at s[*i..n) into *v; false on int64 overflow. */
static bool read_count(const char *s, size_t n, size_t *i, int64_t *v)
{
    int64_t x = 0;
    while (*i < n && is_digit(s[*i])) {
        int d = s[*i] - '0';
        if (x > (INT64_MAX - d) / 10) return false;
        x = x * 10 + d;
        (*i)++;
    }
    *v = x;
    return true;
}

bool pvfmt_parse_spec(const char *s, size_t n, const char *tname, PvFmtSpec *out,
                      PvBuf *err)
{
    PvFmtSpec sp = { .width = -1, .precision = -1 };
    size_t i = 0;

    /* [[fill]align]: the fill is any one code point, recognised by the align after it. */
    if (n > 0) {
        size_t fl;
        utf8_decode(s, n, &fl);
        if (fl < n && is_align(s[fl])) {
            memcpy(sp.fill, s, fl);
            sp.fill_len = (uint8_t)fl;
            sp.align = s[fl];
            i = fl + 1;
        } else if (is_align(s[0])) {
            sp.align = s[0];
            i = 1;
        }
    }
    if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) sp.sign = s[i++];
    if (i < n && s[i] == 'z') { sp.no_neg_zero = true; i++; }
    if (i < n && s[i] == '#') { sp.alt = true; i++; }
    /* As in CPython, '0' is a flag only when no fill was given; otherwise it is just the
     * first digit of the width. */
    if (sp.fill_len == 0 && i < n && s[i] == '0') { sp.zero = true; i++; }
    if (i < n && is_digit(s[i])) {
        if (!read_count(s, n, &i, &sp.width)) goto too_many;
    }
    /* ",_" and "_," are errors; a doubled ",," or "__" is not caught here but ends up
     * as the type ',' or '_', which the type check below rejects, as in CPython. */
    if (i < n && s[i] == ',') sp.grouping = s[i++];
    if (i < n && s[i] == '_') {
        if (sp.grouping) goto both;
        sp.grouping = s[i++];
    }
    if (i < n && s[i] == ',' && sp.grouping == '_') goto both;
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i])) {
            pvbuf_adds(err, "Format specifier missing precision");
            return false;
        }
        if (!read_count(s, n, &i, &sp.precision)) goto too_many;
    }
    if (i < n) {
        size_t tl;
        uint32_t t = utf8_decode(s + i, n - i, &tl);
        if (i + tl != n) {
            pvbuf_adds(err, "Invalid format specifier '");
            pvbuf_add(err, s, n);
            pvbuf_addf(err, "' for object of type '%s'", tname);
            return false;
        }
        sp.type = t;
    }
    if (sp.grouping) {
        bool ok;
        switch (sp.type) {
        case 0: case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F':
            ok = true; break;
        case 'b': case 'o': case 'x': case 'X':
            ok = sp.grouping == '_'; break;
        default:
            ok = false;
        }
        if (!ok) {
            pvbuf_addf(err, "Cannot specify '%c' with '", sp.grouping);
            add_quoted_code(err, sp.type);
            pvbuf_adds(err, "'.");
            return false;
        }
    }
    *out = sp;
    return true;

too_many:
    pvbuf_adds(err, "Too many decimal digits in format string");
    return false;
both:
    pvbuf_adds(err, "Cannot specify both ',' and '_'.");
    return false;
}

static void unknown_code(PvBuf *err, uint32_t type, const char *tname)
{
    pvbuf_adds(err, "Unknown format code '");
    add_quoted_code(err, type);
    pvbuf_addf(err, "' for object of type '%s'", tname);
}

/* A formatted number in pieces, so that padding can go between the sign and the digits
 * ('=' alignment) and zero padding can take part in digit grouping. */
typedef struct NumParts {
    char sign;              /* 0, '-', '+' or ' ' */
    const char *prefix;     /* "0x" and friends, or "" */
    const char *digits;     /* integer digits to group (ASCII), may be empty */
    size_t ndigits;
    const char *rest;       /* fraction, exponent, suffix ... (ASCII unless 'c') */
    size_t rest_len;
    int group_size;         /* 3, or 4 for '_' with b o x X */
} NumParts;

static void add_fill(PvBuf *out, const char *fill, size_t fill_len, int64_t count)
{
    if (fill_len == 1) {
        if (count > 0) pvbuf_fill(out, fill[0], (size_t)count);
        return;
    }
    for (int64_t k = 0; k < count; k++) pvbuf_add(out, fill, fill_len);
}

/* Write p under spec's fill, alignment, width and grouping, with the defaults numbers
 * have: right alignment, and the '0' flag meaning fill '0' with '=' alignment. */
static void emit_number(PvBuf *out, const NumParts *p, const PvFmtSpec *spec)
{
    const char *fill = spec->fill_len ? spec->fill : spec->zero ? "0" : " ";
    size_t fill_len = spec->fill_len ? spec->fill_len : 1;
    char align = spec->align ? spec->align : spec->zero ? '=' : '>';
    int64_t width = spec->width > 0 ? spec->width : 0;
    size_t prefix_len = strlen(p->prefix);
    int64_t fixed = (p->sign ? 1 : 0) + (int64_t)prefix_len
                  + (int64_t)cp_count(p->rest, p->rest_len);

    /* Grouped integer digits. With fill '0' and '=' alignment CPython pads inside the
     * grouping ("00,001,234"): k digits take k + (k-1)/g places, and k grows until they
     * fill the width, so the text never starts with a separator. */
    PvBuf g;
    pvbuf_init(&g);
    if (spec->grouping && p->ndigits > 0) {
        int64_t gs = p->group_size;
        int64_t k = (int64_t)p->ndigits;
        if (fill_len == 1 && fill[0] == '0' && align == '=')
            while (k + (k - 1) / gs < width - fixed) k++;
        int64_t nzero = k - (int64_t)p->ndigits;
        for (int64_t j = 0; j < k; j++) {
            if (j > 0 && (k - j) % gs == 0) pvbuf_addc(&g, spec->grouping);
            pvbuf_addc(&g, j < nzero ? '0' : p->digits[j - nzero]);
        }
    } else {
        pvbuf_add(&g, p->digits, p->ndigits);
    }

    int64_t pad = width - fixed - (int64_t)g.len;
    if (pad < 0) pad = 0;
    int64_t left = align == '>' ? pad : align == '^' ? pad / 2 : 0;
    int64_t right = align == '<' ? pad : align == '^' ? pad - pad / 2 : 0;

    add_fill(out, fill, fill_len, left);
    if (p->sign) pvbuf_addc(out, p->sign);
    pvbuf_adds(out, p->prefix);
    if (align == '=') add_fill(out, fill, fill_len, pad);
    pvbuf_add(out, g.data ? g.data : "", g.len);
    pvbuf_add(out, p->rest, p->rest_len);
    add_fill(out, fill, fill_len, right);
    pvbuf_free(&g);
}

static bool is_float_type(uint32_t t)
{
    return t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%';
}

bool pvfmt_int(PvBuf *out, int64_t v, const PvFmtSpec *spec, PvBuf *err)
{
    uint32_t type = spec->type ? spec->type : 'd';
    if (is_float_type(type)) return pvfmt_double(out, (double)v, spec, err);
    if (!(type == 'd' || type == 'n' || type == 'b' || type == 'o' || type == 'x'
          || type == 'X' || type == 'c')) {
        unknown_code(err, type, "int");
        return false;
    }
    if (spec->precision >= 0) {
        pvbuf_adds(err, "Precision not allowed in integer format specifier");
        return false;
    }
    if (spec->no_neg_zero) {
        pvbuf_adds(err, "Negative zero coercion (z) not allowed in integer format specifier");
        return false;
    }
    if (type == 'c') {
        if (spec->sign) {
            pvbuf_adds(err, "Sign not allowed with integer format specifier 'c'");
            return false;
        }
        if (spec->alt) {
            pvbuf_adds(err, "Alternate form (#) not allowed with integer format specifier 'c'");
            return false;
        }
    }

    NumParts p = { .prefix = "", .rest = "", .group_size = 3 };
    char tmp[PVFMT_RADIX_MAX], ch[4];
    if (type == 'c') {
        if (v < 0 || v > 0x10FFFF) {
            pvbuf_adds(err, "%c arg not in range(0x110000)");
            return false;
        }
        /* The character goes in `rest`: it is neither grouped nor signed. */
        p.rest = ch;
        p.rest_len = utf8_encode((uint32_t)v, ch);
        emit_number(out, &p, spec);
        return true;
    }
    unsigned base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    char *end = tmp + sizeof tmp;
    p.digits = utoa_back(magnitude(v), base, type == 'X', end);
    p.ndigits = (size_t)(end - p.digits);
    if (base != 10) {
        if (spec->grouping == '_') p.group_size = 4;
        if (spec->alt)
            p.prefix = type == 'b' ? "0b" : type == 'o' ? "0o" : type == 'x' ? "0x" : "0X";
    }
    p.sign = v < 0 ? '-' : spec->sign == '+' ? '+' : spec->sign == ' ' ? ' ' : 0;
    emit_number(out, &p, spec);
    return true;
}

/* True if the digits of a rendered magnitude are all zero (before any exponent). */
static bool text_is_zero(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == 'e' || t[i] == 'E') break;
        if (is_digit(t[i]) && t[i] != '0') return false;
    }
    return true;
}

bool pvfmt_double(PvBuf *out, double v, const PvFmtSpec *spec, PvBuf *err)
{
    uint32_t type = spec->type;
    if (!(type == 0 || type == 'n' || is_float_type(type))) {
        unknown_code(err, type, "float");
        return false;
    }
    if (spec->precision > PVFMT_PREC_LIMIT) {
        pvbuf_adds(err, "precision too big");
        return false;
    }
    int prec = (int)spec->precision;
    bool upper = type == 'E' || type == 'F' || type == 'G';
    bool neg = signbit(v) && !isnan(v);
    double ax = fabs(v);

    PvBuf body;
    pvbuf_init(&body);
    if (isnan(v) || isinf(v)) {
        pvbuf_adds(&body, isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
        if (type == '%') pvbuf_addc(&body, '%');
    } else if (type == 0 && prec < 0) {
        if (ax == 0) pvbuf_adds(&body, "0.0");
        else {
            char digits[24];
            int e, nd = shortest_digits(ax, digits, &e);
            layout_repr(&body, digits, nd, e, spec->alt);
        }
    } else if (type == 0) {
        add_g_dot0(&body, spec->alt, prec, ax);
    } else if (type == '%') {
        add_printf(&body, 'f', spec->alt, prec < 0 ? 6 : prec, ax * 100);
        pvbuf_addc(&body, '%');
    } else {
        add_printf(&body, type == 'n' ? 'g' : (char)type, spec->alt, prec < 0 ? 6 : prec, ax);
    }
    if (neg && spec->no_neg_zero && !isinf(v) && text_is_zero(body.data, body.len)) neg = false;

    NumParts p = { .prefix = "", .group_size = 3 };
    p.sign = neg ? '-' : spec->sign == '+' ? '+' : spec->sign == ' ' ? ' ' : 0;
    p.digits = body.data;
    while (p.ndigits < body.len && is_digit(body.data[p.ndigits])) p.ndigits++;
    p.rest = body.data + p.ndigits;
    p.rest_len = body.len - p.ndigits;
    emit_number(out, &p, spec);
    pvbuf_free(&body);
    return true;
}

bool pvfmt_str(PvBuf *out, const char *s, size_t nbytes, const PvFmtSpec *spec,
               PvBuf *err)
{
    if (spec->type != 0 && spec->type != 's') {
        unknown_code(err, spec->type, "str");
        return false;
    }
    /* CPython checks grouping while parsing, with 's' as the default type of a str. */
    if (spec->grouping) {
        pvbuf_addf(err, "Cannot specify '%c' with 's'.", spec->grouping);
        return false;
    }
    const char *msg = NULL;
    if (spec->sign == ' ') msg = "Space not allowed in string format specifier";
    else if (spec->sign) msg = "Sign not allowed in string format specifier";
    else if (spec->no_neg_zero)
        msg = "Negative zero coercion (z) not allowed in string format specifier";
    else if (spec->alt) msg = "Alternate form (#) not allowed in string format specifier";
    else if (spec->align == '=') msg = "'=' alignment not allowed in string format specifier";
    if (msg) {
        pvbuf_adds(err, msg);
        return false;
    }
    size_t len = cp_count(s, nbytes);
    if (spec->precision >= 0 && (uint64_t)spec->precision < len) {
        nbytes = cp_prefix_bytes(s, nbytes, (size_t)spec->precision);
        len = (size_t)spec->precision;
    }
    const char *fill = spec->fill_len ? spec->fill : spec->zero ? "0" : " ";
    size_t fill_len = spec->fill_len ? spec->fill_len : 1;
    char align = spec->align ? spec->align : '<';
    int64_t pad = spec->width > (int64_t)len ? spec->width - (int64_t)len : 0;
    int64_t left = align == '>' ? pad : align == '^' ? pad / 2 : 0;
    add_fill(out, fill, fill_len, left);
    pvbuf_add(out, s, nbytes);
    add_fill(out, fill, fill_len, pad - left);
    return true;
}

/* ---- the % operator on str ------------------------------------------------------- */

void pvfmt_pct_begin(PvPctIter *it, const char *fmt, size_t n)
{
    it->fmt = fmt;
    it->n = n;
    it->pos = 0;
    it->cp = 0;
}

PvPctItem pvfmt_pct_next(PvPctIter *it, PvPctSpec *spec, PvBuf *err)
{
    const char *f = it->fmt;
    size_t n = it->n, i = it->pos;
    *spec = (PvPctSpec){ .width = -1, .precision = -1 };
    if (i >= n) return PVFMT_PCT_END;

    if (f[i] != '%') {
        const char *pct = memchr(f + i, '%', n - i);
        size_t end = pct ? (size_t)(pct - f) : n;
        spec->lit = f + i;
        spec->lit_len = end - i;
        it->cp += cp_count(f + i, end - i);
        it->pos = end;
        return PVFMT_PCT_LITERAL;
    }
    if (i + 1 < n && f[i + 1] == '%') {
        spec->lit = f + i + 1;
        spec->lit_len = 1;
        it->cp += 2;
        it->pos = i + 2;
        return PVFMT_PCT_LITERAL;
    }

    i++;
    if (i < n && f[i] == '(') {
        int depth = 1;
        size_t start = ++i;
        while (i < n && depth > 0) {
            if (f[i] == '(') depth++;
            else if (f[i] == ')') depth--;
            i++;
        }
        if (depth > 0) {
            /* key set: an interpreter without a mapping reports that first (fmt.h). */
            spec->key = f + start;
            spec->key_len = n - start;
            pvbuf_adds(err, "incomplete format key");
            return PVFMT_PCT_ERROR;
        }
        spec->key = f + start;
        spec->key_len = i - 1 - start;
    }
    for (; i < n; i++) {
        char c = f[i];
        if (c == '-') spec->left = true;
        else if (c == '+') spec->plus = true;
        else if (c == ' ') spec->space = true;
        else if (c == '#') spec->alt = true;
        else if (c == '0') spec->zero = true;
        else break;
    }
    if (i < n && f[i] == '*') {
        spec->width_star = true;
        i++;
    } else if (i < n && is_digit(f[i])) {
        if (!read_count(f, n, &i, &spec->width)) {
            pvbuf_adds(err, "width too big");
            return PVFMT_PCT_ERROR;
        }
    }
    if (i < n && f[i] == '.') {
        i++;
        spec->precision = 0;
        if (i < n && f[i] == '*') {
            spec->prec_star = true;
            i++;
        } else if (!read_count(f, n, &i, &spec->precision)) {
            pvbuf_adds(err, "precision too big");
            return PVFMT_PCT_ERROR;
        }
    }
    if (i < n && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) i++;
    if (i < n) {
        size_t tl;
        spec->type = utf8_decode(f + i, n - i, &tl);
        spec->type_index = it->cp + cp_count(f + it->pos, i - it->pos);
        i += tl;
    }
    it->cp += cp_count(f + it->pos, i - it->pos);
    it->pos = i;
    return PVFMT_PCT_CONV;
}

void pvfmt_pct_set_width(PvPctSpec *spec, int64_t w)
{
    if (w < 0) {
        spec->left = true;
        w = w == INT64_MIN ? INT64_MAX : -w;
    }
    spec->width = w;
}

void pvfmt_pct_set_precision(PvPctSpec *spec, int64_t p) { spec->precision = p < 0 ? 0 : p; }

bool pvfmt_pct_ready(const PvPctSpec *spec, PvBuf *err)
{
    if (spec->type != 0) return true;
    pvbuf_adds(err, "incomplete format");
    return false;
}

PvPctClass pvfmt_pct_class(uint32_t type)
{
    switch (type) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': return PVFMT_PCT_INTEGER;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return PVFMT_PCT_FLOAT;
    case 'c': return PVFMT_PCT_CHAR;
    case 's': case 'r': case 'a': return PVFMT_PCT_TEXT;
    default: return PVFMT_PCT_BAD;
    }
}

void pvfmt_pct_bad(const PvPctSpec *spec, PvBuf *err)
{
    uint32_t c = spec->type;
    pvbuf_addf(err, "unsupported format character '%c' (0x%x) at index %zu",
               c >= 32 && c < 127 ? (char)c : '?', (unsigned)c, spec->type_index);
}

/* Pad a rendered conversion. Numbers (`numeric`) honour the '0' flag by putting zeros
 * between sign/prefix and digits; '-' wins over '0'. Text pads with spaces only. */
static void pct_pad(PvBuf *out, const PvPctSpec *spec, char sign, const char *prefix,
                    const char *body, size_t body_len, bool numeric)
{
    size_t plen = strlen(prefix);
    int64_t len = (sign ? 1 : 0) + (int64_t)plen + (int64_t)cp_count(body, body_len);
    int64_t pad = spec->width > len ? spec->width - len : 0;
    bool zero = numeric && spec->zero && !spec->left;
    if (!spec->left && !zero && pad) pvbuf_fill(out, ' ', (size_t)pad);
    if (sign) pvbuf_addc(out, sign);
    pvbuf_add(out, prefix, plen);
    if (zero && pad) pvbuf_fill(out, '0', (size_t)pad);
    pvbuf_add(out, body, body_len);
    if (spec->left && pad) pvbuf_fill(out, ' ', (size_t)pad);
}

static char pct_sign(const PvPctSpec *spec, bool neg)
{
    return neg ? '-' : spec->plus ? '+' : spec->space ? ' ' : 0;
}

bool pvfmt_pct_int(PvBuf *out, const PvPctSpec *spec, int64_t v, PvBuf *err)
{
    switch (pvfmt_pct_class(spec->type)) {
    case PVFMT_PCT_FLOAT:
        return pvfmt_pct_double(out, spec, (double)v, err);
    case PVFMT_PCT_CHAR: {
        if (v < 0 || v > 0x10FFFF) {
            pvbuf_adds(err, "%c arg not in range(0x110000)");
            return false;
        }
        char ch[4];
        pct_pad(out, spec, 0, "", ch, utf8_encode((uint32_t)v, ch), false);
        return true;
    }
    case PVFMT_PCT_INTEGER:
        break;
    default:
        pvfmt_pct_bad(spec, err);
        return false;
    }
    uint32_t t = spec->type;
    unsigned base = t == 'o' ? 8 : (t == 'x' || t == 'X') ? 16 : 10;
    char tmp[PVFMT_RADIX_MAX];
    char *end = tmp + sizeof tmp;
    char *d = utoa_back(magnitude(v), base, t == 'X', end);
    size_t nd = (size_t)(end - d);
    const char *prefix = !spec->alt ? "" : t == 'o' ? "0o" : t == 'x' ? "0x" : t == 'X' ? "0X" : "";
    PvBuf body;
    pvbuf_init(&body);
    /* The precision is a minimum digit count, filled with zeros (CPython's %.3d). */
    if (spec->precision > (int64_t)nd) {
        if (spec->precision > PVFMT_PREC_LIMIT) {
            pvbuf_adds(err, "precision too big");
            return false;
        }
        pvbuf_fill(&body, '0', (size_t)spec->precision - nd);
    }
    pvbuf_add(&body, d, nd);
    pct_pad(out, spec, pct_sign(spec, v < 0), prefix, body.data, body.len, true);
    pvbuf_free(&body);
    return true;
}

bool pvfmt_pct_double(PvBuf *out, const PvPctSpec *spec, double v, PvBuf *err)
{
    if (pvfmt_pct_class(spec->type) != PVFMT_PCT_FLOAT) {
        pvfmt_pct_bad(spec, err);
        return false;
    }
    if (spec->precision > PVFMT_PREC_LIMIT) {
        pvbuf_adds(err, "precision too big");
        return false;
    }
    char t = (char)spec->type;
    bool upper = t == 'E' || t == 'F' || t == 'G';
    PvBuf body;
    pvbuf_init(&body);
    if (isnan(v)) pvbuf_adds(&body, upper ? "NAN" : "nan");
    else if (isinf(v)) pvbuf_adds(&body, upper ? "INF" : "inf");
    else add_printf(&body, t, spec->alt, spec->precision < 0 ? 6 : (int)spec->precision, fabs(v));
    pct_pad(out, spec, pct_sign(spec, signbit(v) && !isnan(v)), "", body.data, body.len, true);
    pvbuf_free(&body);
    return true;
}

bool pvfmt_pct_str(PvBuf *out, const PvPctSpec *spec, const char *s, size_t nbytes,
                   PvBuf *err)
{
    PvPctClass k = pvfmt_pct_class(spec->type);
    if (k == PVFMT_PCT_CHAR) {
        if (cp_count(s, nbytes) != 1) {
            pvbuf_adds(err, "%c requires int or char");
            return false;
        }
    } else if (k != PVFMT_PCT_TEXT) {
        pvfmt_pct_bad(spec, err);
        return false;
    } else if (spec->precision >= 0) {
        nbytes = cp_prefix_bytes(s, nbytes, (size_t)spec->precision);
    }
    pct_pad(out, spec, 0, "", s, nbytes, false);
    return true;
}

/* ---- text to numbers ----------------------------------------------------------------- */

/* First code points of the 65 runs of ten Unicode decimal digits (general category Nd)
 * in Unicode 14.0, CPython 3.11's database; printed by tests/unit/gen_fmt_vectors.py.
 * int() and float() read any of them as the ASCII digit of the same value. */
static const uint32_t nd_zeros[] = {
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80,
    0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0,
    0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0,
    0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50,
    0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec,
    0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

/* Non-ASCII code points for which str.isspace() is true (Unicode 14.0). */
static const uint32_t uni_spaces[] = {
    0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
    0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
};

/* CPython first maps a literal to ASCII: non-ASCII whitespace to ' ', non-ASCII decimal
 * digits to '0'..'9'; any other non-ASCII code point makes the literal invalid. The
 * result is never longer than the input. Returns false for such invalid input. */
static bool to_ascii(const char *s, size_t n, char *a, size_t *alen)
{
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) { a[j++] = s[i++]; continue; }
        size_t l;
        uint32_t cp = utf8_decode(s + i, n - i, &l);
        if (l == 1) return false;
        i += l;
        char c = 0;
        for (size_t k = 0; k < PV_ARRAY_LEN(uni_spaces) && !c; k++)
            if (cp == uni_spaces[k]) c = ' ';
        for (size_t k = 0; k < PV_ARRAY_LEN(nd_zeros) && !c; k++)
            if (cp >= nd_zeros[k] && cp < nd_zeros[k] + 10) c = (char)('0' + cp - nd_zeros[k]);
        if (!c) return false;
        a[j++] = c;
    }
    *alen = j;
    return true;
}

/* Trim ASCII whitespace from both ends of a[*lo..*hi). */
static void trim(const char *a, size_t *lo, size_t *hi)
{
    while (*lo < *hi && is_space(a[*lo])) (*lo)++;
    while (*hi > *lo && is_space(a[*hi - 1])) (*hi)--;
}

static bool ieq(const char *a, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n != k) return false;
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != word[i]) return false;
    return true;
}

/* Grammar check and strtod, on ASCII a[0..n) with whitespace already trimmed. */
static bool parse_double_ascii(const char *a, size_t n, char *clean, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (a[i] == '+' || a[i] == '-')) neg = a[i++] == '-';
    if (ieq(a + i, n - i, "inf") || ieq(a + i, n - i, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (ieq(a + i, n - i, "nan")) {
        *out = neg ? -NAN : NAN;
        return true;
    }
    /* [digits] ['.' [digits]] with at least one digit, then [e [sign] digits]; an '_'
     * must have a digit on both sides. `clean` receives the text without underscores. */
    size_t j = 0, mant = 0;
    if (neg) clean[j++] = '-';
    bool point = false;
    for (; i < n; i++) {
        char c = a[i];
        if (is_digit(c)) { clean[j++] = c; mant++; }
        else if (c == '.' && !point) { clean[j++] = c; point = true; }
        else if (c == '_' && i > 0 && is_digit(a[i - 1]) && i + 1 < n && is_digit(a[i + 1])) {}
        else break;
    }
    if (mant == 0) return false;
    if (i < n && (a[i] == 'e' || a[i] == 'E')) {
        clean[j++] = 'e';
        i++;
        if (i < n && (a[i] == '+' || a[i] == '-')) clean[j++] = a[i++];
        size_t ed = 0;
        for (; i < n; i++) {
            char c = a[i];
            if (is_digit(c)) { clean[j++] = c; ed++; }
            else if (c == '_' && is_digit(a[i - 1]) && i + 1 < n && is_digit(a[i + 1])) {}
            else break;
        }
        if (ed == 0) return false;
    }
    if (i != n) return false;
    clean[j] = '\0';
    *out = strtod(clean, NULL);
    return true;
}

/* Inputs up to this size are converted on the stack, longer ones on the heap. */
#define PVFMT_STACK_TEXT 256

bool pvfmt_parse_double(const char *s, size_t n, double *out)
{
    char stack[2 * PVFMT_STACK_TEXT + 4];
    char *a = n <= PVFMT_STACK_TEXT ? stack : pv_xmalloc(2 * n + 4);
    char *clean = a + n + 1;
    size_t len, lo = 0;
    bool ok = to_ascii(s, n, a, &len);
    if (ok) {
        trim(a, &lo, &len);
        ok = parse_double_ascii(a + lo, len - lo, clean, out);
    }
    if (a != stack) free(a);
    return ok;
}

static int digit_value(char c)
{
    if (is_digit(c)) return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    return 99;
}

/* CPython's sys.int_info.default_max_str_digits. */
#define PVFMT_MAX_STR_DIGITS 4300

static int parse_int_ascii(const char *a, size_t n, int base, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (a[i] == '+' || a[i] == '-')) neg = a[i++] == '-';
    bool prefixed = false;
    if (i + 1 < n && a[i] == '0') {
        char p = lower(a[i + 1]);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            prefixed = true;
            i += 2;
        }
    }
    bool base0_decimal = base == 0;
    if (base == 0) base = 10;
    if (prefixed && i < n && a[i] == '_') i++;   /* '0x_1f' */

    /* Invariant: i indexes the next char; `prev_digit` says whether a digit precedes it,
     * so an '_' is accepted only between two digits. */
    uint64_t limit = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
    uint64_t mag = 0;
    bool overflow = false, nonzero = false, prev_digit = false;
    size_t ndig = 0;
    for (; i < n; i++) {
        if (a[i] == '_') {
            if (!prev_digit || i + 1 >= n || digit_value(a[i + 1]) >= base)
                return PVFMT_PARSE_INVALID;
            prev_digit = false;
            continue;
        }
        int d = digit_value(a[i]);
        if (d >= base) return PVFMT_PARSE_INVALID;
        prev_digit = true;
        ndig++;
        if (d) nonzero = true;
        if (!overflow && mag > (limit - (uint64_t)d) / (uint64_t)base) overflow = true;
        else if (!overflow) mag = mag * (uint64_t)base + (uint64_t)d;
    }
    if (ndig == 0) return PVFMT_PARSE_INVALID;
    /* Base 0 forbids "012" (an old-style octal) but allows any spelling of zero. */
    if (base0_decimal && a[(neg || a[0] == '+') ? 1 : 0] == '0' && nonzero)
        return PVFMT_PARSE_INVALID;
    if ((base & (base - 1)) != 0 && ndig > PVFMT_MAX_STR_DIGITS) return PVFMT_PARSE_TOO_LONG;
    if (overflow) return PVFMT_PARSE_OVERFLOW;
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return PVFMT_PARSE_OK;
}

int pvfmt_parse_int(const char *s, size_t n, int base, int64_t *out)
{
    if (base != 0 && (base < 2 || base > 36)) return PVFMT_PARSE_BAD_BASE;
    char stack[PVFMT_STACK_TEXT];
    char *a = n <= sizeof stack ? stack : pv_xmalloc(n);
    size_t len, lo = 0;
    int r = PVFMT_PARSE_INVALID;
    if (to_ascii(s, n, a, &len)) {
        trim(a, &lo, &len);
        r = parse_int_ascii(a + lo, len - lo, base, out);
    }
    if (a != stack) free(a);
    return r;
}

/* ---- rounding ---------------------------------------------------------------------- */

/* CPython's NDIGITS_MAX and NDIGITS_MIN: beyond them rounding cannot change x (every
 * double has at most 323 significant decimal places after the point), or rounds any
 * finite double to zero. */
#define PVFMT_NDIGITS_MAX 323
#define PVFMT_NDIGITS_MIN (-308)

double pvfmt_round_double(double x, int64_t ndigits, bool *overflow)
{
    *overflow = false;
    if (!isfinite(x) || x == 0) return x;
    if (ndigits > PVFMT_NDIGITS_MAX) return x;
    if (ndigits < PVFMT_NDIGITS_MIN) return 0.0 * x;
    if (ndigits >= 0) {
        /* printf rounds the exact binary value, ties to even: exactly round()'s rule. */
        char t[PVFMT_NDIGITS_MAX + 320];
        snprintf(t, sizeof t, "%.*f", (int)ndigits, x);
        return strtod(t, NULL);
    }
    /* Round to a multiple of 10^k, k = -ndigits: take the exact integer part's digits
     * and round them at position k by hand, since printing with %.0f first would round
     * twice (1245.4 -> 1245 -> 1240 instead of 1250). */
    int k = (int)-ndigits;
    double ip = trunc(fabs(x));
    bool frac = ip != fabs(x);
    char d[PVFMT_NDIGITS_MAX + 32];
    int len = snprintf(d, sizeof d, "%.0f", ip);
    if (len <= k) {                 /* pad so that one kept digit exists */
        memmove(d + (k + 1 - len), d, (size_t)len + 1);
        memset(d, '0', (size_t)(k + 1 - len));
        len = k + 1;
    }
    int keep = len - k;
    /* dropped part compared with half a unit: first dropped digit vs 5, then the rest. */
    bool rest_zero = !frac;
    for (int i = keep + 1; i < len; i++)
        if (d[i] != '0') rest_zero = false;
    bool up = d[keep] > '5' || (d[keep] == '5' && (!rest_zero || (d[keep - 1] - '0') % 2 == 1));
    d[keep] = '\0';
    if (up) {
        int i = keep - 1;
        while (i >= 0 && d[i] == '9') d[i--] = '0';
        if (i >= 0) d[i]++;
        else { memmove(d + 1, d, (size_t)keep + 1); d[0] = '1'; }
    }
    char t[PVFMT_NDIGITS_MAX + 48];
    snprintf(t, sizeof t, "%se%d", d, k);
    double r = strtod(t, NULL);
    if (isinf(r)) { *overflow = true; return r; }
    return copysign(r, x);
}
