/* iter.c — the iterator shared by list, tuple, range and dict/set, plus range and slice.
 *
 * One iterator type walks every builtin container by index (its `kind` says which);
 * dict iterators check the dict's size to raise "dictionary changed size during
 * iteration" as Python does. Iterating an object with only __getitem__ uses kind
 * PV_ITER_GETITEM and stops at IndexError. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"

/* ---- sequence iterator ---------------------------------------------------------- */

static void seqiter_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvSeqIter *)o)->seq, ctx);
}

/* The iterator is fresh: its stores here and in range_iter need no barrier. */
PvVal pv_seqiter_new(PvVal seq, int kind)
{
    PvSeqIter *it = PV_NEW(PvSeqIter, &pv_type_seqiter);
    it->seq = seq;
    it->kind = kind;
    if (kind >= PV_ITER_DICT_KEYS && kind <= PV_ITER_DICT_ITEMS)
        it->version = (uint64_t)pv_dict_len(seq);
    return PV_VAL(it);
}

/* An iterator outlives transactions (a for loop's iterator lives across every
 * iteration) and may be shared, so each step announces the write of its position: a
 * rolled-back step must not skip an item. */
static PvVal seqiter_next(PvVal self)
{
    PvThread *t = pv_thread();
    PvSeqIter *it = (PvSeqIter *)self;
    PV_READ(t, PV_OBJ(it));
    PvVal seq = it->seq;
    if (!seq) return PV_NULL;
    PV_WRITE(t, PV_OBJ(it));
    switch (it->kind) {
    case PV_ITER_LIST: {
        PvList *l = PV_LIST(seq);
        PV_READ(t, PV_OBJ(l));
        int64_t n = atomic_load_explicit((_Atomic int64_t *)&l->len, memory_order_acquire);
        PvArray *a = atomic_load_explicit((_Atomic(PvArray *) *)&l->arr, memory_order_acquire);
        if (it->index < n && it->index < a->cap) {
            PvVal v = a->items[it->index++];
            return v ? v : pv_None;
        }
        break;
    }
    case PV_ITER_TUPLE:
        if (it->index < PV_TUPLE(seq)->len) return PV_TUPLE(seq)->items[it->index++];
        break;
    case PV_ITER_RANGE:
        if (it->index < it->end) {
            int64_t v = it->start + it->index * it->step;
            it->index++;
            return pv_int(v);
        }
        break;
    case PV_ITER_DICT_KEYS:
    case PV_ITER_DICT_VALUES:
    case PV_ITER_DICT_ITEMS: {
        if ((uint64_t)pv_dict_len(seq) != it->version) {
            it->seq = PV_NULL;
            return pv_raise(pv_exc_RuntimeError, "%s changed size during iteration",
                            PV_IS_DICT(seq) ? "dictionary" : "Set");
        }
        PvVal k, v;
        if (pv_dict_next(seq, &it->index, &k, &v)) {
            if (it->kind == PV_ITER_DICT_KEYS) return k;
            if (it->kind == PV_ITER_DICT_VALUES) return v;
            return pv_tuple_pack(2, k, v);
        }
        break;
    }
    case PV_ITER_GETITEM: {
        PvVal v = pv_getitem(seq, pv_int(it->index));
        /* Again: __getitem__ may have run Python code, whose bytecode boundaries end
         * the checking build's grants. */
        PV_WRITE(t, PV_OBJ(it));
        if (v) { it->index++; return v; }
        if (pv_err_is(pv_exc_IndexError) || pv_err_is(pv_exc_StopIteration)) pv_err_clear();
        break;
    }
    }
    PVCHECK_WRITABLE(t, PV_OBJ(it), "seqiter_next");
    it->seq = PV_NULL;
    return PV_NULL;
}

static PvVal self_iter(PvVal self) { return self; }

/* __length_hint__ is not needed; len() of an iterator is a TypeError as in Python. */
PvType pv_type_seqiter = {
    .name = "iterator", .size = sizeof(PvSeqIter), .trace = seqiter_trace,
    .iter = self_iter, .iternext = seqiter_next,
};

/* ---- range ----------------------------------------------------------------------- */

