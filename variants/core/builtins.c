/* builtins.c — the `builtins` namespace: builtin functions (print, len, min, sorted,
 * round, getattr, ...), the iterator types enumerate, zip, map, filter and reversed
 * (plus the callable iterator of iter(f, sentinel)), and pv_builtins_init, which fills
 * the pv_builtins dict with them, with the builtin types and every exception class.
 *
 * Error messages and argument handling follow CPython 3.11 exactly for the common
 * cases, because the conformance corpus prints them. Functions that CPython declares
 * with positional-only parameters are registered without an arity of their own (the
 * generic "takes exactly 1 argument" wording of pv_builtin_call differs from CPython's
 * "takes exactly one argument"), and check their argument count here.
 *
 * Iterator objects may be shared between threads: their iternext functions announce
 * the write of their own state with PV_WRITE before advancing it. */
#include <math.h>
#include <stdio.h>

#include "ast.h"
#include "fmt.h"
#include "thread.h"
#include "vm.h"

/* Provided by the VM: the globals dict of the innermost running Python frame. */
extern PvVal pv_current_globals(void);

/* ---- argument checking ------------------------------------------------------------ */

static int nkwargs(PvVal kwnames) { return kwnames ? (int)pv_tuple_len(kwnames) : 0; }

/* METH_O style: "len() takes exactly one argument (2 given)". */
static bool want_one(const char *name, int argc)
{
    if (argc == 1) return true;
    pv_raise(pv_exc_TypeError, "%s() takes exactly one argument (%d given)", name, argc);
    return false;
}

/* CPython's _PyArg_CheckPositional wording: "divmod expected 2 arguments, got 1". */
static bool want_range(const char *name, int argc, int min, int max)
{
    if (argc >= min && argc <= max) return true;
    if (min == max)
        pv_raise(pv_exc_TypeError, "%s expected %d argument%s, got %d", name, min,
                 min == 1 ? "" : "s", argc);
    else if (argc < min)
        pv_raise(pv_exc_TypeError, "%s expected at least %d argument%s, got %d", name, min,
                 min == 1 ? "" : "s", argc);
    else
        pv_raise(pv_exc_TypeError, "%s expected at most %d argument%s, got %d", name, max,
                 max == 1 ? "" : "s", argc);
    return false;
}

static bool no_kwargs(const char *name, PvVal kwnames)
{
    if (!nkwargs(kwnames)) return true;
    pv_raise(pv_exc_TypeError, "%s() takes no keyword arguments", name);
    return false;
}

/* Keyword names outside `names` get CPython 3.11's wording for builtins,
 * "'foo' is an invalid keyword argument for min()"; call before pv_parse_args. */
static bool known_kwargs(const char *fname, PvVal kwnames, int nnames,
                         const char *const *names)
{
    for (int k = 0; k < nkwargs(kwnames); k++) {
        const char *kn = pv_str_data(pv_tuple_get(kwnames, k));
        int i = 0;
        while (i < nnames && strcmp(names[i], kn)) i++;
        if (i == nnames) {
            pv_raise(pv_exc_TypeError, "'%s' is an invalid keyword argument for %s()", kn, fname);
            return false;
        }
    }
    return true;
}

/* An integer argument through __index__, with CPython's wording for other types. */
static bool index_arg(PvVal v, int64_t *out)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) {
        *out = pv_int_value(v);
        return true;
    }
    if (!pv_type_dunder(pv_type(v), PV_DUNDER_index)) {
        pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                 pv_type_name(v));
        return false;
    }
    return pv_as_int64(v, out, NULL);
}

/* The attribute name of getattr & co.: a str, returned interned. */
static PvVal attr_name(PvVal name)
{
    if (!PV_IS_STR(name))
        return pv_raise(pv_exc_TypeError, "attribute name must be string, not '%s'",
                        pv_type_name(name));
    return pv_str_intern(name);
}

static bool is_callable(PvVal v)
{
    PvType *t = pv_type(v);
    return t->call != NULL || pv_type_dunder(t, PV_DUNDER_call) != PV_NULL;
}

/* Special method `name` of v's class (a user class, or a method registered on a
 * builtin type), or PV_NULL. The result is unbound: call it with v prepended. */
static PvVal special(PvVal v, const char *name)
{
    return pv_type_lookup(pv_type(v), pv_intern(name));
}

static PvVal raise_stop_iteration(void)
{
    return pv_raise_value(pv_exc_new(pv_exc_StopIteration, pv_empty_tuple));
}

/* ---- output ----------------------------------------------------------------------- */

static bool print_sep_arg(const char *what, PvVal v, PvVal *out)
{
    if (v && v != pv_None) {
        if (!PV_IS_STR(v)) {
            pv_raise(pv_exc_TypeError, "%s must be None or a string, not %s", what,
                     pv_type_name(v));
            return false;
        }
        *out = v;
    }
    return true;
}

/* print(*objects, sep=' ', end='\n', file=None, flush=False). The whole line is built
 * first and written with one fwrite, so lines printed by different threads never
 * interleave inside a line (stdio locks the stream per call). */
static PvVal bi_print(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"sep", "end", "file", "flush"};
    PvVal kw[4];
    if (!known_kwargs("print", kwnames, 4, names) ||
        !pv_parse_args("print", 0, argv + argc, kwnames, 4, names, 0, kw)) return PV_NULL;
    PvVal sep = PV_NULL, end = PV_NULL;
    if (!print_sep_arg("sep", kw[0], &sep) || !print_sep_arg("end", kw[1], &end))
        return PV_NULL;
    int flush = 0;
    if (kw[3] && (flush = pv_truthy(kw[3])) < 0) return PV_NULL;

    PvBuf b;
    pvbuf_init(&b);
    for (int i = 0; i < argc; i++) {
        if (i > 0) {
            if (sep) pvbuf_add(&b, pv_str_data(sep), (size_t)pv_str_len(sep));
            else pvbuf_addc(&b, ' ');
        }
        PvVal s = PV_IS_STR(argv[i]) ? argv[i] : pv_str(argv[i]);
        if (!s) {
            pvbuf_free(&b);
            return PV_NULL;
        }
        pvbuf_add(&b, pv_str_data(s), (size_t)pv_str_len(s));
    }
    if (end) pvbuf_add(&b, pv_str_data(end), (size_t)pv_str_len(end));
    else pvbuf_addc(&b, '\n');

    PvVal file = kw[2];
    if (file && file != pv_None) {
        /* Any object with a write method, as in Python. */
        PvVal text = pv_str_from_buf(&b);
        if (!pv_call_method(file, pv_intern("write"), 1, &text)) return PV_NULL;
        if (flush && !pv_call_method(file, pv_intern("flush"), 0, NULL)) return PV_NULL;
        return pv_None;
    }
    PV_INEVITABLE(pv_thread());
    if (b.len) fwrite(b.data, 1, b.len, stdout);
    if (flush) fflush(stdout);
    pvbuf_free(&b);
    return pv_None;
}

