/* list.c — list and tuple: construction, indexing, slicing, comparison, repr, and the
 * methods of both.
 *
 * A list's items live in a PvArray that carries its own capacity; growing the list
 * allocates a new array, copies, and publishes it with one pointer store, so a reader
 * racing with the resize (no-GIL build) indexes a valid, maybe stale, array. Readers
 * bound an index by both len and the array's cap. Mutations run inside the list's
 * critical section; sort works on a private copy and writes the result back. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "pvhash.h"

PvVal pv_empty_tuple;

/* ---- arrays ---------------------------------------------------------------------- */

static PvArray *array_new(int64_t cap)
{
    if (cap < 0 || cap > ((int64_t)1 << 40)) {
        pv_raise(pv_exc_MemoryError, "list too large");
        return NULL;
    }
    PvArray *a = pvgc_alloc(pv_thread(), &pv_type_array, sizeof(PvArray) + (size_t)cap * sizeof(PvVal));
    a->cap = cap;
    return a;
}

static void array_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvArray *a = (PvArray *)o;
    for (int64_t i = 0; i < a->cap; i++) visit(a->items[i], ctx);
}

PvType pv_type_array = {.name = "array", .trace = array_trace};

/* ---- lists ------------------------------------------------------------------------ */

static void list_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(PV_VAL(((PvList *)o)->arr), ctx);
}

static PvArray *list_arr(PvList *l)
{
    return atomic_load_explicit((_Atomic(PvArray *) *)&l->arr, memory_order_acquire);
}

static int64_t list_len_raw(PvList *l)
{
    return atomic_load_explicit((_Atomic int64_t *)&l->len, memory_order_acquire);
}

/* memmove of n values, word by word where readers race in-place writers
 * (PVSYNC_RACING_READERS): each word a racing reader loads is a whole value, old or
 * new. The atomics are relaxed: they only keep the compiler from copying in pieces. */