int64_t pv_range_len(int64_t start, int64_t stop, int64_t step)
{
    if (step > 0 && start < stop)
        return (int64_t)(((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1);
    if (step < 0 && start > stop)
        return (int64_t)(((uint64_t)start - (uint64_t)stop - 1) / (uint64_t)(-step) + 1);
    return 0;
}

PvVal pv_range_new(int64_t start, int64_t stop, int64_t step)
{
    PvRange *r = PV_NEW(PvRange, &pv_type_range);
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = pv_range_len(start, stop, step);
    return PV_VAL(r);
}

static PvVal range_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (kwnames && pv_tuple_len(kwnames))
        return pv_raise(pv_exc_TypeError, "range() takes no keyword arguments");
    int64_t a[3] = {0, 0, 1};
    if (argc < 1 || argc > 3) {
        if (argc == 0) return pv_raise(pv_exc_TypeError, "range expected at least 1 argument, got 0");
        return pv_raise(pv_exc_TypeError, "range expected at most 3 arguments, got %d", argc);
    }
    for (int i = 0; i < argc; i++) {
        if (!PV_IS_INT(argv[i]) && !PV_IS_BOOL(argv[i]) &&
            !pv_type_dunder(pv_type(argv[i]), PV_DUNDER_index))
            return pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                            pv_type_name(argv[i]));
        int64_t v;
        if (!pv_as_int64(argv[i], &v, NULL)) return PV_NULL;
        if (argc == 1) a[1] = v; else a[i] = v;
    }
    if (a[2] == 0) return pv_raise(pv_exc_ValueError, "range() arg 3 must not be zero");
    return pv_range_new(a[0], a[1], a[2]);
}

static PvVal range_repr(PvVal self)
{
    PvRange *r = (PvRange *)self;
    if (r->step == 1) return pv_str_fmt("range(%ld, %ld)", (long)r->start, (long)r->stop);
    return pv_str_fmt("range(%ld, %ld, %ld)", (long)r->start, (long)r->stop, (long)r->step);
}

static int64_t range_len(PvVal self) { return ((PvRange *)self)->len; }

static PvVal range_iter(PvVal self)
{
    PvRange *r = (PvRange *)self;
    PvSeqIter *it = (PvSeqIter *)pv_seqiter_new(self, PV_ITER_RANGE);
    it->start = r->start;
    it->step = r->step;
    it->end = r->len;
    return PV_VAL(it);
}

static PvVal range_getitem(PvVal self, PvVal key)
{
    PvRange *r = (PvRange *)self;
    if (PV_HAS_TYPE(key, pv_type_slice)) {
        int64_t start, stop, step, count;
        if (!pv_slice_indices(key, r->len, &start, &stop, &step, &count)) return PV_NULL;
        int64_t s = r->start + start * r->step;
        int64_t st = r->step * step;
        return pv_range_new(s, s + count * st, st);
    }
    int64_t i;
    if (!pv_as_int64(key, &i, "range indices")) return PV_NULL;
    if (i < 0) i += r->len;
    if (i < 0 || i >= r->len) return pv_raise(pv_exc_IndexError, "range object index out of range");
    return pv_int(r->start + i * r->step);
}

static int range_contains(PvVal self, PvVal v)
{
    PvRange *r = (PvRange *)self;
    if (!PV_IS_INT(v) && !PV_IS_BOOL(v)) {
        PvVal it = range_iter(self), x;
        while ((x = pv_next(it))) {
            int e = pv_eq(x, v);
            if (e) return e;
        }
        return 0;
    }
    int64_t x = pv_int_value(v);
    if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop)) return 0;
    return (x - r->start) % r->step == 0;
}

static PvVal range_richcompare(PvVal a, PvVal b, int op)
{
    if ((op != PV_EQ && op != PV_NE) || !PV_HAS_TYPE(b, pv_type_range)) return pv_NotImplemented;
    PvRange *x = (PvRange *)a, *y = (PvRange *)b;
    bool eq = x->len == y->len && (x->len == 0 || (x->start == y->start &&
                                                   (x->len == 1 || x->step == y->step)));
    return pv_bool(op == PV_EQ ? eq : !eq);
}

static PvVal range_attr(PvVal self, PvVal name)
{
    PvRange *r = (PvRange *)self;
    const char *n = pv_str_data(name);
    if (!strcmp(n, "start")) return pv_int(r->start);
    if (!strcmp(n, "stop")) return pv_int(r->stop);
    if (!strcmp(n, "step")) return pv_int(r->step);
    return PV_NULL;
}

PvType pv_type_range = {
    .name = "range", .size = sizeof(PvRange), .flags = PV_TYPE_IMMUTABLE,
    .repr = range_repr, .len = range_len, .iter = range_iter, .getitem = range_getitem,
    .contains = range_contains, .richcompare = range_richcompare, .new_ = range_new,
    .getattr = range_attr,
};

/* ---- slice ------------------------------------------------------------------------ */

static void slice_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvSlice *s = (PvSlice *)o;
    visit(s->start, ctx);
    visit(s->stop, ctx);
    visit(s->step, ctx);
}

PvVal pv_slice_new(PvVal start, PvVal stop, PvVal step)
{
    PvSlice *s = PV_NEW(PvSlice, &pv_type_slice);
    s->start = start;
    s->stop = stop;
    s->step = step;
    return PV_VAL(s);
}