/* ---- simple conversions and queries ---------------------------------------------- */

static PvVal bi_len(int argc, PvVal *argv)
{
    if (!want_one("len", argc)) return PV_NULL;
    int64_t n = pv_len(argv[0]);
    return n < 0 ? PV_NULL : pv_int(n);
}

static PvVal bi_abs(int argc, PvVal *argv)
{
    if (!want_one("abs", argc)) return PV_NULL;
    PvVal v = argv[0];
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) {
        int64_t n = pv_int_value(v);
        if (n == INT64_MIN) return pv_overflow();
        return pv_int(n < 0 ? -n : n);
    }
    if (PV_IS_FLOAT(v)) return pv_float(fabs(pv_float_value(v)));
    bool found;
    PvVal r = pv_call_dunder(v, PV_DUNDER_abs, 0, NULL, &found);
    if (found) return r;
    return pv_raise(pv_exc_TypeError, "bad operand type for abs(): '%s'", pv_type_name(v));
}

static PvVal bi_hash(int argc, PvVal *argv)
{
    if (!want_one("hash", argc)) return PV_NULL;
    int64_t h = pv_hash(argv[0]);
    if (h == -1 && pv_err_occurred()) return PV_NULL;
    return pv_int(h);
}

/* The value word itself: distinct for every live object (pointers are even, small
 * ints odd), and stable because objects never move. */
static PvVal bi_id(int argc, PvVal *argv)
{
    if (!want_one("id", argc)) return PV_NULL;
    return pv_int((int64_t)argv[0]);
}

static PvVal bi_callable(int argc, PvVal *argv)
{
    if (!want_one("callable", argc)) return PV_NULL;
    return pv_bool(is_callable(argv[0]));
}

/* Decodes the UTF-8 sequence at s (valid by the str invariant). */
static uint32_t utf8_decode(const unsigned char *s, int *len)
{
    if (s[0] < 0x80) { *len = 1; return s[0]; }
    if (s[0] < 0xE0) { *len = 2; return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F); }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

static PvVal bi_ord(int argc, PvVal *argv)
{
    if (!want_one("ord", argc)) return PV_NULL;
    PvVal s = argv[0];
    if (!PV_IS_STR(s))
        return pv_raise(pv_exc_TypeError, "ord() expected string of length 1, but %s found",
                        pv_type_name(s));
    if (PV_STR(s)->ncp != 1)
        return pv_raise(pv_exc_TypeError,
                        "ord() expected a character, but string of length %lld found",
                        (long long)PV_STR(s)->ncp);
    int n;
    return pv_int(utf8_decode((const unsigned char *)pv_str_data(s), &n));
}

static PvVal bi_chr(int argc, PvVal *argv)
{
    if (!want_one("chr", argc)) return PV_NULL;
    int64_t cp;
    if (!index_arg(argv[0], &cp)) return PV_NULL;
    if (cp > INT32_MAX || cp < INT32_MIN)   /* CPython converts to a C int first */
        return pv_raise(pv_exc_OverflowError, "Python int too large to convert to C int");
    if (cp < 0 || cp > 0x10FFFF)
        return pv_raise(pv_exc_ValueError, "chr() arg not in range(0x110000)");
    return pv_str_char((uint32_t)cp);
}

static PvVal bi_repr(int argc, PvVal *argv)
{
    if (!want_one("repr", argc)) return PV_NULL;
    return pv_repr(argv[0]);
}

/* repr() with every non-ASCII code point escaped as \xNN, \uNNNN or \UNNNNNNNN. */
static PvVal bi_ascii(int argc, PvVal *argv)
{
    if (!want_one("ascii", argc)) return PV_NULL;
    PvVal r = pv_repr(argv[0]);
    if (!r || PV_STR(r)->ncp == PV_STR(r)->len) return r;
    const unsigned char *s = (const unsigned char *)pv_str_data(r);
    int64_t n = pv_str_len(r);
    PvBuf b;
    pvbuf_init(&b);
    for (int64_t i = 0; i < n;) {
        int len;
        uint32_t cp = utf8_decode(s + i, &len);
        i += len;
        if (cp < 0x80) pvbuf_addc(&b, (char)cp);
        else if (cp < 0x100) pvbuf_addf(&b, "\\x%02x", cp);
        else if (cp < 0x10000) pvbuf_addf(&b, "\\u%04x", cp);
        else pvbuf_addf(&b, "\\U%08x", cp);
    }
    return pv_str_from_buf(&b);
}

static PvVal bi_format(int argc, PvVal *argv)
{
    if (!want_range("format", argc, 1, 2)) return PV_NULL;
    PvVal spec = argc == 2 ? argv[1] : pv_intern("");
    if (!PV_IS_STR(spec))
        return pv_raise(pv_exc_TypeError, "format() argument 2 must be str, not %s",
                        pv_type_name(spec));
    return pv_format(argv[0], spec);
}

static PvVal radix(const char *name, int argc, PvVal *argv, int base)
{
    if (!want_one(name, argc)) return PV_NULL;
    int64_t v;
    if (!index_arg(argv[0], &v)) return PV_NULL;
    char buf[PVFMT_RADIX_MAX];
    size_t n = pvfmt_int_radix(v, base, buf);
    return pv_str_new(buf, n);
}

static PvVal bi_bin(int argc, PvVal *argv) { return radix("bin", argc, argv, 2); }
static PvVal bi_oct(int argc, PvVal *argv) { return radix("oct", argc, argv, 8); }
static PvVal bi_hex(int argc, PvVal *argv) { return radix("hex", argc, argv, 16); }

/* ---- min, max, sum, any, all, sorted ---------------------------------------------- */

/* min/max: one iterable or several arguments; key= and default= (the latter only with
 * an iterable). The first of equal extremes wins: an item replaces the best so far
 * only when strictly smaller (min) / greater (max). */