static void move_items(PvVal *dst, const PvVal *src, int64_t n)
{
#if PVSYNC_RACING_READERS
    if (dst < src || dst >= src + n)
        for (int64_t i = 0; i < n; i++)
            __atomic_store_n(&dst[i], __atomic_load_n(&src[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
    else
        for (int64_t i = n; i-- > 0;)
            __atomic_store_n(&dst[i], __atomic_load_n(&src[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
#else
    memmove(dst, src, (size_t)n * sizeof(PvVal));
#endif
}

/* Copies n values of a shared list, src[0], src[step], ..., into dst, which nobody
 * else sees yet. Where readers race writers, the loads are whole words; a speculative
 * reader (a transaction that may be doomed, PVSYNC_RESTARTABLE) may also meet a slot
 * just emptied (NULL) by an owner writing the list in place: it reads as None, so the
 * copy is safe to use until the reader's validation fails. One pass either way; the
 * other builds copy as before (memcpy, or a plain loop for a step). */
static void copy_shared_items(PvVal *dst, const PvVal *src, int64_t step, int64_t n)
{
#if PVSYNC_RACING_READERS
    for (int64_t i = 0; i < n; i++) {
        PvVal v = __atomic_load_n(&src[i * step], __ATOMIC_RELAXED);
        dst[i] = (PVSYNC_RESTARTABLE && !v) ? pv_None : v;
    }
#else
    if (step == 1) memcpy(dst, src, (size_t)n * sizeof(PvVal));
    else for (int64_t i = 0; i < n; i++) dst[i] = src[i * step];
#endif
}

/* Whether a copy of n items may read array a: always where the length and the array
 * pointer are read in one consistent state; where readers race writers (a doomed
 * transaction can see the length of one state and the array of another, since an
 * owner's abort restores the array pointer before the length), only within a's own
 * capacity. */
#define FITS(a, n) (!PVSYNC_RACING_READERS || (n) <= (a)->cap)

PvVal pv_list_with_capacity(int64_t cap)
{
    PvList *l = PV_NEW(PvList, &pv_type_list);
    PvArray *a = array_new(cap < 4 ? 4 : cap);
    if (!a) return PV_NULL;
    l->arr = a;
    return PV_VAL(l);
}

PvVal pv_list_new(int64_t len)
{
    PvVal lv = pv_list_with_capacity(len);
    if (!lv) return PV_NULL;
    PvList *l = PV_LIST(lv);
    for (int64_t i = 0; i < len; i++) l->arr->items[i] = pv_None;
    l->len = len;
    return lv;
}

PvVal pv_list_from(int64_t n, const PvVal *items)
{
    PvVal lv = pv_list_with_capacity(n);
    if (!lv) return PV_NULL;
    PvList *l = PV_LIST(lv);
    memcpy(l->arr->items, items, (size_t)n * sizeof(PvVal));
    l->len = n;
    return lv;
}

int64_t pv_list_len(PvVal list)
{
    PV_READ(pv_thread(), PV_OBJ(list));
    return list_len_raw(PV_LIST(list));
}

/* Grows the array to hold at least `need` items. Inside the list's CS, after the
 * caller's PV_WRITE on the list (the new array is fresh and needs none). */
static int list_reserve(PvThread *t, PvList *l, int64_t need)
{
    PvArray *a = l->arr;
    if (need <= a->cap) return 0;
    int64_t cap = a->cap + (a->cap >> 1) + 4;
    if (cap < need) cap = need;
    PvArray *na = array_new(cap);
    if (!na) return -1;
    memcpy(na->items, a->items, (size_t)l->len * sizeof(PvVal));
    PVCHECK_WRITABLE(t, PV_OBJ(l), "list_reserve");
    atomic_store_explicit((_Atomic(PvArray *) *)&l->arr, na, memory_order_release);
    return 0;
}

int pv_list_append(PvVal lv, PvVal v)
{
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(lv);
    int rc = 0;
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    int64_t n = l->len;
    if (n >= l->arr->cap && list_reserve(t, l, n + 1) < 0) rc = -1;
    else {
        PV_WRITE_ITEMS(t, PV_OBJ(l->arr), &l->arr->items[n], 1);
        PV_STORE_RELEASE(l->arr->items[n], v);
        atomic_store_explicit((_Atomic int64_t *)&l->len, n + 1, memory_order_release);
    }
    PV_CS_END(t, PV_OBJ(l));
    return rc;
}

static PvVal index_error(void) { return pv_raise(pv_exc_IndexError, "list index out of range"); }

PvVal pv_list_get(PvVal lv, int64_t i)
{
    PvList *l = PV_LIST(lv);
    PV_READ(pv_thread(), PV_OBJ(l));
    int64_t n = list_len_raw(l);
    if (i < 0) i += n;
    PvArray *a = list_arr(l);
    if (i < 0 || i >= n || i >= a->cap) return index_error();
    PV_READ(pv_thread(), PV_OBJ(a));
    PvVal v = PV_LOAD_ACQUIRE(a->items[i]);
    return v ? v : pv_None;    /* a slot being filled by a racing append */
}

int pv_list_set(PvVal lv, int64_t i, PvVal v)
{
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(lv);
    int rc = 0;
    PV_READ(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    int64_t n = l->len;
    if (i < 0) i += n;
    if (i < 0 || i >= n) rc = -1;
    else {
        /* The list object stands for its items: readers log only the list (their
         * PV_READ), so a write to an item writes the list too. */
        PV_WRITE(t, PV_OBJ(l));
        PV_WRITE_ITEMS(t, PV_OBJ(l->arr), &l->arr->items[i], 1);
        PV_STORE_RELEASE(l->arr->items[i], v);
    }
    PV_CS_END(t, PV_OBJ(l));
    if (rc < 0) pv_raise(pv_exc_IndexError, "list assignment index out of range");
    return rc;
}

PvVal pv_list_pop(PvVal lv, int64_t i)
{
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(lv);
    PvVal v = PV_NULL;
    int err = 0;
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    int64_t n = l->len;
    if (n == 0) err = 1;
    else {
        if (i < 0) i += n;
        if (i < 0 || i >= n) err = 2;
        else {
            PvArray *a = l->arr;
            PV_WRITE_ITEMS(t, PV_OBJ(a), &a->items[i], n - i);
            v = a->items[i];
            move_items(&a->items[i], &a->items[i + 1], n - i - 1);
            a->items[n - 1] = PV_NULL;
            atomic_store_explicit((_Atomic int64_t *)&l->len, n - 1, memory_order_release);
        }
    }
    PV_CS_END(t, PV_OBJ(l));
    if (err == 1) return pv_raise(pv_exc_IndexError, "pop from empty list");
    if (err == 2) return pv_raise(pv_exc_IndexError, "pop index out of range");
    return v;
}

static int list_insert(PvVal lv, int64_t i, PvVal v)
{
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(lv);
    int rc = 0;
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    int64_t n = l->len;
    if (i < 0) { i += n; if (i < 0) i = 0; }
    if (i > n) i = n;
    if (n >= l->arr->cap && list_reserve(t, l, n + 1) < 0) rc = -1;
    else {
        PvArray *a = l->arr;
        PV_WRITE_ITEMS(t, PV_OBJ(a), &a->items[i], n - i + 1);
        move_items(&a->items[i + 1], &a->items[i], n - i);
        a->items[i] = v;
        atomic_store_explicit((_Atomic int64_t *)&l->len, n + 1, memory_order_release);
    }
    PV_CS_END(t, PV_OBJ(l));
    return rc;
}

/* A consistent copy of a list's items as a tuple. */
PvVal pv_list_snapshot_tuple(PvVal lv)
{
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(lv);
    PV_READ(t, PV_OBJ(l));
    for (;;) {
        int64_t n = list_len_raw(l);
        PvVal tup = pv_tuple_new(n);
        bool ok = false;
        PV_CS_BEGIN(t, PV_OBJ(l));
        PvArray *a = list_arr(l);           /* once: the copy reads this array (FITS) */
        if (l->len == n && FITS(a, n)) {
            PV_READ(t, PV_OBJ(a));
            copy_shared_items(PV_TUPLE(tup)->items, a->items, 1, n);
            ok = true;
        }
        PV_CS_END(t, PV_OBJ(l));
        if (ok) return tup;
    }
}

bool pv_seq_view(PvVal v, PvVal **items, int64_t *n)
{
    if (PV_IS_TUPLE(v)) {
        *items = PV_TUPLE(v)->items;
        *n = PV_TUPLE(v)->len;
        return true;
    }
    if (PV_IS_LIST(v)) {
        PV_READ(pv_thread(), PV_OBJ(v));
        PvVal snap = pv_list_snapshot_tuple(v);
        *items = PV_TUPLE(snap)->items;
        *n = PV_TUPLE(snap)->len;
        return true;
    }
    return false;
}

int pv_list_inplace_extend(PvVal lv, PvVal iterable)
{
    PvVal *items;
    int64_t n;
    if (pv_seq_view(iterable, &items, &n)) {
        PvThread *t = pv_thread();
        PvList *l = PV_LIST(lv);
        int rc = 0;
        PV_WRITE(t, PV_OBJ(l));
        PV_CS_BEGIN(t, PV_OBJ(l));
        int64_t len = l->len;
        if (list_reserve(t, l, len + n) < 0) rc = -1;
        else {
            PV_WRITE_ITEMS(t, PV_OBJ(l->arr), &l->arr->items[len], n);
            move_items(&l->arr->items[len], items, n);
            atomic_store_explicit((_Atomic int64_t *)&l->len, len + n, memory_order_release);
        }
        PV_CS_END(t, PV_OBJ(l));
        return rc;
    }
    PvVal it = pv_iter(iterable);
    if (!it) return -1;
    PvVal x;
    while ((x = pv_next(it)))
        if (pv_list_append(lv, x) < 0) return -1;
    return pv_err_occurred() ? -1 : 0;
}

int pv_list_extend(PvVal list, PvVal iterable) { return pv_list_inplace_extend(list, iterable); }

PvVal pv_sequence_to_list(PvVal iterable)
{
    PvVal l = pv_list_with_capacity(0);
    if (pv_list_inplace_extend(l, iterable) < 0) return PV_NULL;
    return l;
}

PvVal pv_sequence_to_tuple(PvVal iterable)
{
    if (PV_IS_TUPLE(iterable)) return iterable;
    if (PV_IS_LIST(iterable)) return pv_list_snapshot_tuple(iterable);
    PvVal l = pv_sequence_to_list(iterable);
    if (!l) return PV_NULL;
    return pv_list_snapshot_tuple(l);
}

PvVal pv_list_concat(PvVal a, PvVal b)
{
    PvVal ta = pv_list_snapshot_tuple(a), tb = pv_list_snapshot_tuple(b);
    int64_t na = pv_tuple_len(ta), nb = pv_tuple_len(tb);
    PvVal r = pv_list_with_capacity(na + nb);
    if (!r) return PV_NULL;
    memcpy(PV_LIST(r)->arr->items, PV_TUPLE(ta)->items, (size_t)na * sizeof(PvVal));
    memcpy(PV_LIST(r)->arr->items + na, PV_TUPLE(tb)->items, (size_t)nb * sizeof(PvVal));
    PV_LIST(r)->len = na + nb;
    return r;
}

PvVal pv_list_repeat(PvVal a, int64_t n)
{
    PvVal ta = pv_list_snapshot_tuple(a);
    int64_t na = pv_tuple_len(ta);
    if (n < 0) n = 0;
    if (na && n > ((int64_t)1 << 40) / na) return pv_raise(pv_exc_MemoryError, "list too large");
    PvVal r = pv_list_with_capacity(na * n);
    if (!r) return PV_NULL;
    for (int64_t i = 0; i < n; i++)
        memcpy(PV_LIST(r)->arr->items + i * na, PV_TUPLE(ta)->items, (size_t)na * sizeof(PvVal));
    PV_LIST(r)->len = na * n;
    return r;
}

/* Lexicographic comparison of two sequences. */
PvVal pv_seq_richcompare(PvVal *a, int64_t na, PvVal *b, int64_t nb, int op)
{
    int64_t i = 0;
    for (; i < na && i < nb; i++) {
        int eq = pv_eq(a[i], b[i]);
        if (eq < 0) return PV_NULL;
        if (!eq) break;
    }
    if (i >= na || i >= nb) {
        return pv_bool(pv_cmp_int(na, nb, op));   /* a common prefix: lengths decide */
    }
    if (op == PV_EQ) return pv_False;
    if (op == PV_NE) return pv_True;
    return pv_richcompare(a[i], b[i], op);
}

static PvVal seq_repr(PvVal self, PvVal *items, int64_t n, const char *open, const char *close,
                      bool one_tuple)
{
    if (n == 0) return pv_str_fmt("%s%s", open, close);
    if (!pv_repr_enter(self)) return pv_str_fmt("%s...%s", open, close);
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_adds(&b, open);
    for (int64_t i = 0; i < n; i++) {
        if (i) pvbuf_adds(&b, ", ");
        PvVal r = pv_repr(items[i]);
        if (!r) { pvbuf_free(&b); pv_repr_leave(self); return PV_NULL; }
        pvbuf_add(&b, pv_str_data(r), (size_t)pv_str_len(r));
    }
    if (one_tuple && n == 1) pvbuf_addc(&b, ',');
    pvbuf_adds(&b, close);
    pv_repr_leave(self);
    return pv_str_from_buf(&b);
}

static PvVal list_repr(PvVal self)
{
    PvVal snap = pv_list_snapshot_tuple(self);
    return seq_repr(self, PV_TUPLE(snap)->items, pv_tuple_len(snap), "[", "]", false);
}

static PvVal list_richcompare(PvVal a, PvVal b, int op)
{
    if (!PV_IS_LIST(b)) return pv_NotImplemented;
    PvVal ta = pv_list_snapshot_tuple(a), tb = pv_list_snapshot_tuple(b);
    return pv_seq_richcompare(PV_TUPLE(ta)->items, pv_tuple_len(ta),
                              PV_TUPLE(tb)->items, pv_tuple_len(tb), op);
}

static int64_t list_len_slot(PvVal self) { return pv_list_len(self); }

PvVal pv_list_getitem(PvVal self, PvVal key)
{
    if (PV_IS_SMALL(key)) return pv_list_get(self, PV_SMALL_VALUE(key));
    if (PV_HAS_TYPE(key, pv_type_slice)) {
        /* Copy straight from the array inside the list's critical section; if the
         * length changed since the result was sized, size it again. */
        PvThread *t = pv_thread();
        PvList *l = PV_LIST(self);
        PV_READ(t, PV_OBJ(l));
        for (;;) {
            int64_t n = list_len_raw(l);
            int64_t start, stop, step, count;
            if (!pv_slice_indices(key, n, &start, &stop, &step, &count)) return PV_NULL;
            PvVal r = pv_list_with_capacity(count);
            if (!r) return PV_NULL;
            bool ok = false;
            PV_CS_BEGIN(t, PV_OBJ(l));
            PvArray *a = list_arr(l);           /* once, as in the snapshot */
            if (l->len == n && FITS(a, n)) {
                PV_READ(t, PV_OBJ(a));
                copy_shared_items(PV_LIST(r)->arr->items, a->items + start, step, count);
                PV_LIST(r)->len = count;
                ok = true;
            }
            PV_CS_END(t, PV_OBJ(l));
            if (ok) return r;
        }
    }
    int64_t i;
    if (!pv_as_int64(key, &i, NULL)) {
        pv_err_clear();
        return pv_raise(pv_exc_TypeError, "list indices must be integers or slices, not %s",
                        pv_type_name(key));
    }
    return pv_list_get(self, i);
}

/* Slice assignment and deletion: build the new item sequence and swap it in. */
static int list_assign_slice(PvVal self, PvVal slice, PvVal value)
{
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(self);
    PvVal src = PV_NULL;
    if (value) {
        src = pv_sequence_to_tuple(value);
        if (!src) {
            if (pv_err_is(pv_exc_TypeError)) {
                pv_err_clear();
                pv_raise(pv_exc_TypeError, "can only assign an iterable");
            }
            return -1;
        }
    }
    int64_t nsrc = src ? pv_tuple_len(src) : 0;
    int rc = 0;
    /* Same length (a[i:j] = b of len j-i, or an extended slice): write in place. */
    {
        bool done = false, bad = false;
        int64_t start, stop, step, count;
        PV_WRITE(t, PV_OBJ(l));
        PV_CS_BEGIN(t, PV_OBJ(l));
        PvSlice *sl = (PvSlice *)slice;
        bool simple = (PV_IS_SMALL(sl->start) || sl->start == pv_None) &&
                      (PV_IS_SMALL(sl->stop) || sl->stop == pv_None) &&
                      (PV_IS_SMALL(sl->step) || sl->step == pv_None);
        /* Only plain int/None bounds: resolving others may run __index__ (Python code),
         * which must not happen inside the critical section. */
        if (value && simple && pv_slice_indices(slice, l->len, &start, &stop, &step, &count)) {
            if (count == nsrc) {
                PvVal *dst = l->arr->items;
                /* The words written: from the lowest index to the highest. */
                int64_t last = start + step * (count - 1);
                int64_t lo = count == 0 || step > 0 ? start : last;
                int64_t span = count == 0 ? 0 : (step > 0 ? last - start : start - last) + 1;
                PV_WRITE_ITEMS(t, PV_OBJ(l->arr), &dst[lo], span);
                for (int64_t i = 0, j = start; i < count; i++, j += step) dst[j] = PV_TUPLE(src)->items[i];
                done = true;
            }
        } else if (value && simple) {
            bad = true;                  /* pv_slice_indices raised (step 0) */
        }
        PV_CS_END(t, PV_OBJ(l));
        if (bad) return -1;
        if (done) return 0;
    }
    PvVal snap = pv_list_snapshot_tuple(self);
    int64_t n = pv_tuple_len(snap);
    int64_t start, stop, step, count;
    if (!pv_slice_indices(slice, n, &start, &stop, &step, &count)) return -1;
    PvVal out;
    if (step == 1) {
        out = pv_list_with_capacity(n - count + nsrc);
        PvVal *o = PV_LIST(out)->arr->items, *s = PV_TUPLE(snap)->items;
        memcpy(o, s, (size_t)start * sizeof(PvVal));
        if (nsrc) memcpy(o + start, PV_TUPLE(src)->items, (size_t)nsrc * sizeof(PvVal));
        memcpy(o + start + nsrc, s + start + count, (size_t)(n - start - count) * sizeof(PvVal));
        PV_LIST(out)->len = n - count + nsrc;
    } else if (!value) {
        out = pv_list_with_capacity(n);
        PvVal *o = PV_LIST(out)->arr->items, *s = PV_TUPLE(snap)->items;
        int64_t k = 0;
        for (int64_t i = 0; i < n; i++) {
            bool del = false;
            if (step > 0) del = i >= start && i < stop && (i - start) % step == 0;
            else del = i <= start && i > stop && (start - i) % (-step) == 0;
            if (!del) o[k++] = s[i];
        }
        PV_LIST(out)->len = k;
    } else {
        if (nsrc != count) {
            pv_raise(pv_exc_ValueError,
                     "attempt to assign sequence of size %ld to extended slice of size %ld",
                     (long)nsrc, (long)count);
            return -1;
        }
        out = pv_list_from(n, PV_TUPLE(snap)->items);
        for (int64_t i = 0, j = start; i < count; i++, j += step)
            PV_LIST(out)->arr->items[j] = PV_TUPLE(src)->items[i];
    }
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    atomic_store_explicit((_Atomic(PvArray *) *)&l->arr, PV_LIST(out)->arr, memory_order_release);
    atomic_store_explicit((_Atomic int64_t *)&l->len, PV_LIST(out)->len, memory_order_release);
    PV_CS_END(t, PV_OBJ(l));
    return rc;
}

int pv_list_setitem(PvVal self, PvVal key, PvVal value)
{
    if (PV_HAS_TYPE(key, pv_type_slice)) return list_assign_slice(self, key, value);
    int64_t i;
    if (!pv_as_int64(key, &i, NULL)) {
        pv_err_clear();
        pv_raise(pv_exc_TypeError, "list indices must be integers or slices, not %s",
                 pv_type_name(key));
        return -1;
    }
    if (value) return pv_list_set(self, i, value);
    int64_t n = pv_list_len(self);
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        pv_raise(pv_exc_IndexError, "list assignment index out of range");
        return -1;
    }
    return pv_list_pop(self, i) ? 0 : -1;
}

/* Searches shared by list and tuple (a list is searched in a snapshot). */
static int64_t clamp_index(int64_t i, int64_t n)
{
    if (i < 0) { i += n; if (i < 0) i = 0; }
    return i > n ? n : i;
}

/* Index of the first item equal to v in items[start:stop]: -1 if none, -2 on error. */
static int64_t items_index(const PvVal *items, int64_t n, PvVal v, int64_t start, int64_t stop)
{
    start = clamp_index(start, n);
    stop = clamp_index(stop, n);
    for (int64_t i = start; i < stop; i++) {
        int r = pv_eq(items[i], v);
        if (r < 0) return -2;
        if (r) return i;
    }
    return -1;
}

/* Items equal to v, or -1 on error. */
static int64_t items_count(const PvVal *items, int64_t n, PvVal v)
{
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) {
        int r = pv_eq(items[i], v);
        if (r < 0) return -1;
        c += r;
    }
    return c;
}

/* index(x[, start[, stop]]) arguments: argv[2], argv[3]. */
static bool index_bounds(int argc, PvVal *argv, int64_t *start, int64_t *stop)
{
    *start = 0;
    *stop = INT64_MAX;
    if (argc > 2 && !pv_as_int64(argv[2], start, NULL)) return false;
    if (argc > 3 && !pv_as_int64(argv[3], stop, NULL)) return false;
    return true;
}

static int tuple_contains(PvVal self, PvVal v);

static int list_contains(PvVal self, PvVal v)
{
    return tuple_contains(pv_list_snapshot_tuple(self), v);
}

static PvVal list_iter(PvVal self) { return pv_seqiter_new(self, PV_ITER_LIST); }

static PvVal list_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (kwnames && pv_tuple_len(kwnames))
        return pv_raise(pv_exc_TypeError, "list() takes no keyword arguments");
    if (argc > 1) return pv_raise(pv_exc_TypeError, "list expected at most 1 argument, got %d", argc);
    if (argc == 0) return pv_list_with_capacity(0);
    return pv_sequence_to_list(argv[0]);
}

/* ---- list methods ------------------------------------------------------------------- */

static PvVal lm_append(int argc, PvVal *argv)
{
    (void)argc;
    return pv_list_append(argv[0], argv[1]) < 0 ? PV_NULL : pv_None;
}

static PvVal lm_extend(int argc, PvVal *argv)
{
    (void)argc;
    return pv_list_inplace_extend(argv[0], argv[1]) < 0 ? PV_NULL : pv_None;
}

static PvVal lm_pop(int argc, PvVal *argv)
{
    int64_t i = -1;
    if (argc > 1 && !pv_as_int64(argv[1], &i, NULL)) return PV_NULL;
    return pv_list_pop(argv[0], i);
}

static PvVal lm_insert(int argc, PvVal *argv)
{
    (void)argc;
    int64_t i;
    if (!pv_as_int64(argv[1], &i, NULL)) return PV_NULL;
    return list_insert(argv[0], i, argv[2]) < 0 ? PV_NULL : pv_None;
}

static int64_t find_index(PvVal self, PvVal v, int64_t start, int64_t stop)
{
    PvVal snap = pv_list_snapshot_tuple(self);
    return items_index(PV_TUPLE(snap)->items, pv_tuple_len(snap), v, start, stop);
}

static PvVal lm_remove(int argc, PvVal *argv)
{
    (void)argc;
    int64_t i = find_index(argv[0], argv[1], 0, INT64_MAX);
    if (i == -2) return PV_NULL;
    if (i < 0) return pv_raise(pv_exc_ValueError, "list.remove(x): x not in list");
    return pv_list_pop(argv[0], i) ? pv_None : PV_NULL;
}

static PvVal lm_index(int argc, PvVal *argv)
{
    int64_t start, stop;
    if (!index_bounds(argc, argv, &start, &stop)) return PV_NULL;
    int64_t i = find_index(argv[0], argv[1], start, stop);
    if (i == -2) return PV_NULL;
    if (i < 0) {
        PvVal r = pv_repr(argv[1]);
        if (!r) return PV_NULL;
        return pv_raise(pv_exc_ValueError, "%s is not in list", pv_str_data(r));
    }
    return pv_int(i);
}

static PvVal lm_count(int argc, PvVal *argv)
{
    (void)argc;
    PvVal snap = pv_list_snapshot_tuple(argv[0]);
    int64_t c = items_count(PV_TUPLE(snap)->items, pv_tuple_len(snap), argv[1]);
    return c < 0 ? PV_NULL : pv_int(c);
}

static PvVal lm_clear(int argc, PvVal *argv)
{
    (void)argc;
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(argv[0]);
    PvArray *a = array_new(4);
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    atomic_store_explicit((_Atomic int64_t *)&l->len, 0, memory_order_release);
    atomic_store_explicit((_Atomic(PvArray *) *)&l->arr, a, memory_order_release);
    PV_CS_END(t, PV_OBJ(l));
    return pv_None;
}

static PvVal lm_copy(int argc, PvVal *argv)
{
    (void)argc;
    PvVal snap = pv_list_snapshot_tuple(argv[0]);
    return pv_list_from(pv_tuple_len(snap), PV_TUPLE(snap)->items);
}

static PvVal lm_reverse(int argc, PvVal *argv)
{
    (void)argc;
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(argv[0]);
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    PvArray *a = l->arr;
    PV_WRITE_ITEMS(t, PV_OBJ(a), a->items, l->len);
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        PvVal x = a->items[i];
        a->items[i] = a->items[j];
        a->items[j] = x;
    }
    PV_CS_END(t, PV_OBJ(l));
    return pv_None;
}

/* Stable merge sort of keys[] with parallel vals[], by `key < key`. Returns -1 when a
 * comparison raised. `tmpk`/`tmpv` have room for n items. */
static int merge_sort(PvVal *keys, PvVal *vals, PvVal *tmpk, PvVal *tmpv, int64_t n)
{
    if (n < 2) return 0;
    if (n <= 16) {                       /* insertion sort: stable */
        for (int64_t i = 1; i < n; i++) {
            PvVal k = keys[i], v = vals[i];
            int64_t j = i;
            while (j > 0) {
                int lt = pv_compare_bool(k, keys[j - 1], PV_LT);
                if (lt < 0) return -1;
                if (!lt) break;
                keys[j] = keys[j - 1];
                vals[j] = vals[j - 1];
                j--;
            }
            keys[j] = k;
            vals[j] = v;
        }
        return 0;
    }
    int64_t mid = n / 2;
    if (merge_sort(keys, vals, tmpk, tmpv, mid) < 0) return -1;
    if (merge_sort(keys + mid, vals + mid, tmpk, tmpv, n - mid) < 0) return -1;
    /* Already ordered? */
    int lt = pv_compare_bool(keys[mid], keys[mid - 1], PV_LT);
    if (lt < 0) return -1;
    if (!lt) return 0;
    memcpy(tmpk, keys, (size_t)mid * sizeof(PvVal));
    memcpy(tmpv, vals, (size_t)mid * sizeof(PvVal));
    int64_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        lt = pv_compare_bool(keys[j], tmpk[i], PV_LT);
        if (lt < 0) return -1;
        if (lt) { keys[k] = keys[j]; vals[k++] = vals[j++]; }
        else { keys[k] = tmpk[i]; vals[k++] = tmpv[i++]; }
    }
    while (i < mid) { keys[k] = tmpk[i]; vals[k++] = tmpv[i++]; }
    return 0;
}

int pv_list_sort(PvVal lv, PvVal key, bool reverse)
{
    PvVal snap = pv_list_snapshot_tuple(lv);
    int64_t n = pv_tuple_len(snap);
    /* Work arrays are GC tuples so every value stays visible to the collector. */
    PvVal vals = pv_tuple_from(n, PV_TUPLE(snap)->items);
    PvVal keys = vals;
    if (key && key != pv_None) {
        keys = pv_tuple_new(n);
        for (int64_t i = 0; i < n; i++) {
            PvVal k = pv_call1(key, PV_TUPLE(vals)->items[i]);
            if (!k) return -1;
            PV_TUPLE(keys)->items[i] = k;
        }
    } else {
        keys = pv_tuple_from(n, PV_TUPLE(vals)->items);
    }
    PvVal *kv = PV_TUPLE(keys)->items, *vv = PV_TUPLE(vals)->items;
    /* Reverse stays stable: reverse, sort, reverse. */
    if (reverse)
        for (int64_t i = 0, j = n - 1; i < j; i++, j--) {
            PvVal x = kv[i]; kv[i] = kv[j]; kv[j] = x;
            x = vv[i]; vv[i] = vv[j]; vv[j] = x;
        }
    PvVal tk = pv_tuple_new(n / 2 + 1), tv = pv_tuple_new(n / 2 + 1);
    if (merge_sort(kv, vv, PV_TUPLE(tk)->items, PV_TUPLE(tv)->items, n) < 0) return -1;
    if (reverse)
        for (int64_t i = 0, j = n - 1; i < j; i++, j--) {
            PvVal x = vv[i]; vv[i] = vv[j]; vv[j] = x;
        }
    PvThread *t = pv_thread();
    PvList *l = PV_LIST(lv);
    PvArray *a = array_new(n < 4 ? 4 : n);
    memcpy(a->items, vv, (size_t)n * sizeof(PvVal));
    PV_WRITE(t, PV_OBJ(l));
    PV_CS_BEGIN(t, PV_OBJ(l));
    atomic_store_explicit((_Atomic(PvArray *) *)&l->arr, a, memory_order_release);
    atomic_store_explicit((_Atomic int64_t *)&l->len, n, memory_order_release);
    PV_CS_END(t, PV_OBJ(l));
    return 0;
}

static PvVal lm_sort(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"key", "reverse"};
    PvVal a[2];
    if (argc > 1) return pv_raise(pv_exc_TypeError, "sort() takes no positional arguments");
    if (!pv_parse_args("sort", 0, argv + 1, kwnames, 2, names, 0, a)) return PV_NULL;
    int rev = a[1] ? pv_truthy(a[1]) : 0;
    if (rev < 0) return PV_NULL;
    return pv_list_sort(argv[0], a[0], rev) < 0 ? PV_NULL : pv_None;
}

PvType pv_type_list = {
    .name = "list", .size = sizeof(PvList), .flags = PV_TYPE_BASETYPE | PV_TYPE_LOCKABLE,
    .trace = list_trace, .repr = list_repr, .richcompare = list_richcompare,
    .len = list_len_slot, .getitem = pv_list_getitem, .setitem = pv_list_setitem,
    .contains = list_contains, .iter = list_iter, .new_ = list_new,
};

/* ---- tuples ------------------------------------------------------------------------- */

PvVal pv_tuple_new(int64_t n)
{
    if (n == 0 && pv_empty_tuple) return pv_empty_tuple;
    PvTuple *t = pvgc_alloc(pv_thread(), &pv_type_tuple, sizeof(PvTuple) + (size_t)n * sizeof(PvVal));
    t->len = n;
    return PV_VAL(t);
}

PvVal pv_tuple_from(int64_t n, const PvVal *items)
{
    PvVal t = pv_tuple_new(n);
    if (n) memcpy(PV_TUPLE(t)->items, items, (size_t)n * sizeof(PvVal));
    return t;
}

PvVal pv_tuple_pack(int n, ...)
{
    PvVal t = pv_tuple_new(n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) PV_TUPLE(t)->items[i] = va_arg(ap, PvVal);
    va_end(ap);
    return t;
}

static void tuple_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvTuple *t = (PvTuple *)o;
    for (int64_t i = 0; i < t->len; i++) visit(t->items[i], ctx);
}

