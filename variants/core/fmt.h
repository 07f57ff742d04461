/* fmt.h — number <-> text conversions of the interpreter core, with CPython 3.11's exact
 * behaviour: repr(float), the format-spec mini-language (format(), str.format, f-strings),
 * the %-operator on str, float(str), int(str, base), bin/oct/hex, and round(x, n).
 *
 * The module knows nothing of the object model: it works on int64_t, double and UTF-8
 * byte strings, and reports errors as the text CPython puts in the exception, leaving
 * the choice of exception object to the caller (see pvfmt_error_kind). It has no state
 * and is safe to call from any number of threads at once.
 *
 * Assumption: the C numeric locale (LC_NUMERIC "C"), which is what CPython runs with too;
 * snprintf and strtod are used for the correctly rounded digit work. */
#ifndef PARVM_FMT_H
#define PARVM_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* ---- errors ------------------------------------------------------------------------ */

/* Which Python exception an error message written into `err` belongs to. */
typedef enum PvFmtErrKind {
    PVFMT_VALUE_ERROR,      /* almost everything */
    PVFMT_OVERFLOW_ERROR,   /* "%c arg not in range(0x110000)" */
    PVFMT_TYPE_ERROR,       /* "%c requires int or char" */
} PvFmtErrKind;

/* Classify a message produced by a function of this module. */
PvFmtErrKind pvfmt_error_kind(const PvBuf *err);

/* ---- integers to text -------------------------------------------------------------- */

/* Buffer sizes that always suffice (including the terminating NUL). */
#define PVFMT_DEC_MAX   24      /* "-9223372036854775808" */
#define PVFMT_RADIX_MAX 72      /* "-0b" + 64 digits */
#define PVFMT_REPR_MAX  32      /* "-2.2250738585072014e-308" */

/* str(v) for an int: decimal digits with a '-' if negative. Writes a NUL-terminated
 * string into buf and returns its length. Every int64_t works, INT64_MIN included. */
size_t pvfmt_int_dec(int64_t v, char buf[PVFMT_DEC_MAX]);

/* bin(v), oct(v), hex(v): base is 2, 8 or 16; the text is the sign, the prefix
 * ('0b', '0o', '0x') and lowercase digits, e.g. hex(-255) == "-0xff". Returns the length
 * of the NUL-terminated text written into buf. Any other base is a programming error. */
size_t pvfmt_int_radix(int64_t v, int base, char buf[PVFMT_RADIX_MAX]);

/* ---- float to text ----------------------------------------------------------------- */

/* repr(x) (which is also str(x)) for a float: the shortest digit string that reads back
 * as x (among equally short ones the nearest to x), in decimal notation when the decimal
 * exponent e of the first digit satisfies -4 <= e < 16 (with ".0" if the value is
 * integral), otherwise "d[.ddd]e+XX" with at least two exponent digits; "inf", "-inf",
 * "nan", "-0.0". Returns the length of the NUL-terminated text written into buf. */
size_t pvfmt_double_repr(double x, char buf[PVFMT_REPR_MAX]);

/* ---- the format-spec mini-language ------------------------------------------------ */

/* A parsed "[[fill]align][sign][z][#][0][width][grouping][.precision][type]".
 * Fields a spec does not give hold their "absent" value, so the renderers below can
 * apply the defaults that depend on the type of the value (numbers align right and
 * the '0' flag means '=' alignment for them; strings align left). */
typedef struct PvFmtSpec {
    char fill[4];        /* fill code point as UTF-8 bytes; meaningful if fill_len > 0 */
    uint8_t fill_len;    /* 0: no fill given (a space, or '0' under the zero flag) */
    char align;          /* '<' '>' '^' '=' or 0 when not given */
    char sign;           /* '+' '-' ' ' or 0 when not given */
    bool no_neg_zero;    /* 'z': a float that rounds to zero prints without '-' */
    bool alt;            /* '#' */
    bool zero;           /* '0' flag (only recorded when no fill was given, as CPython) */
    char grouping;       /* ',' '_' or 0 */
    int64_t width;       /* -1 when not given; counts code points */
    int64_t precision;   /* -1 when not given */
    uint32_t type;       /* 0 when not given, else the type code point ('d', 'f', ...) */
} PvFmtSpec;

/* Parse spec s[0..n) (UTF-8). `tname` is the Python type name of the value being
 * formatted ("int", "float", "str"): CPython names it in the "Invalid format specifier"
 * message. On error writes CPython's message into err (a ValueError) and returns false.
 * Checks done here are those CPython does before looking at the value's type
 * (digit overflow, missing precision, grouping combined with an unsuitable type). */