static PvVal minmax(const char *name, int op, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"key", "default"};
    PvVal kw[2];
    if (argc == 0)
        return pv_raise(pv_exc_TypeError, "%s expected at least 1 argument, got 0", name);
    if (!known_kwargs(name, kwnames, 2, names) ||
        !pv_parse_args(name, 0, argv + argc, kwnames, 2, names, 0, kw)) return PV_NULL;
    PvVal key = kw[0] == pv_None ? PV_NULL : kw[0];
    PvVal dflt = kw[1];
    if (argc > 1 && dflt)
        return pv_raise(pv_exc_TypeError,
                        "Cannot specify a default for %s() with multiple positional arguments",
                        name);
    PvVal it = pv_iter(argc == 1 ? argv[0] : pv_tuple_from(argc, argv));
    if (!it) return PV_NULL;
    PvVal best = PV_NULL, bestk = PV_NULL, v;
    while ((v = pv_next(it))) {
        PvVal k = key ? pv_call1(key, v) : v;
        if (!k) return PV_NULL;
        if (!best) {
            best = v;
            bestk = k;
            continue;
        }
        int c = pv_compare_bool(k, bestk, op);
        if (c < 0) return PV_NULL;
        if (c) {
            best = v;
            bestk = k;
        }
    }
    if (pv_err_occurred()) return PV_NULL;
    if (best) return best;
    if (dflt) return dflt;
    return pv_raise(pv_exc_ValueError, "%s() arg is an empty sequence", name);
}

static PvVal bi_min(int argc, PvVal *argv, PvVal kwnames)
{
    return minmax("min", PV_LT, argc, argv, kwnames);
}

static PvVal bi_max(int argc, PvVal *argv, PvVal kwnames)
{
    return minmax("max", PV_GT, argc, argv, kwnames);
}

/* sum(iterable, /, start=0). Like CPython, runs in C while the total is an int that
 * fits (leaving the fast path on overflow, where the generic addition then raises
 * the 64-bit deviation's OverflowError) or a float (plain left-to-right addition,
 * as 3.11 does), and falls back to `+` for anything else. */
static PvVal bi_sum(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"start"};
    if (argc == 0)
        return pv_raise(pv_exc_TypeError, "sum() takes at least 1 positional argument (0 given)");
    if (argc > 2)
        return pv_raise(pv_exc_TypeError, "sum() takes at most 2 arguments (%d given)", argc);
    PvVal start;
    if (!known_kwargs("sum", kwnames, 1, names) ||
        !pv_parse_args("sum", argc - 1, argv + 1, kwnames, 1, names, 0, &start)) return PV_NULL;
    PvVal result = start ? start : PV_SMALL(0);
    if (PV_IS_STR(result))
        return pv_raise(pv_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    PvVal it = pv_iter(argv[0]);
    if (!it) return PV_NULL;
    PvVal item = PV_NULL;

    if (PV_IS_INT(result)) {
        int64_t acc = pv_int_value(result);
        while ((item = pv_next(it))) {
            int64_t r;
            if ((PV_IS_INT(item) || PV_IS_BOOL(item)) &&
                !__builtin_add_overflow(acc, pv_int_value(item), &r)) {
                acc = r;
                continue;
            }
            break;   /* `item` is still to be added */
        }
        if (!item && pv_err_occurred()) return PV_NULL;
        result = pv_int(acc);
        if (!item) return result;
        if (!(result = pv_binop(result, item, PV_OP_ADD))) return PV_NULL;
    }
    if (PV_IS_FLOAT(result)) {
        double acc = pv_float_value(result);
        while ((item = pv_next(it))) {
            if (PV_IS_FLOAT(item)) acc += pv_float_value(item);
            else if (PV_IS_INT(item) || PV_IS_BOOL(item)) acc += (double)pv_int_value(item);
            else break;
        }
        if (!item && pv_err_occurred()) return PV_NULL;
        result = pv_float(acc);
        if (!item) return result;
        if (!(result = pv_binop(result, item, PV_OP_ADD))) return PV_NULL;
    }
    while ((item = pv_next(it)))
        if (!(result = pv_binop(result, item, PV_OP_ADD))) return PV_NULL;
    if (pv_err_occurred()) return PV_NULL;
    return result;
}

/* any (want = 1) / all (want = 0): stops at the first item whose truth is `want`. */
static PvVal any_all(const char *name, int want, int argc, PvVal *argv)
{
    if (!want_one(name, argc)) return PV_NULL;
    PvVal it = pv_iter(argv[0]), v;
    if (!it) return PV_NULL;
    while ((v = pv_next(it))) {
        int t = pv_truthy(v);
        if (t < 0) return PV_NULL;
        if (t == want) return pv_bool(want);
    }
    if (pv_err_occurred()) return PV_NULL;
    return pv_bool(!want);
}

static PvVal bi_any(int argc, PvVal *argv) { return any_all("any", 1, argc, argv); }
static PvVal bi_all(int argc, PvVal *argv) { return any_all("all", 0, argc, argv); }

/* sorted(iterable, /, *, key=None, reverse=False): list.sort on a new list, which is
 * also why CPython names "sort" in its keyword errors. */
static PvVal bi_sorted(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"key", "reverse"};
    if (!want_range("sorted", argc, 1, 1)) return PV_NULL;
    PvVal kw[2];
    if (!known_kwargs("sort", kwnames, 2, names) ||
        !pv_parse_args("sort", 0, argv + argc, kwnames, 2, names, 0, kw)) return PV_NULL;
    int64_t reverse = 0;
    if (kw[1] && !index_arg(kw[1], &reverse)) return PV_NULL;
    PvVal list = pv_sequence_to_list(argv[0]);
    if (!list) return PV_NULL;
    if (pv_list_sort(list, kw[0], reverse != 0) < 0) return PV_NULL;
    return list;
}

/* ---- types and attributes ------------------------------------------------------- */