static PvVal tuple_repr(PvVal self)
{
    return seq_repr(self, PV_TUPLE(self)->items, pv_tuple_len(self), "(", ")", true);
}

static int64_t tuple_hash(PvVal self)
{
    PvTuple *t = PV_TUPLE(self);
    if (t->hash) return t->hash;
    PvHashTuple h;
    pvhash_tuple_init(&h);
    for (int64_t i = 0; i < t->len; i++) {
        int64_t x = pv_hash(t->items[i]);
        if (x == -1) return -1;
        pvhash_tuple_add(&h, x);
    }
    int64_t r = pvhash_tuple_finish(&h);
    /* A cache, stored without a barrier: every thread computes the same value, so a
     * store lost to a race or a rolled-back transaction only costs a recomputation. */
    t->hash = r;
    return r;
}

static PvVal tuple_richcompare(PvVal a, PvVal b, int op)
{
    if (!PV_IS_TUPLE(b)) return pv_NotImplemented;
    return pv_seq_richcompare(PV_TUPLE(a)->items, pv_tuple_len(a), PV_TUPLE(b)->items,
                              pv_tuple_len(b), op);
}

static int64_t tuple_len_slot(PvVal self) { return pv_tuple_len(self); }

PvVal pv_tuple_getitem(PvVal self, PvVal key)
{
    PvTuple *t = PV_TUPLE(self);
    if (PV_HAS_TYPE(key, pv_type_slice)) {
        int64_t start, stop, step, count;
        if (!pv_slice_indices(key, t->len, &start, &stop, &step, &count)) return PV_NULL;
        PvVal r = pv_tuple_new(count);
        for (int64_t i = 0, j = start; i < count; i++, j += step)
            PV_TUPLE(r)->items[i] = t->items[j];
        return r;
    }
    int64_t i;
    if (!pv_as_int64(key, &i, NULL)) {
        pv_err_clear();
        return pv_raise(pv_exc_TypeError, "tuple indices must be integers or slices, not %s",
                        pv_type_name(key));
    }
    if (i < 0) i += t->len;
    if (i < 0 || i >= t->len) return pv_raise(pv_exc_IndexError, "tuple index out of range");
    return t->items[i];
}