bool pvfmt_parse_spec(const char *s, size_t n, const char *tname, PvFmtSpec *out,
                      PvBuf *err);

/* format(v, spec) for an int: types 0 d n b o x X c, and e E f F g G % (v converted to
 * float first, as CPython does). Appends to out; on error appends CPython's message to
 * err and returns false (out is then unspecified). 'n' groups nothing (C locale). */
bool pvfmt_int(PvBuf *out, int64_t v, const PvFmtSpec *spec, PvBuf *err);

/* format(v, spec) for a float: types 0 e E f F g G % n. Type 0 without a precision is
 * repr(v) (plus sign, '#', grouping, padding); with a precision it is 'g' that keeps a
 * ".0" when the text would look integral. Default precision 6 for e f g %. */
bool pvfmt_double(PvBuf *out, double v, const PvFmtSpec *spec, PvBuf *err);

/* format(s, spec) for a str of nbytes UTF-8 bytes: types 0 and s; precision truncates
 * and width pads, both counting code points. */
bool pvfmt_str(PvBuf *out, const char *s, size_t nbytes, const PvFmtSpec *spec,
               PvBuf *err);

/* ---- the % operator on str ------------------------------------------------------- */

/* One conversion "%[(key)][flags][width|*][.precision|.*][h|l|L]type" of a format string.
 *
 * How the interpreter drives `fmt % args` (this order reproduces which error CPython
 * reports when several apply):
 *
 *     PvPctIter it; PvPctSpec sp;
 *     pvfmt_pct_begin(&it, fmt, n);
 *     for (;;) switch (pvfmt_pct_next(&it, &sp, err)) {
 *     case PVFMT_PCT_END:     done (too many args left -> "not all arguments converted
 *                             during string formatting", unless args is a mapping);
 *     case PVFMT_PCT_ERROR:   raise ValueError(err), except that when sp.key is set (an
 *                             unterminated "%(key") and args is not a mapping, CPython
 *                             raises TypeError "format requires a mapping" instead;
 *     case PVFMT_PCT_LITERAL: append sp.lit[0..sp.lit_len) ("%%" yields a literal "%");
 *     case PVFMT_PCT_CONV:
 *         if sp.width_star:  w = next positional arg (TypeError "* wants int" if not an
 *                            int); pvfmt_pct_set_width(&sp, w);
 *         if sp.prec_star:   likewise, pvfmt_pct_set_precision(&sp, p);
 *         if !pvfmt_pct_ready(&sp, err): raise ValueError(err)    ("incomplete format")
 *         v = sp.key ? args[key] : next positional arg ("not enough arguments for format
 *             string" when none is left, "format requires a mapping" for a key without
 *             a mapping);
 *         by pvfmt_pct_class(sp.type):
 *           PVFMT_PCT_INTEGER (d i u o x X): int -> pvfmt_pct_int; float -> int(v) first
 *               for d i u, TypeError "%x format: an integer is required, not float" for
 *               o x X; other types -> TypeError "%d format: a real number is required,
 *               not T" / "%x format: an integer is required, not T";
 *           PVFMT_PCT_FLOAT (e E f F g G): int -> pvfmt_pct_int, float -> pvfmt_pct_double,
 *               others TypeError "must be real number, not T";
 *           PVFMT_PCT_CHAR (c): int -> pvfmt_pct_int; str -> pvfmt_pct_str (it checks
 *               the length); others TypeError "%c requires int or char";
 *           PVFMT_PCT_TEXT (s r a): pvfmt_pct_str with str(v), repr(v) or ascii(v);
 *           PVFMT_PCT_BAD: pvfmt_pct_bad(&sp, err), raise ValueError(err) (CPython
 *               fetches the argument before it complains about the character).
 *     }
 */
typedef struct PvPctSpec {
    const char *lit;      /* LITERAL: the text to copy (points into the format string) */
    size_t lit_len;
    const char *key;      /* CONV: the mapping key between the parentheses, or NULL */
    size_t key_len;
    bool left;            /* '-' flag */
    bool plus;            /* '+' flag */
    bool space;           /* ' ' flag */
    bool alt;             /* '#' flag */
    bool zero;            /* '0' flag */
    bool width_star;      /* width given as '*': the interpreter supplies it */
    bool prec_star;       /* precision given as '.*' */
    int64_t width;        /* -1 when not given */
    int64_t precision;    /* -1 when not given */
    uint32_t type;        /* conversion code point; 0 when the format string ended early */
    size_t type_index;    /* code point index of the type character, for error messages */
} PvPctSpec;