/* 1 / 0 / -1: is obj an instance of cls (a class or a nested tuple of classes)? */
static int isinstance_of(PvVal obj, PvVal cls)
{
    if (pv_isinstance(cls, &pv_type_type)) return pv_isinstance(obj, PV_TYPE(cls));
    if (PV_IS_TUPLE(cls)) {
        for (int64_t i = 0; i < pv_tuple_len(cls); i++) {
            int r = isinstance_of(obj, pv_tuple_get(cls, i));
            if (r) return r;
        }
        return 0;
    }
    pv_raise(pv_exc_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

static int issubclass_of(PvType *t, PvVal cls)
{
    if (pv_isinstance(cls, &pv_type_type)) return pv_is_subtype(t, PV_TYPE(cls));
    if (PV_IS_TUPLE(cls)) {
        for (int64_t i = 0; i < pv_tuple_len(cls); i++) {
            int r = issubclass_of(t, pv_tuple_get(cls, i));
            if (r) return r;
        }
        return 0;
    }
    pv_raise(pv_exc_TypeError,
             "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return -1;
}

static PvVal bi_isinstance(int argc, PvVal *argv)
{
    if (!want_range("isinstance", argc, 2, 2)) return PV_NULL;
    int r = isinstance_of(argv[0], argv[1]);
    return r < 0 ? PV_NULL : pv_bool(r);
}

static PvVal bi_issubclass(int argc, PvVal *argv)
{
    if (!want_range("issubclass", argc, 2, 2)) return PV_NULL;
    if (!pv_isinstance(argv[0], &pv_type_type))
        return pv_raise(pv_exc_TypeError, "issubclass() arg 1 must be a class");
    int r = issubclass_of(PV_TYPE(argv[0]), argv[1]);
    return r < 0 ? PV_NULL : pv_bool(r);
}

static PvVal bi_getattr(int argc, PvVal *argv)
{
    if (!want_range("getattr", argc, 2, 3)) return PV_NULL;
    PvVal name = attr_name(argv[1]);
    if (!name) return PV_NULL;
    PvVal r = pv_getattr(argv[0], name);
    if (!r && argc == 3 && pv_err_is(pv_exc_AttributeError)) {
        pv_err_clear();
        return argv[2];
    }
    return r;
}

static PvVal bi_setattr(int argc, PvVal *argv)
{
    if (!want_range("setattr", argc, 3, 3)) return PV_NULL;
    PvVal name = attr_name(argv[1]);
    if (!name || pv_setattr(argv[0], name, argv[2]) < 0) return PV_NULL;
    return pv_None;
}

static PvVal bi_delattr(int argc, PvVal *argv)
{
    if (!want_range("delattr", argc, 2, 2)) return PV_NULL;
    PvVal name = attr_name(argv[1]);
    if (!name || pv_setattr(argv[0], name, PV_NULL) < 0) return PV_NULL;
    return pv_None;
}

/* Only AttributeError means "no"; any other exception propagates, as in Python 3. */
static PvVal bi_hasattr(int argc, PvVal *argv)
{
    if (!want_range("hasattr", argc, 2, 2)) return PV_NULL;
    PvVal name = attr_name(argv[1]);
    if (!name) return PV_NULL;
    if (pv_getattr_opt(argv[0], name)) return pv_True;
    if (!pv_err_occurred()) return pv_False;
    if (!pv_err_is(pv_exc_AttributeError)) return PV_NULL;
    pv_err_clear();
    return pv_False;
}

static PvVal bi_globals(int argc, PvVal *argv)
{
    (void)argv;
    if (argc)
        return pv_raise(pv_exc_TypeError, "globals() takes no arguments (%d given)", argc);
    return pv_current_globals();
}

/* The local namespace of the innermost Python frame: its locals dict for module and
 * class bodies, else a new dict of the bound fast locals (a snapshot, as locals()). */
static PvVal current_locals(void)
{
    PvFrame *f = pv_thread()->frame;
    if (!f) return pv_current_globals();
    if (f->locals) return f->locals;
    PvVal d = pv_dict_new();
    PvCode *code = f->code;
    for (int32_t i = 0; i < code->nlocals; i++) {
        PvVal v = f->slots[i];
        if (v && pv_dict_set(d, pv_tuple_get(code->varnames, i), v) < 0) return PV_NULL;
    }
    return d;
}

static PvVal bi_vars(int argc, PvVal *argv)
{
    if (!want_range("vars", argc, 0, 1)) return PV_NULL;
    if (argc == 0) return current_locals();
    PvVal d = pv_getattr_opt(argv[0], pv_intern("__dict__"));
    if (d || pv_err_occurred()) return d;
    return pv_raise(pv_exc_TypeError, "vars() argument must have __dict__ attribute");
}

/* dir(obj): the sorted names of obj's __dict__ and of every class in its type's MRO
 * (and, for a class, in its own MRO). dir() lists the current local namespace. */
static bool dir_add_keys(PvVal set, PvVal d)
{
    if (!d || !PV_IS_DICT(d)) return true;
    int64_t pos = 0;
    PvVal k, v;
    while (pv_dict_next(d, &pos, &k, &v))
        if (pv_set_add(set, k) < 0) return false;
    return true;
}

static PvVal bi_dir(int argc, PvVal *argv)
{
    if (!want_range("dir", argc, 0, 1)) return PV_NULL;
    PvVal names = pv_set_new(&pv_type_set);
    if (argc == 0) {
        if (!dir_add_keys(names, current_locals())) return PV_NULL;
    } else {
        /* A class lists its own MRO's namespaces; an instance adds its __dict__ to
         * its class's (as CPython, without the metaclass's attributes). */
        PvVal obj = argv[0];
        PvType *t;
        if (pv_isinstance(obj, &pv_type_type)) {
            t = PV_TYPE(obj);
        } else {
            t = pv_type(obj);
            PvVal d = pv_getattr_opt(obj, pv_intern("__dict__"));
            if (!d && pv_err_occurred()) pv_err_clear();
            if (!dir_add_keys(names, d)) return PV_NULL;
        }
        for (int64_t i = 0; t->mro && i < pv_tuple_len(t->mro); i++)
            if (!dir_add_keys(names, PV_TYPE(pv_tuple_get(t->mro, i))->dict)) return PV_NULL;
    }
    PvVal list = pv_sequence_to_list(names);
    if (!list || pv_list_sort(list, PV_NULL, false) < 0) return PV_NULL;
    return list;
}

/* exit([code]) / quit([code]): raise SystemExit. */
static PvVal bi_exit(int argc, PvVal *argv)
{
    if (!want_range("exit", argc, 0, 1)) return PV_NULL;
    return pv_raise_value(pv_exc_new(pv_exc_SystemExit, pv_tuple_from(argc, argv)));
}

/* ---- numbers ---------------------------------------------------------------------- */

/* Calls the reflected special method pair for a binary builtin (divmod). */
static PvVal call_binary_special(PvVal a, PvVal b, const char *name, const char *rname)
{
    PvVal f = special(a, name);
    if (f) {
        PvVal args[2] = {a, b};
        PvVal r = pv_call(f, 2, args, PV_NULL);
        if (r != pv_NotImplemented) return r;
    }
    if (pv_type(b) != pv_type(a) && (f = special(b, rname))) {
        PvVal args[2] = {b, a};
        PvVal r = pv_call(f, 2, args, PV_NULL);
        if (r != pv_NotImplemented) return r;
    }
    return pv_NotImplemented;
}

static PvVal bi_divmod(int argc, PvVal *argv)
{
    if (!want_range("divmod", argc, 2, 2)) return PV_NULL;
    PvVal r = pv_num_divmod(argv[0], argv[1]);
    if (r != pv_NotImplemented) return r;
    r = call_binary_special(argv[0], argv[1], "__divmod__", "__rdivmod__");
    if (r != pv_NotImplemented) return r;
    return pv_raise(pv_exc_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'",
                    pv_type_name(argv[0]), pv_type_name(argv[1]));
}

/* Inverse of a modulo m (extended Euclid), false when gcd(a, m) != 1. a < m. */
static bool mod_inverse(uint64_t a, uint64_t m, uint64_t *out)
{
    __int128 t = 0, nt = 1, r = m, nr = a;
    while (nr) {
        __int128 q = r / nr, tmp;
        tmp = t - q * nt; t = nt; nt = tmp;
        tmp = r - q * nr; r = nr; nr = tmp;
    }
    if (r != 1) return false;
    if (t < 0) t += m;
    *out = (uint64_t)t;
    return true;
}

/* pow(b, e, m) on 64-bit ints. Products of two residues (< 2**64) are formed in 128
 * bits, so no modulus overflows; the result takes the sign of m, like b**e % m. */
static PvVal int_modpow(int64_t b, int64_t e, int64_t m)
{
    if (m == 0) return pv_raise(pv_exc_ValueError, "pow() 3rd argument cannot be 0");
    uint64_t um = m < 0 ? -(uint64_t)m : (uint64_t)m;
    __int128 sb = (__int128)b % (__int128)um;
    uint64_t base = (uint64_t)(sb < 0 ? sb + um : sb);
    uint64_t ue;
    if (e < 0) {
        if (!mod_inverse(base, um, &base))
            return pv_raise(pv_exc_ValueError, "base is not invertible for the given modulus");
        ue = -(uint64_t)e;
    } else {
        ue = (uint64_t)e;
    }
    unsigned __int128 r = 1 % um, x = base;
    while (ue) {
        if (ue & 1) r = r * x % um;
        x = x * x % um;
        ue >>= 1;
    }
    if (m < 0 && r != 0) return pv_int((int64_t)((__int128)r - (__int128)um));
    return pv_int((int64_t)r);
}

static PvVal bi_pow(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"base", "exp", "mod"};
    PvVal a[3];
    if (!known_kwargs("pow", kwnames, 3, names) ||
        !pv_parse_args("pow", argc, argv, kwnames, 3, names, 2, a)) return PV_NULL;
    PvVal b = a[0], e = a[1], m = a[2];
    if (!m || m == pv_None) return pv_binop(b, e, PV_OP_POW);
    bool bi = PV_IS_INT(b) || PV_IS_BOOL(b), ei = PV_IS_INT(e) || PV_IS_BOOL(e);
    bool mi = PV_IS_INT(m) || PV_IS_BOOL(m);
    if (bi && ei && mi) return int_modpow(pv_int_value(b), pv_int_value(e), pv_int_value(m));
    PvVal f = special(b, "__pow__");
    if (f && (pv_type(b)->flags & PV_TYPE_HEAP)) {
        PvVal args[3] = {b, e, m};
        PvVal r = pv_call(f, 3, args, PV_NULL);
        if (r != pv_NotImplemented) return r;
    }
    double d;
    if (pv_as_double(b, &d) && pv_as_double(e, &d) && pv_as_double(m, &d))
        return pv_raise(pv_exc_TypeError,
                        "pow() 3rd argument not allowed unless all arguments are integers");
    return pv_raise(pv_exc_TypeError,
                    "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                    pv_type_name(b), pv_type_name(e), pv_type_name(m));
}

/* round(x, n) for an int and n < 0: to a multiple of 10**-n, ties to even. The
 * quotient and product are computed in 128 bits; a result beyond 64 bits is the
 * VM's OverflowError. */
static PvVal int_round_neg(int64_t x, int64_t n)
{
    if (n < -19) return PV_SMALL(0);   /* 10**20 / 2 exceeds every int64 */
    __int128 p = 1;
    for (int64_t i = 0; i < -n; i++) p *= 10;
    __int128 q = x / p, r = x % p;
    if (r < 0) {
        r += p;
        q -= 1;
    }
    if (2 * r > p || (2 * r == p && (q & 1))) q += 1;
    __int128 res = q * p;
    if (res > INT64_MAX || res < INT64_MIN) return pv_overflow();
    return pv_int((int64_t)res);
}

static PvVal float_to_int(double d)
{
    if (isnan(d)) return pv_raise(pv_exc_ValueError, "cannot convert float NaN to integer");
    if (isinf(d)) return pv_raise(pv_exc_OverflowError, "cannot convert float infinity to integer");
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) return pv_overflow();
    return pv_int((int64_t)d);
}

static PvVal bi_round(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"number", "ndigits"};
    PvVal a[2];
    if (argc > 2)
        return pv_raise(pv_exc_TypeError, "round() takes at most 2 arguments (%d given)", argc);
    if (!known_kwargs("round", kwnames, 2, names) ||
        !pv_parse_args("round", argc, argv, kwnames, 2, names, 1, a)) return PV_NULL;
    PvVal x = a[0], nd = a[1] == pv_None ? PV_NULL : a[1];
    int64_t n = 0;
    if (PV_IS_INT(x) || PV_IS_BOOL(x)) {
        int64_t v = pv_int_value(x);
        if (!nd) return pv_int(v);
        if (!index_arg(nd, &n)) return PV_NULL;
        return n >= 0 ? pv_int(v) : int_round_neg(v, n);
    }
    if (PV_IS_FLOAT(x)) {
        double d = pv_float_value(x);
        if (!nd) return float_to_int(rint(d));   /* default rounding mode: ties to even */
        if (!index_arg(nd, &n)) return PV_NULL;
        bool overflow;
        double r = pvfmt_round_double(d, n, &overflow);
        if (overflow)
            return pv_raise(pv_exc_OverflowError, "rounded value too large to represent in a float");
        return pv_float(r);
    }
    PvVal f = special(x, "__round__");
    if (!f)
        return pv_raise(pv_exc_TypeError, "type %s doesn't define __round__ method",
                        pv_type_name(x));
    PvVal args[2] = {x, nd};
    return pv_call(f, nd ? 2 : 1, args, PV_NULL);
}

/* ---- iteration -------------------------------------------------------------------- */

static PvVal self_iter(PvVal self) { return self; }

/* iter(callable, sentinel): calls until the result equals the sentinel. */
typedef struct PvCallIter {
    PvBareObject ob;
    PvVal func;          /* PV_NULL once exhausted */
    PvVal sentinel;
} PvCallIter;

static void calliter_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvCallIter *c = (PvCallIter *)o;
    visit(c->func, ctx);
    visit(c->sentinel, ctx);
}