static int tuple_contains(PvVal self, PvVal v)
{
    int64_t i = items_index(PV_TUPLE(self)->items, pv_tuple_len(self), v, 0, INT64_MAX);
    return i == -2 ? -1 : i >= 0;
}

static PvVal tuple_iter(PvVal self) { return pv_seqiter_new(self, PV_ITER_TUPLE); }

static PvVal tuple_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type;
    if (kwnames && pv_tuple_len(kwnames))
        return pv_raise(pv_exc_TypeError, "tuple() takes no keyword arguments");
    if (argc > 1) return pv_raise(pv_exc_TypeError, "tuple expected at most 1 argument, got %d", argc);
    if (argc == 0) return pv_empty_tuple;
    return pv_sequence_to_tuple(argv[0]);
}

PvVal pv_tuple_concat(PvVal a, PvVal b)
{
    int64_t na = pv_tuple_len(a), nb = pv_tuple_len(b);
    PvVal r = pv_tuple_new(na + nb);
    memcpy(PV_TUPLE(r)->items, PV_TUPLE(a)->items, (size_t)na * sizeof(PvVal));
    memcpy(PV_TUPLE(r)->items + na, PV_TUPLE(b)->items, (size_t)nb * sizeof(PvVal));
    return r;
}

PvVal pv_tuple_repeat(PvVal a, int64_t n)
{
    int64_t na = pv_tuple_len(a);
    if (n < 0) n = 0;
    if (na && n > ((int64_t)1 << 40) / na) return pv_raise(pv_exc_MemoryError, "tuple too large");
    PvVal r = pv_tuple_new(na * n);
    for (int64_t i = 0; i < n; i++)
        memcpy(PV_TUPLE(r)->items + i * na, PV_TUPLE(a)->items, (size_t)na * sizeof(PvVal));
    return r;
}