/* Iterator over a format string; the string must outlive it. */
typedef struct PvPctIter {
    const char *fmt;
    size_t n, pos;        /* byte position of the next unread character */
    size_t cp;            /* code point index of fmt[pos] */
} PvPctIter;

typedef enum PvPctItem {
    PVFMT_PCT_END,
    PVFMT_PCT_LITERAL,
    PVFMT_PCT_CONV,
    PVFMT_PCT_ERROR,      /* "incomplete format key" or "width too big" / "precision too big" */
} PvPctItem;

typedef enum PvPctClass {
    PVFMT_PCT_BAD,
    PVFMT_PCT_INTEGER,
    PVFMT_PCT_FLOAT,
    PVFMT_PCT_CHAR,
    PVFMT_PCT_TEXT,
} PvPctClass;

void pvfmt_pct_begin(PvPctIter *it, const char *fmt, size_t n);
/* Produce the next item into *spec (all fields reset each call). */
PvPctItem pvfmt_pct_next(PvPctIter *it, PvPctSpec *spec, PvBuf *err);
/* Supply a '*' width: a negative one means left alignment with its magnitude. */
void pvfmt_pct_set_width(PvPctSpec *spec, int64_t w);
/* Supply a '.*' precision: a negative one counts as 0. */
void pvfmt_pct_set_precision(PvPctSpec *spec, int64_t p);
/* False (with "incomplete format" in err) if the format string ended inside this
 * conversion. Call after the '*' arguments have been fetched. */
bool pvfmt_pct_ready(const PvPctSpec *spec, PvBuf *err);
PvPctClass pvfmt_pct_class(uint32_t type);
/* Write "unsupported format character 'y' (0x79) at index 3" into err. */
void pvfmt_pct_bad(const PvPctSpec *spec, PvBuf *err);

/* Render an int for an INTEGER, FLOAT or CHAR conversion (a code point for %c). */
bool pvfmt_pct_int(PvBuf *out, const PvPctSpec *spec, int64_t v, PvBuf *err);
/* Render a float for a FLOAT conversion. */
bool pvfmt_pct_double(PvBuf *out, const PvPctSpec *spec, double v, PvBuf *err);
/* Render text for a TEXT conversion, or a one-character str for %c. */
bool pvfmt_pct_str(PvBuf *out, const PvPctSpec *spec, const char *s, size_t nbytes,
                   PvBuf *err);

/* ---- text to numbers ----------------------------------------------------------------- */

/* Results of pvfmt_parse_int. */
enum {
    PVFMT_PARSE_OK = 0,
    PVFMT_PARSE_INVALID,      /* "invalid literal for int() with base B: 'S'" */
    PVFMT_PARSE_OVERFLOW,     /* valid literal, but outside int64_t (the VM's deviation) */
    PVFMT_PARSE_BAD_BASE,     /* "int() base must be >= 2 and <= 36, or 0" */
    PVFMT_PARSE_TOO_LONG,     /* CPython's int_max_str_digits (4300) limit for bases
                                 that are not powers of two: "Exceeds the limit (4300
                                 digits) for integer string conversion: value has N
                                 digits; use sys.set_int_max_str_digits() to increase
                                 the limit" */
};

/* float(s) for UTF-8 s[0..n): surrounding whitespace (Unicode's too), a sign, decimal
 * digits (any Unicode decimal digits) with '_' only between digits, an optional
 * fraction and exponent, or inf / infinity / nan in any case. No hex. Out-of-range
 * values become +-inf or +-0.0 like CPython. False if s is not a valid literal. */
bool pvfmt_parse_double(const char *s, size_t n, double *out);

/* int(s, base) for UTF-8 s[0..n): base 0 or 2..36; whitespace, sign, '0x' '0o' '0b'
 * prefixes when they match the base (or base 0, which also rejects leading zeros in a
 * non-zero decimal), '_' between digits and after a prefix. Returns a PVFMT_PARSE_*
 * code; *out is written only on PVFMT_PARSE_OK. */
int pvfmt_parse_int(const char *s, size_t n, int base, int64_t *out);

/* ---- rounding ---------------------------------------------------------------------- */

/* round(x, ndigits) for a float: the decimal value with ndigits digits after the point
 * (ndigits may be negative) nearest to the exact binary value of x, ties to even, read
 * back as a double. inf, nan and zeros come back unchanged; a huge ndigits returns x, a
 * very negative one a zero of x's sign. Sets *overflow (OverflowError "rounded value too
 * large to represent in a float") when the rounded value is out of range; else clears it. */
double pvfmt_round_double(double x, int64_t ndigits, bool *overflow);

#endif