static PvVal calliter_next(PvVal self)
{
    PvCallIter *c = (PvCallIter *)self;
    PV_READ(pv_thread(), PV_OBJ(c));
    PvVal f = c->func;
    if (!f) return PV_NULL;
    PvVal r = pv_call0(f);
    int stop;
    if (!r) {
        if (!pv_err_is(pv_exc_StopIteration)) return PV_NULL;
        pv_err_clear();
        stop = 1;
    } else if ((stop = pv_eq(r, c->sentinel)) < 0) {
        return PV_NULL;
    }
    if (stop) {
        PV_WRITE(pv_thread(), PV_OBJ(c));
        c->func = PV_NULL;
        return PV_NULL;
    }
    return r;
}

static PvType pv_type_callable_iterator = {
    .name = "callable_iterator", .size = sizeof(PvCallIter), .trace = calliter_trace,
    .iter = self_iter, .iternext = calliter_next,
};

static PvVal bi_iter(int argc, PvVal *argv)
{
    if (!want_range("iter", argc, 1, 2)) return PV_NULL;
    if (argc == 1) return pv_iter(argv[0]);
    if (!is_callable(argv[0]))
        return pv_raise(pv_exc_TypeError, "iter(v, w): v must be callable");
    PvCallIter *c = PV_NEW(PvCallIter, &pv_type_callable_iterator);
    c->func = argv[0];
    c->sentinel = argv[1];
    return PV_VAL(c);
}