static PvVal tm_index(int argc, PvVal *argv)
{
    int64_t start, stop;
    if (!index_bounds(argc, argv, &start, &stop)) return PV_NULL;
    int64_t i = items_index(PV_TUPLE(argv[0])->items, pv_tuple_len(argv[0]), argv[1], start, stop);
    if (i == -2) return PV_NULL;
    if (i < 0) return pv_raise(pv_exc_ValueError, "tuple.index(x): x not in tuple");
    return pv_int(i);
}

static PvVal tm_count(int argc, PvVal *argv)
{
    (void)argc;
    int64_t c = items_count(PV_TUPLE(argv[0])->items, pv_tuple_len(argv[0]), argv[1]);
    return c < 0 ? PV_NULL : pv_int(c);
}

PvType pv_type_tuple = {
    .name = "tuple", .size = sizeof(PvTuple), .flags = PV_TYPE_IMMUTABLE | PV_TYPE_BASETYPE,
    .trace = tuple_trace, .repr = tuple_repr, .hash = tuple_hash,
    .richcompare = tuple_richcompare, .len = tuple_len_slot, .getitem = pv_tuple_getitem,
    .contains = tuple_contains, .iter = tuple_iter, .new_ = tuple_new,
};

void pv_list_init(void)
{
    pv_type_ready(&pv_type_array);
    pv_type_ready(&pv_type_list);
    PvType *t = &pv_type_list;
    pv_type_add_method(t, "append", lm_append, 2, 2);
    pv_type_add_method(t, "extend", lm_extend, 2, 2);
    pv_type_add_method(t, "pop", lm_pop, 1, 2);
    pv_type_add_method(t, "insert", lm_insert, 3, 3);
    pv_type_add_method(t, "remove", lm_remove, 2, 2);
    pv_type_add_method(t, "index", lm_index, 2, 4);
    pv_type_add_method(t, "count", lm_count, 2, 2);
    pv_type_add_method(t, "clear", lm_clear, 1, 1);
    pv_type_add_method(t, "copy", lm_copy, 1, 1);
    pv_type_add_method(t, "reverse", lm_reverse, 1, 1);
    pv_type_add_method_kw(t, "sort", lm_sort);
}

void pv_tuple_init(void)
{
    pv_empty_tuple = PV_NULL;
    PvTuple *e = pvgc_alloc(pv_thread(), &pv_type_tuple, sizeof(PvTuple));
    pv_empty_tuple = PV_VAL(e);
    pvgc_add_root(&pv_empty_tuple);
    pv_type_ready(&pv_type_tuple);
    pv_type_add_method(&pv_type_tuple, "index", tm_index, 2, 4);
    pv_type_add_method(&pv_type_tuple, "count", tm_count, 2, 2);
}