static bool slice_int(PvVal v, int64_t *out)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) { *out = pv_int_value(v); return true; }
    if (pv_type_dunder(pv_type(v), PV_DUNDER_index)) return pv_as_int64(v, out, NULL);
    pv_raise(pv_exc_TypeError,
             "slice indices must be integers or None or have an __index__ method");
    return false;
}

bool pv_slice_indices(PvVal slice, int64_t len, int64_t *start, int64_t *stop,
                      int64_t *step, int64_t *count)
{
    PvSlice *s = (PvSlice *)slice;
    int64_t st = 1;
    if (s->step != pv_None && !slice_int(s->step, &st)) return false;
    if (st == 0) {
        pv_raise(pv_exc_ValueError, "slice step cannot be zero");
        return false;
    }
    int64_t lo, hi;
    bool neg = st < 0;
    if (s->start == pv_None) lo = neg ? len - 1 : 0;
    else {
        if (!slice_int(s->start, &lo)) return false;
        if (lo < 0) { lo += len; if (lo < 0) lo = neg ? -1 : 0; }
        else if (lo >= len) lo = neg ? len - 1 : len;
    }
    if (s->stop == pv_None) hi = neg ? -1 : len;
    else {
        if (!slice_int(s->stop, &hi)) return false;
        if (hi < 0) { hi += len; if (hi < 0) hi = neg ? -1 : 0; }
        else if (hi >= len) hi = neg ? len - 1 : len;
    }
    *start = lo;
    *stop = hi;
    *step = st;
    *count = pv_range_len(lo, hi, st);
    return true;
}

static PvVal slice_repr(PvVal self)
{
    PvSlice *s = (PvSlice *)self;
    PvVal a = pv_repr(s->start), b = pv_repr(s->stop), c = pv_repr(s->step);
    if (!a || !b || !c) return PV_NULL;
    return pv_str_fmt("slice(%s, %s, %s)", pv_str_data(a), pv_str_data(b), pv_str_data(c));
}

static PvVal slice_new_(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type; (void)kwnames;
    if (argc == 1) return pv_slice_new(pv_None, argv[0], pv_None);
    if (argc == 2) return pv_slice_new(argv[0], argv[1], pv_None);
    if (argc == 3) return pv_slice_new(argv[0], argv[1], argv[2]);
    return pv_raise(pv_exc_TypeError, "slice expected 1 to 3 arguments, got %d", argc);
}

static PvVal slice_attr(PvVal self, PvVal name)
{
    PvSlice *s = (PvSlice *)self;
    const char *n = pv_str_data(name);
    if (!strcmp(n, "start")) return s->start;
    if (!strcmp(n, "stop")) return s->stop;
    if (!strcmp(n, "step")) return s->step;
    return PV_NULL;
}

PvType pv_type_slice = {
    .name = "slice", .size = sizeof(PvSlice), .flags = PV_TYPE_IMMUTABLE,
    .trace = slice_trace, .repr = slice_repr, .new_ = slice_new_, .getattr = slice_attr,
};

static PvVal range_index(int argc, PvVal *argv)
{
    (void)argc;
    PvRange *r = (PvRange *)argv[0];
    if (PV_IS_INT(argv[1]) || PV_IS_BOOL(argv[1])) {
        if (range_contains(argv[0], argv[1]))
            return pv_int((pv_int_value(argv[1]) - r->start) / r->step);
    } else {
        for (int64_t i = 0; i < r->len; i++) {
            int e = pv_eq(pv_int(r->start + i * r->step), argv[1]);
            if (e < 0) return PV_NULL;
            if (e) return pv_int(i);
        }
    }
    PvVal rep = pv_repr(argv[1]);
    if (!rep) return PV_NULL;
    return pv_raise(pv_exc_ValueError, "%s is not in range", pv_str_data(rep));
}

static PvVal range_count(int argc, PvVal *argv)
{
    (void)argc;
    if (PV_IS_INT(argv[1]) || PV_IS_BOOL(argv[1])) return pv_int(range_contains(argv[0], argv[1]));
    PvRange *r = (PvRange *)argv[0];
    int64_t c = 0;
    for (int64_t i = 0; i < r->len; i++) {
        int e = pv_eq(pv_int(r->start + i * r->step), argv[1]);
        if (e < 0) return PV_NULL;
        c += e;
    }
    return pv_int(c);
}

void pv_iter_init(void)
{
    pv_type_ready(&pv_type_seqiter);
    pv_type_ready(&pv_type_range);
    pv_type_add_method(&pv_type_range, "index", range_index, 2, 2);
    pv_type_add_method(&pv_type_range, "count", range_count, 2, 2);
    pv_type_ready(&pv_type_slice);
}