static PvVal bi_next(int argc, PvVal *argv)
{
    if (!want_range("next", argc, 1, 2)) return PV_NULL;
    PvVal it = argv[0];
    PvType *t = pv_type(it);
    if (!t->iternext && !pv_type_dunder(t, PV_DUNDER_next))
        return pv_raise(pv_exc_TypeError, "'%s' object is not an iterator", pv_type_name(it));
    /* Call the iterator directly: pv_next would swallow a StopIteration that carries
     * a generator's return value. */
    PvVal v;
    if (t->iternext && !(t->flags & PV_TYPE_HEAP)) v = t->iternext(it);
    else v = pv_next(it);
    if (v) return v;
    if (pv_err_occurred()) {
        if (argc == 2 && pv_err_is(pv_exc_StopIteration)) {
            pv_err_clear();
            return argv[1];
        }
        return PV_NULL;
    }
    return argc == 2 ? argv[1] : raise_stop_iteration();
}

/* enumerate(iterable, start=0) */
typedef struct PvEnumerate {
    PvBareObject ob;
    PvVal it;
    int64_t count;
} PvEnumerate;

static void enumerate_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvEnumerate *)o)->it, ctx);
}

static PvVal enumerate_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"iterable", "start"};
    (void)type;
    PvVal a[2];
    if (argc + nkwargs(kwnames) == 0)
        return pv_raise(pv_exc_TypeError, "enumerate() missing required argument 'iterable'");
    if (!known_kwargs("enumerate", kwnames, 2, names) ||
        !pv_parse_args("enumerate", argc, argv, kwnames, 2, names, 1, a)) return PV_NULL;
    int64_t start = 0;
    if (a[1] && !index_arg(a[1], &start)) return PV_NULL;
    PvVal it = pv_iter(a[0]);
    if (!it) return PV_NULL;
    PvEnumerate *e = PV_NEW(PvEnumerate, &pv_type_enumerate);
    e->it = it;
    e->count = start;
    return PV_VAL(e);
}

static PvVal enumerate_next(PvVal self)
{
    PvEnumerate *e = (PvEnumerate *)self;
    PvVal v = pv_next(e->it);
    if (!v) return PV_NULL;
    PV_WRITE(pv_thread(), PV_OBJ(e));
    int64_t i = e->count;
    if (i == INT64_MAX) return pv_overflow();
    e->count = i + 1;
    return pv_tuple_pack(2, pv_int(i), v);
}

PvType pv_type_enumerate = {
    .name = "enumerate", .size = sizeof(PvEnumerate), .trace = enumerate_trace,
    .iter = self_iter, .iternext = enumerate_next, .new_ = enumerate_new,
};

/* zip(*iterables, strict=False) */
typedef struct PvZip {
    PvBareObject ob;
    PvVal iters;         /* tuple of iterators */
    bool strict;
    bool done;           /* once one iterator ran out, never call the others again */
} PvZip;

static void zip_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvZip *)o)->iters, ctx);
}

static PvVal zip_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"strict"};
    (void)type;
    PvVal strict;
    if (!known_kwargs("zip", kwnames, 1, names) ||
        !pv_parse_args("zip", 0, argv + argc, kwnames, 1, names, 0, &strict)) return PV_NULL;
    int s = 0;
    if (strict && (s = pv_truthy(strict)) < 0) return PV_NULL;
    PvVal iters = pv_tuple_new(argc);
    for (int i = 0; i < argc; i++) {
        PvVal it = pv_iter(argv[i]);
        if (!it) return PV_NULL;
        PV_TUPLE(iters)->items[i] = it;
    }
    PvZip *z = PV_NEW(PvZip, &pv_type_zip);
    z->iters = iters;
    z->strict = s;
    return PV_VAL(z);
}

static PvVal zip_stop(PvZip *z)
{
    PV_WRITE(pv_thread(), PV_OBJ(z));
    z->done = true;
    return PV_NULL;
}

/* strict=True: iterator `i` (0-based) ran out; CPython's ValueError if the lengths
 * differ. */
static PvVal zip_check_strict(PvZip *z, int64_t i)
{
    int64_t n = pv_tuple_len(z->iters);
    if (i > 0) {
        zip_stop(z);
        if (i == 1) return pv_raise(pv_exc_ValueError, "zip() argument 2 is shorter than argument 1");
        return pv_raise(pv_exc_ValueError, "zip() argument %lld is shorter than arguments 1-%lld",
                        (long long)(i + 1), (long long)i);
    }
    for (int64_t j = 1; j < n; j++) {
        PvVal v = pv_next(pv_tuple_get(z->iters, j));
        if (v) {
            zip_stop(z);
            if (j == 1) return pv_raise(pv_exc_ValueError, "zip() argument 2 is longer than argument 1");
            return pv_raise(pv_exc_ValueError, "zip() argument %lld is longer than arguments 1-%lld",
                            (long long)(j + 1), (long long)j);
        }
        if (pv_err_occurred()) return PV_NULL;
    }
    return zip_stop(z);
}

static PvVal zip_next(PvVal self)
{
    PvZip *z = (PvZip *)self;
    PV_READ(pv_thread(), PV_OBJ(z));
    int64_t n = pv_tuple_len(z->iters);
    if (z->done || n == 0) return PV_NULL;
    PvVal result = pv_tuple_new(n);
    for (int64_t i = 0; i < n; i++) {
        PvVal v = pv_next(pv_tuple_get(z->iters, i));
        if (!v) {
            if (pv_err_occurred()) return PV_NULL;
            if (z->strict) return zip_check_strict(z, i);
            return zip_stop(z);
        }
        PV_TUPLE(result)->items[i] = v;
    }
    return result;
}

PvType pv_type_zip = {
    .name = "zip", .size = sizeof(PvZip), .trace = zip_trace,
    .iter = self_iter, .iternext = zip_next, .new_ = zip_new,
};

/* map(func, *iterables): stops with the shortest iterable. */
typedef struct PvMap {
    PvBareObject ob;
    PvVal func;
    PvVal iters;         /* tuple of iterators, at least one */
} PvMap;

static void map_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvMap *)o)->func, ctx);
    visit(((PvMap *)o)->iters, ctx);
}

static PvVal map_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (!no_kwargs("map", kwnames)) return PV_NULL;
    if (argc < 2) return pv_raise(pv_exc_TypeError, "map() must have at least two arguments.");
    PvVal iters = pv_tuple_new(argc - 1);
    for (int i = 1; i < argc; i++) {
        PvVal it = pv_iter(argv[i]);
        if (!it) return PV_NULL;
        PV_TUPLE(iters)->items[i - 1] = it;
    }
    PvMap *m = PV_NEW(PvMap, &pv_type_map);
    m->func = argv[0];
    m->iters = iters;
    return PV_VAL(m);
}

static PvVal map_next(PvVal self)
{
    PvMap *m = (PvMap *)self;
    int64_t n = pv_tuple_len(m->iters);
    /* Up to 8 arguments live in a C array: the collector scans C stacks, so they stay
     * reachable while the function runs. */
    PvVal small[8], *args = small, holder = PV_NULL;
    if (n > 8) {
        holder = pv_tuple_new(n);
        args = PV_TUPLE(holder)->items;
    }
    for (int64_t i = 0; i < n; i++) {
        PvVal v = pv_next(pv_tuple_get(m->iters, i));
        if (!v) return PV_NULL;
        args[i] = v;
    }
    PvVal r = pv_call(m->func, (int)n, args, PV_NULL);
    (void)holder;
    return r;
}

PvType pv_type_map = {
    .name = "map", .size = sizeof(PvMap), .trace = map_trace,
    .iter = self_iter, .iternext = map_next, .new_ = map_new,
};

/* filter(function or None, iterable) */
typedef struct PvFilter {
    PvBareObject ob;
    PvVal func;          /* None: keep truthy items */
    PvVal it;
} PvFilter;

static void filter_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvFilter *)o)->func, ctx);
    visit(((PvFilter *)o)->it, ctx);
}

static PvVal filter_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (!no_kwargs("filter", kwnames) || !want_range("filter", argc, 2, 2)) return PV_NULL;
    PvVal it = pv_iter(argv[1]);
    if (!it) return PV_NULL;
    PvFilter *f = PV_NEW(PvFilter, &pv_type_filter);
    f->func = argv[0];
    f->it = it;
    return PV_VAL(f);
}

static PvVal filter_next(PvVal self)
{
    PvFilter *f = (PvFilter *)self;
    /* filter(bool, xs) is filter(None, xs), as in CPython. */
    bool plain = f->func == pv_None || f->func == PV_VAL(&pv_type_bool);
    PvVal v;
    while ((v = pv_next(f->it))) {
        PvVal test = v;
        if (!plain && !(test = pv_call1(f->func, v))) return PV_NULL;
        int t = pv_truthy(test);
        if (t < 0) return PV_NULL;
        if (t) return v;
    }
    return PV_NULL;
}

PvType pv_type_filter = {
    .name = "filter", .size = sizeof(PvFilter), .trace = filter_trace,
    .iter = self_iter, .iternext = filter_next, .new_ = filter_new,
};

/* reversed(seq): walks a sequence from its end by index. Lists are re-read at every
 * step (an item removed meanwhile ends the iteration, as in CPython); str and dict
 * are snapshotted into a tuple first. */
enum { REV_LIST, REV_TUPLE, REV_RANGE, REV_SEQ };

typedef struct PvReversed {
    PvBareObject ob;
    PvVal seq;           /* PV_NULL once exhausted */
    int64_t index;       /* next index to yield; < 0 means exhausted */
    int kind;            /* REV_* */
} PvReversed;

static void reversed_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvReversed *)o)->seq, ctx);
}

static PvVal reversed_make(PvVal seq, int64_t len, int kind)
{
    PvReversed *r = PV_NEW(PvReversed, &pv_type_reversed);
    r->seq = seq;
    r->index = len - 1;
    r->kind = kind;
    return PV_VAL(r);
}

static PvVal dict_keys_tuple(PvVal d)
{
    PvVal l = pv_list_with_capacity(pv_dict_len(d));
    int64_t pos = 0;
    PvVal k, v;
    while (pv_dict_next(d, &pos, &k, &v))
        if (pv_list_append(l, k) < 0) return PV_NULL;
    return pv_sequence_to_tuple(l);
}

static PvVal reversed_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (!no_kwargs("reversed", kwnames) || !want_range("reversed", argc, 1, 1)) return PV_NULL;
    PvVal seq = argv[0];
    PvType *t = pv_type(seq);
    if (t == &pv_type_list) return reversed_make(seq, pv_list_len(seq), REV_LIST);
    if (t == &pv_type_tuple) return reversed_make(seq, pv_tuple_len(seq), REV_TUPLE);
    if (t == &pv_type_range) return reversed_make(seq, ((PvRange *)seq)->len, REV_RANGE);
    if (t == &pv_type_str || t == &pv_type_dict) {
        PvVal tup = t == &pv_type_str ? pv_sequence_to_tuple(seq) : dict_keys_tuple(seq);
        if (!tup) return PV_NULL;
        return reversed_make(tup, pv_tuple_len(tup), REV_TUPLE);
    }
    PvVal f = special(seq, "__reversed__");
    if (f && f != pv_None) return pv_call(f, 1, &seq, PV_NULL);
    /* Subclasses of builtin sequences keep their base's slots through `solid`. */
    bool has_len = t->len || t->solid->len || pv_type_dunder(t, PV_DUNDER_len);
    bool has_item = t->getitem || t->solid->getitem || pv_type_dunder(t, PV_DUNDER_getitem);
    if (!f && has_len && has_item && !pv_isinstance(seq, &pv_type_dict)) {
        int64_t n = pv_len(seq);
        if (n < 0) return PV_NULL;
        return reversed_make(seq, n, REV_SEQ);
    }
    return pv_raise(pv_exc_TypeError, "'%s' object is not reversible", t->name);
}

static PvVal reversed_next(PvVal self)
{
    PvReversed *r = (PvReversed *)self;
    PV_READ(pv_thread(), PV_OBJ(r));
    int64_t i = r->index;
    PvVal seq = r->seq, v = PV_NULL;
    if (!seq || i < 0) return PV_NULL;
    switch (r->kind) {
    case REV_LIST:
        if (i < pv_list_len(seq)) v = pv_list_get(seq, i);
        if (!v) pv_err_clear();   /* shrunk by another thread in between: done */
        break;
    case REV_TUPLE:
        v = pv_tuple_get(seq, i);
        break;
    case REV_RANGE: {
        PvRange *rg = (PvRange *)seq;
        v = pv_int(rg->start + i * rg->step);
        break;
    }
    case REV_SEQ:
        v = pv_getitem(seq, pv_int(i));
        if (!v) {
            if (!pv_err_is(pv_exc_IndexError) && !pv_err_is(pv_exc_StopIteration)) return PV_NULL;
            pv_err_clear();
        }
        break;
    }
    PV_WRITE(pv_thread(), PV_OBJ(r));
    if (!v) {
        r->seq = PV_NULL;
        r->index = -1;
        return PV_NULL;
    }
    r->index = i - 1;
    return v;
}

PvType pv_type_reversed = {
    .name = "reversed", .size = sizeof(PvReversed), .trace = reversed_trace,
    .iter = self_iter, .iternext = reversed_next, .new_ = reversed_new,
};

/* ---- the builtins dict ------------------------------------------------------------ */

typedef struct BuiltinDef {
    const char *name;
    PvCFunc fn;          /* positional only: arity checked by the function */
    PvCFuncKw fnkw;      /* takes keywords */
} BuiltinDef;

static const BuiltinDef builtin_defs[] = {
    {"print", NULL, bi_print},       {"len", bi_len, NULL},
    {"abs", bi_abs, NULL},           {"min", NULL, bi_min},
    {"max", NULL, bi_max},           {"sum", NULL, bi_sum},
    {"any", bi_any, NULL},           {"all", bi_all, NULL},
    {"isinstance", bi_isinstance, NULL}, {"issubclass", bi_issubclass, NULL},
    {"sorted", NULL, bi_sorted},     {"iter", bi_iter, NULL},
    {"next", bi_next, NULL},         {"hash", bi_hash, NULL},
    {"id", bi_id, NULL},             {"callable", bi_callable, NULL},
    {"ord", bi_ord, NULL},           {"chr", bi_chr, NULL},
    {"repr", bi_repr, NULL},         {"ascii", bi_ascii, NULL},
    {"format", bi_format, NULL},     {"bin", bi_bin, NULL},
    {"oct", bi_oct, NULL},           {"hex", bi_hex, NULL},
    {"divmod", bi_divmod, NULL},     {"pow", NULL, bi_pow},
    {"round", NULL, bi_round},       {"getattr", bi_getattr, NULL},
    {"setattr", bi_setattr, NULL},   {"hasattr", bi_hasattr, NULL},
    {"delattr", bi_delattr, NULL},   {"globals", bi_globals, NULL},
    {"vars", bi_vars, NULL},         {"dir", bi_dir, NULL},
    {"exit", bi_exit, NULL},         {"quit", bi_exit, NULL},
};

void pv_builtins_init(void)
{
    PvVal b = pv_builtins;

    pv_type_ready(&pv_type_enumerate);
    pv_type_ready(&pv_type_zip);
    pv_type_ready(&pv_type_map);
    pv_type_ready(&pv_type_filter);
    pv_type_ready(&pv_type_reversed);
    pv_type_ready(&pv_type_callable_iterator);

#define PV_ADD_TYPE(n) pv_dict_setc(b, #n, PV_VAL(&pv_type_##n));
    PV_ADD_TYPE(object) PV_ADD_TYPE(type) PV_ADD_TYPE(int) PV_ADD_TYPE(bool)
    PV_ADD_TYPE(float) PV_ADD_TYPE(str) PV_ADD_TYPE(tuple) PV_ADD_TYPE(list)
    PV_ADD_TYPE(dict) PV_ADD_TYPE(set) PV_ADD_TYPE(frozenset) PV_ADD_TYPE(range)
    PV_ADD_TYPE(slice) PV_ADD_TYPE(staticmethod) PV_ADD_TYPE(classmethod)
    PV_ADD_TYPE(property) PV_ADD_TYPE(super) PV_ADD_TYPE(enumerate) PV_ADD_TYPE(zip)
    PV_ADD_TYPE(map) PV_ADD_TYPE(filter) PV_ADD_TYPE(reversed)
#undef PV_ADD_TYPE

#define PV_ADD_EXC(n, base) pv_dict_setc(b, #n, PV_VAL(pv_exc_##n));
    PV_EXCEPTIONS(PV_ADD_EXC)
#undef PV_ADD_EXC
    pv_dict_setc(b, "BaseException", PV_VAL(pv_exc_BaseException));
    pv_dict_setc(b, "EnvironmentError", PV_VAL(pv_exc_OSError));
    pv_dict_setc(b, "IOError", PV_VAL(pv_exc_OSError));

    pv_dict_setc(b, "NotImplemented", pv_NotImplemented);
    pv_dict_setc(b, "Ellipsis", pv_Ellipsis);
    pv_dict_setc(b, "__name__", pv_intern("builtins"));

    for (size_t i = 0; i < PV_ARRAY_LEN(builtin_defs); i++) {
        const BuiltinDef *d = &builtin_defs[i];
        PvVal f = d->fn ? pv_builtin_new(d->name, d->fn, 0, -1) : pv_builtin_kw(d->name, d->fnkw);
        pv_dict_setc(b, d->name, f);
    }
}
