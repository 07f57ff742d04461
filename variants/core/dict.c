/* dict.c — dict and set: an insertion-ordered hash table (index array + dense entry
 * array, as in CPython), plus the dict type, its views, and the core of set/frozenset.
 *
 * The table is one GC object (PvDictTable) that carries its own sizes. Mutations run
 * inside the dict's critical section; a resize builds a complete new table and then
 * publishes it with one pointer store, so a lock-free reader in the no-GIL build that
 * loaded the old pointer keeps reading a valid (stale) table. Entries are appended and
 * never moved within a table; a deleted entry keeps its slot with key PV_NULL.
 *
 * Invariants (per table): used <= nentries <= cap < nslots; nslots is a power of two;
 * every index slot is -1 (never used), -2 (entry deleted) or an entry number whose
 * entry has that slot's key. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "pvhash.h"

/* Version tags: unique across all dicts, handed out to each thread in blocks so that
 * taking one needs no atomic operation. */
static _Atomic uint64_t version_blocks = 1;
static __thread uint64_t version_next, version_limit;

static uint64_t new_version(void)
{
    if (PV_UNLIKELY(version_next == version_limit)) {
        uint64_t b = atomic_fetch_add_explicit(&version_blocks, 1, memory_order_relaxed);
        version_next = b << 20;
        version_limit = version_next + (1u << 20);
    }
    return version_next++;
}

#define IX_EMPTY   (-1)
#define IX_DELETED (-2)
#define MIN_SLOTS  8

static PvDictTable *table_new(int64_t nslots)
{
    int64_t cap = (nslots * 2) / 3;
    size_t bytes = sizeof(PvDictTable) + (size_t)nslots * sizeof(int32_t);
    bytes = (bytes + 15) & ~(size_t)15;
    size_t entries_off = bytes;
    bytes += (size_t)cap * sizeof(PvDictEntry);
    PvDictTable *tb = pvgc_alloc(pv_thread(), &pv_type_dicttable, bytes);
    tb->nslots = nslots;
    tb->cap = cap;
    tb->nentries = 0;
    tb->entries = (PvDictEntry *)((char *)tb + entries_off);
    memset(tb->index, 0xff, (size_t)nslots * sizeof(int32_t));   /* all IX_EMPTY */
    return tb;
}

static void table_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvDictTable *tb = (PvDictTable *)o;
    for (int64_t i = 0; i < tb->nentries; i++) {
        visit(tb->entries[i].key, ctx);
        visit(tb->entries[i].value, ctx);
    }
}

PvType pv_type_dicttable = {.name = "dicttable", .trace = table_trace};

static void dict_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(PV_VAL(((PvDict *)o)->table), ctx);
}

/* Key equality with fast paths for identical objects, strs and ints. */
static int keys_equal(PvVal a, PvVal b)
{
    if (a == b) return 1;
    if (PV_IS_PTR(a) && PV_IS_PTR(b)) {
        PvType *ta = PV_OBJ(a)->type, *tb = PV_OBJ(b)->type;
        if (ta == &pv_type_str && tb == &pv_type_str) return pv_str_eq(a, b);
    } else if (PV_IS_SMALL(a) && PV_IS_SMALL(b)) {
        return 0;
    }
    return pv_eq(a, b);
}

/* Entry index of `key` in `tb`, -1 if absent, -2 on error (exception set). If `slot`
 * is given it receives the index slot where the key is or where it would go. */
static int64_t table_lookup(PvDictTable *tb, PvVal key, int64_t hash, int64_t *slot)
{
    uint64_t mask = (uint64_t)tb->nslots - 1;
    uint64_t perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    int64_t free_slot = -1;
    for (;;) {
        int32_t ix = PV_LOAD_RELAXED(tb->index[i]);
        if (ix == IX_EMPTY) {
            if (slot) *slot = free_slot >= 0 ? free_slot : (int64_t)i;
            return -1;
        }
        if (ix == IX_DELETED) {
            if (free_slot < 0) free_slot = (int64_t)i;
        } else {
            PvDictEntry *e = &tb->entries[ix];
            PvVal ek = PV_LOAD_ACQUIRE(e->key);
            if (ek == key) { if (slot) *slot = (int64_t)i; return ix; }
            if (PV_LOAD_RELAXED(e->hash) == hash && ek) {
                int eq = keys_equal(ek, key);
                if (eq < 0) return -2;
                if (eq) { if (slot) *slot = (int64_t)i; return ix; }
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Fast lookup for an interned str key: identity, then hash and bytes. Never fails. */
static PvVal table_get_str(PvDictTable *tb, PvVal key, int64_t hash)
{
    uint64_t mask = (uint64_t)tb->nslots - 1;
    uint64_t perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    for (;;) {
        int32_t ix = PV_LOAD_RELAXED(tb->index[i]);
        if (ix == IX_EMPTY) return PV_NULL;
        if (ix >= 0) {
            PvDictEntry *e = &tb->entries[ix];
            PvVal ek = PV_LOAD_ACQUIRE(e->key);
            if (ek == key) return PV_LOAD_ACQUIRE(e->value);
            /* ek is PV_NULL when a racing delete emptied the entry after we read its
             * index slot: skip it as the slot's new IX_DELETED would. */
            if (ek && PV_LOAD_RELAXED(e->hash) == hash && PV_IS_STR(ek) && pv_str_eq(ek, key))
                return PV_LOAD_ACQUIRE(e->value);
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Index slot for a key known to be absent (no deleted slots considered). */
static void table_insert_fresh(PvDictTable *tb, int64_t hash, PvVal key, PvVal value)
{
    uint64_t mask = (uint64_t)tb->nslots - 1;
    uint64_t perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    while (tb->index[i] != IX_EMPTY) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    int64_t n = tb->nentries;
    tb->entries[n].hash = hash;
    tb->entries[n].key = key;
    tb->entries[n].value = value;
    tb->index[i] = (int32_t)n;
    tb->nentries = n + 1;
}

static int64_t slots_for(int64_t used)
{
    int64_t want = used * 3;
    int64_t n = MIN_SLOTS;
    while (n < want) n <<= 1;
    if (n > ((int64_t)1 << 30)) pv_fatal("dict too large");
    return n;
}

/* Builds a compacted copy with room to grow and publishes it. Inside the CS, after
 * the caller's PV_WRITE on the dict (the new table is fresh and needs none). */
static void dict_resize(PvDict *d, int64_t used)
{
    PvDictTable *old = d->table;
    PvDictTable *nt = table_new(slots_for(used));
    if (old)
        for (int64_t i = 0; i < old->nentries; i++) {
            PvDictEntry *e = &old->entries[i];
            if (e->key) table_insert_fresh(nt, e->hash, e->key, e->value);
        }
    PVCHECK_WRITABLE(pv_thread(), PV_OBJ(d), "dict_resize");
    atomic_store_explicit((_Atomic(PvDictTable *) *)&d->table, nt, memory_order_release);
}

static PvDict *dict_alloc(PvType *type)
{
    PvDict *d = PV_NEW(PvDict, type);
    PV_STORE_RELAXED(d->version, new_version());
    d->table = table_new(MIN_SLOTS);
    return d;
}

PvVal pv_dict_new(void) { return PV_VAL(dict_alloc(&pv_type_dict)); }

static PvDictTable *load_table(PvDict *d)
{
    return atomic_load_explicit((_Atomic(PvDictTable *) *)&d->table, memory_order_acquire);
}

PvVal pv_dict_get(PvVal dv, PvVal key)
{
    PvDict *d = PV_DICT(dv);
    int64_t hash;
    if (PV_IS_STR(key)) hash = pv_str_hash_fast(key);
    else if ((hash = pv_hash(key)) == -1) return PV_NULL;
    PV_READ(pv_thread(), PV_OBJ(d));
    for (;;) {
        PvDictTable *tb = load_table(d);
        int64_t ix = table_lookup(tb, key, hash, NULL);
        if (ix == -2) return PV_NULL;
        if (load_table(d) != tb) continue;      /* __eq__ changed the dict: retry */
        if (ix < 0) return PV_NULL;
        return PV_LOAD_ACQUIRE(tb->entries[ix].value);
    }
}

PvVal pv_dict_get_str(PvVal dv, PvVal key)
{
    PvDict *d = PV_DICT(dv);
    PV_READ(pv_thread(), PV_OBJ(d));
    return table_get_str(load_table(d), key, pv_str_hash_fast(key));
}

/* Entry index of an interned-str key, or -1: lets an inline cache revisit the entry
 * with one pointer comparison instead of a hash probe. */
int64_t pv_dict_index_str(PvVal dv, PvVal key)
{
    PvDict *d = PV_DICT(dv);
    PV_READ(pv_thread(), PV_OBJ(d));
    PvDictTable *tb = load_table(d);
    int64_t hash = pv_str_hash_fast(key);
    uint64_t mask = (uint64_t)tb->nslots - 1;
    uint64_t perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    for (;;) {
        int32_t ix = PV_LOAD_RELAXED(tb->index[i]);
        if (ix == IX_EMPTY) return -1;
        if (ix >= 0 && PV_LOAD_ACQUIRE(tb->entries[ix].key) == key) return ix;
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Replaces the value of entry `ix` if it still holds `key`; false otherwise. */
bool pv_dict_set_at(PvVal dv, int64_t ix, PvVal key, PvVal value)
{
    PvDict *d = PV_DICT(dv);
    PvThread *t = pv_thread();
    bool ok = false;
    PV_WRITE(t, PV_OBJ(d));
    PV_CS_BEGIN(t, PV_OBJ(d));
    PvDictTable *tb = d->table;
    if (ix < tb->nentries && tb->entries[ix].key == key) {
        PV_WRITE_ITEMS(t, PV_OBJ(tb), &tb->entries[ix].value, 1);
        PV_STORE_RELEASE(tb->entries[ix].value, value);
        PV_STORE_RELAXED(d->version, new_version());
        ok = true;
    }
    PV_CS_END(t, PV_OBJ(d));
    return ok;
}

/* Called by a sync layer that has just restored o's bytes from a copy (the STM
 * build's rollback), with o still owned: if o is a dict, it gets a fresh version.
 * The restored version was current while the aborted transaction wrote in place, and
 * a doomed reader may meanwhile have filled an inline cache (LOAD_GLOBAL) from a
 * mixed view: that version with the aborted write's value (a writer stores the value
 * before the version). With the old version back, the cache would hit and hand out a
 * value that was never committed (atomic_counters lost an atomic block's isolation
 * this way, 1 run in a few thousand). Versions are unique as long as no state is
 * ever given an old one again. */
void pv_dict_rolled_back(PvObject *o)
{
    if (o->type == &pv_type_dict || o->type->solid == &pv_type_dict)
        PV_STORE_RELAXED(((PvDict *)o)->version, new_version());
}

PvVal pv_dict_getc(PvVal d, const char *key) { return pv_dict_get_str(d, pv_intern(key)); }

/* Keys whose equality is decided in C: a lookup with them never runs Python code, so it
 * may happen inside the dict's critical section. */
static bool simple_key(PvVal k)
{
    if (PV_IS_SMALL(k)) return true;
    PvType *t = PV_OBJ(k)->type;
    return t == &pv_type_str || t == &pv_type_int || t == &pv_type_float || t == &pv_type_bool ||
           t == &pv_type_NoneType;
}

/* A table is written only with PV_WRITE_ITEMS, naming the words that change (the
 * checking build asserts it): the STM build's undo log then holds those words, not a
 * copy of the whole table, which for a dict of thousands of keys is hundreds of
 * kilobytes at every transaction's first insert. An index slot is half a word: its
 * barrier names the word that holds it. */
static int64_t *index_word(PvDictTable *tb, uint64_t i)
{
    return (int64_t *)((uintptr_t)&tb->index[i] & ~(uintptr_t)(sizeof(int64_t) - 1));
}

/* Appends a key known to be absent. Inside the CS, after the caller's PV_WRITE on
 * the dict. */
static void insert_absent(PvThread *t, PvDict *d, PvVal key, int64_t hash, PvVal value)
{
    PVCHECK_WRITABLE(t, PV_OBJ(d), "dict insert");
    PvDictTable *tb = d->table;
    if (tb->nentries >= tb->cap) {
        dict_resize(d, d->used + 1);
        tb = d->table;
    }
    uint64_t mask = (uint64_t)tb->nslots - 1, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    while (tb->index[i] >= 0) {          /* empty or deleted slots both take the key */
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    int64_t n = tb->nentries;
    PV_WRITE_ITEMS(t, PV_OBJ(tb), &tb->entries[n], sizeof(PvDictEntry) / sizeof(int64_t));
    PV_WRITE_ITEMS(t, PV_OBJ(tb), index_word(tb, i), 1);
    PV_WRITE_ITEMS(t, PV_OBJ(tb), &tb->nentries, 1);
    PV_STORE_RELAXED(tb->entries[n].hash, hash);
    PV_STORE_RELEASE(tb->entries[n].key, key);
    PV_STORE_RELEASE(tb->entries[n].value, value);
    __atomic_store_n(&tb->index[i], (int32_t)n, __ATOMIC_RELEASE);
    atomic_store_explicit((_Atomic int64_t *)&tb->nentries, n + 1, memory_order_release);
    PV_STORE_RELAXED(d->used, d->used + 1);
    PV_STORE_RELAXED(d->version, new_version());
}

static int dict_set_hashed(PvDict *d, PvVal key, int64_t hash, PvVal value)
{
    PvThread *t = pv_thread();
    bool simple = simple_key(key);
    for (;;) {
        /* A key whose __eq__ may run Python code is looked up outside the critical
         * section; the change is applied only if the dict did not change meanwhile. */
        PvDictTable *seen = PV_NULL;
        uint64_t seen_version = 0;
        int64_t ix = -1;
        if (!simple) {
            PV_READ(t, PV_OBJ(d));
            seen = load_table(d);
            seen_version = PV_LOAD_RELAXED(d->version);
            ix = table_lookup(seen, key, hash, NULL);
            if (ix == -2) return -1;
        }
        bool done = false;
        /* After the lookup: a key's __eq__ may have run Python code in between. */
        PV_WRITE(t, PV_OBJ(d));
        PV_CS_BEGIN(t, PV_OBJ(d));
        if (simple) ix = table_lookup(d->table, key, hash, NULL);
        if (simple || (d->table == seen && PV_LOAD_RELAXED(d->version) == seen_version)) {
            if (ix >= 0) {
                PVCHECK_WRITABLE(t, PV_OBJ(d), "dict store");
                PV_WRITE_ITEMS(t, PV_OBJ(d->table), &d->table->entries[ix].value, 1);
                PV_STORE_RELEASE(d->table->entries[ix].value, value);
                PV_STORE_RELAXED(d->version, new_version());
            } else {
                insert_absent(t, d, key, hash, value);
            }
            done = true;
        }
        PV_CS_END(t, PV_OBJ(d));
        if (done) return 0;
    }
}

int pv_dict_set(PvVal dv, PvVal key, PvVal value)
{
    int64_t hash;
    if (PV_IS_STR(key)) hash = pv_str_hash_fast(key);
    else if ((hash = pv_hash(key)) == -1) return -1;
    return dict_set_hashed(PV_DICT(dv), key, hash, value);
}

int pv_dict_setc(PvVal d, const char *key, PvVal value)
{
    return pv_dict_set(d, pv_intern(key), value);
}

int pv_dict_del(PvVal dv, PvVal key)
{
    PvDict *d = PV_DICT(dv);
    int64_t hash;
    if (PV_IS_STR(key)) hash = pv_str_hash_fast(key);
    else if ((hash = pv_hash(key)) == -1) return -1;
    PvThread *t = pv_thread();
    bool simple = simple_key(key);
    for (;;) {
        PvDictTable *seen = PV_NULL;
        uint64_t seen_version = 0;
        int64_t ix = -1, slot = -1;
        if (!simple) {              /* see dict_set_hashed */
            PV_READ(t, PV_OBJ(d));
            seen = load_table(d);
            seen_version = PV_LOAD_RELAXED(d->version);
            ix = table_lookup(seen, key, hash, &slot);
            if (ix == -2) return -1;
        }
        int rc = -1;
        PV_WRITE(t, PV_OBJ(d));            /* after the lookup, as in dict_set_hashed */
        PV_CS_BEGIN(t, PV_OBJ(d));
        if (simple) ix = table_lookup(d->table, key, hash, &slot);
        if (simple || (d->table == seen && PV_LOAD_RELAXED(d->version) == seen_version)) {
            if (ix < 0) rc = 0;
            else {
                PvDictTable *tb = d->table;
                PVCHECK_WRITABLE(t, PV_OBJ(d), "dict delete");
                PV_WRITE_ITEMS(t, PV_OBJ(tb), index_word(tb, (uint64_t)slot), 1);
                PV_WRITE_ITEMS(t, PV_OBJ(tb), &tb->entries[ix].key, 2);   /* key, value */
                PV_STORE_RELAXED(tb->index[slot], IX_DELETED);
                PV_STORE_RELEASE(tb->entries[ix].key, PV_NULL);
                PV_STORE_RELEASE(tb->entries[ix].value, PV_NULL);
                PV_STORE_RELAXED(d->used, d->used - 1);
                PV_STORE_RELAXED(d->version, new_version());
                rc = 1;
            }
        }
        PV_CS_END(t, PV_OBJ(d));
        if (rc >= 0) return rc;
    }
}

int64_t pv_dict_len(PvVal d)
{
    PV_READ(pv_thread(), PV_OBJ(d));
    return PV_LOAD_RELAXED(PV_DICT(d)->used);
}

bool pv_dict_next(PvVal dv, int64_t *pos, PvVal *key, PvVal *value)
{
    PvDict *d = PV_DICT(dv);
    PV_READ(pv_thread(), PV_OBJ(d));
    PvDictTable *tb = load_table(d);
    int64_t n = atomic_load_explicit((_Atomic int64_t *)&tb->nentries, memory_order_acquire);
    for (int64_t i = *pos; i < n; i++) {
        PvDictEntry *e = &tb->entries[i];
        PvVal k = PV_LOAD_ACQUIRE(e->key);
        if (k) {
            *pos = i + 1;
            if (key) *key = k;
            if (value) *value = PV_LOAD_ACQUIRE(e->value);
            return true;
        }
    }
    *pos = n;
    return false;
}

static void dict_clear(PvDict *d)
{
    PvThread *t = pv_thread();
    PV_WRITE(t, PV_OBJ(d));
    PvDictTable *nt = table_new(MIN_SLOTS);
    PV_CS_BEGIN(t, PV_OBJ(d));
    atomic_store_explicit((_Atomic(PvDictTable *) *)&d->table, nt, memory_order_release);
    PV_STORE_RELAXED(d->used, 0);
    PV_STORE_RELAXED(d->version, new_version());
    PV_CS_END(t, PV_OBJ(d));
}

PvVal pv_dict_copy(PvVal dv)
{
    PvDict *src = PV_DICT(dv);
    PvDict *d = dict_alloc(pv_type(dv) == &pv_type_dict ? &pv_type_dict : pv_type(dv));
    PvThread *t = pv_thread();
    PV_READ(t, PV_OBJ(src));
    PV_CS_BEGIN(t, PV_OBJ(src));
    PvDictTable *tb = src->table;
    PvDictTable *nt = table_new(slots_for(src->used));
    for (int64_t i = 0; i < tb->nentries; i++)
        if (tb->entries[i].key)
            table_insert_fresh(nt, tb->entries[i].hash, tb->entries[i].key, tb->entries[i].value);
    d->table = nt;
    d->used = src->used;
    PV_STORE_RELAXED(d->version, new_version());
    PV_CS_END(t, PV_OBJ(src));
    return PV_VAL(d);
}

/* d.update(other): a dict, or an iterable of pairs, or an object with keys(). */
int pv_dict_update(PvVal dv, PvVal other)
{
    if (PV_IS_DICT(other) || PV_HAS_TYPE(other, pv_type_set)) {
        PvVal snap = pv_dict_copy(other);   /* safe against other == dv and races */
        int64_t pos = 0;
        PvVal k, v;
        while (pv_dict_next(snap, &pos, &k, &v)) {
            PvDictTable *tb = PV_DICT(snap)->table;
            if (dict_set_hashed(PV_DICT(dv), k, tb->entries[pos - 1].hash, v) < 0) return -1;
        }
        return 0;
    }
    PvVal keys = pv_getattr_opt(other, pv_intern("keys"));
    if (keys) {
        PvVal ks = pv_call0(keys);
        if (!ks) return -1;
        PvVal it = pv_iter(ks);
        if (!it) return -1;
        PvVal k;
        while ((k = pv_next(it))) {
            PvVal v = pv_getitem(other, k);
            if (!v || pv_dict_set(dv, k, v) < 0) return -1;
        }
        return pv_err_occurred() ? -1 : 0;
    }
    if (pv_err_occurred()) return -1;
    PvVal it = pv_iter(other);
    if (!it) return -1;
    PvVal item;
    int64_t n = 0;
    while ((item = pv_next(it))) {
        PvVal pair = pv_sequence_to_tuple(item);
        if (!pair) {
            if (pv_err_is(pv_exc_TypeError)) {
                pv_err_clear();
                pv_raise(pv_exc_TypeError,
                         "cannot convert dictionary update sequence element #%ld to a sequence",
                         (long)n);
            }
            return -1;
        }
        if (pv_tuple_len(pair) != 2) {
            pv_raise(pv_exc_ValueError,
                     "dictionary update sequence element #%ld has length %ld; 2 is required",
                     (long)n, (long)pv_tuple_len(pair));
            return -1;
        }
        if (pv_dict_set(dv, pv_tuple_get(pair, 0), pv_tuple_get(pair, 1)) < 0) return -1;
        n++;
    }
    return pv_err_occurred() ? -1 : 0;
}

/* ---- the dict type ------------------------------------------------------------------ */

static PvVal dict_repr(PvVal self)
{
    if (pv_dict_len(self) == 0) return pv_intern("{}");
    if (!pv_repr_enter(self)) return pv_intern("{...}");
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_addc(&b, '{');
    int64_t pos = 0;
    PvVal k, v;
    bool first = true;
    while (pv_dict_next(self, &pos, &k, &v)) {
        if (!first) pvbuf_adds(&b, ", ");
        first = false;
        PvVal rk = pv_repr(k);
        PvVal rv = rk ? pv_repr(v) : PV_NULL;
        if (!rv) { pvbuf_free(&b); pv_repr_leave(self); return PV_NULL; }
        pvbuf_add(&b, pv_str_data(rk), (size_t)pv_str_len(rk));
        pvbuf_adds(&b, ": ");
        pvbuf_add(&b, pv_str_data(rv), (size_t)pv_str_len(rv));
    }
    pvbuf_addc(&b, '}');
    pv_repr_leave(self);
    return pv_str_from_buf(&b);
}

static PvVal dict_richcompare(PvVal a, PvVal b, int op)
{
    if ((op != PV_EQ && op != PV_NE) || !PV_IS_DICT(b)) return pv_NotImplemented;
    bool eq = pv_dict_len(a) == pv_dict_len(b);
    int64_t pos = 0;
    PvVal k, v;
    while (eq && pv_dict_next(a, &pos, &k, &v)) {
        PvVal w = pv_dict_get(b, k);
        if (!w) {
            if (pv_err_occurred()) return PV_NULL;
            eq = false;
            break;
        }
        int r = pv_eq(v, w);
        if (r < 0) return PV_NULL;
        eq = r;
    }
    return pv_bool(op == PV_EQ ? eq : !eq);
}

static int64_t dict_len_slot(PvVal self) { return pv_dict_len(self); }

static PvVal dict_getitem(PvVal self, PvVal key)
{
    PvVal v = pv_dict_get(self, key);
    if (v) return v;
    if (pv_err_occurred()) return PV_NULL;
    if (pv_type(self) != &pv_type_dict) {
        PvVal missing = pv_type_lookup(pv_type(self), pv_intern("__missing__"));
        if (missing) return pv_call2(missing, self, key);
    }
    return pv_raise_value(pv_exc_new(pv_exc_KeyError, pv_tuple_pack(1, key)));
}

static int dict_setitem(PvVal self, PvVal key, PvVal value)
{
    if (value) return pv_dict_set(self, key, value);
    int r = pv_dict_del(self, key);
    if (r == 0) {
        pv_raise_value(pv_exc_new(pv_exc_KeyError, pv_tuple_pack(1, key)));
        return -1;
    }
    return r < 0 ? -1 : 0;
}

static int dict_contains(PvVal self, PvVal key)
{
    PvVal v = pv_dict_get(self, key);
    if (v) return 1;
    return pv_err_occurred() ? -1 : 0;
}

static PvVal dict_iter(PvVal self) { return pv_seqiter_new(self, PV_ITER_DICT_KEYS); }

static PvVal dict_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    if (argc > 1) return pv_raise(pv_exc_TypeError, "dict expected at most 1 argument, got %d", argc);
    PvVal d = PV_VAL(dict_alloc(type));
    if (argc == 1 && pv_dict_update(d, argv[0]) < 0) return PV_NULL;
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    for (int i = 0; i < nkw; i++)
        if (pv_dict_set(d, pv_tuple_get(kwnames, i), argv[argc + i]) < 0) return PV_NULL;
    return d;
}

static PvVal dict_m_get(int argc, PvVal *argv)
{
    PvVal v = pv_dict_get(argv[0], argv[1]);
    if (v) return v;
    if (pv_err_occurred()) return PV_NULL;
    return argc > 2 ? argv[2] : pv_None;
}

static PvVal dict_m_setdefault(int argc, PvVal *argv)
{
    PvVal v = pv_dict_get(argv[0], argv[1]);
    if (v) return v;
    if (pv_err_occurred()) return PV_NULL;
    PvVal def = argc > 2 ? argv[2] : pv_None;
    if (pv_dict_set(argv[0], argv[1], def) < 0) return PV_NULL;
    return def;
}

static PvVal dict_m_pop(int argc, PvVal *argv)
{
    PvVal v = pv_dict_get(argv[0], argv[1]);
    if (!v) {
        if (pv_err_occurred()) return PV_NULL;
        if (argc > 2) return argv[2];
        return pv_raise_value(pv_exc_new(pv_exc_KeyError, pv_tuple_pack(1, argv[1])));
    }
    if (pv_dict_del(argv[0], argv[1]) < 0) return PV_NULL;
    return v;
}

static PvVal dict_m_popitem(int argc, PvVal *argv)
{
    (void)argc;
    PvDict *d = PV_DICT(argv[0]);
    PV_READ(pv_thread(), PV_OBJ(d));
    PvDictTable *tb = load_table(d);
    for (int64_t i = tb->nentries - 1; i >= 0; i--) {
        PvVal k = tb->entries[i].key, v = tb->entries[i].value;
        if (k) {
            if (pv_dict_del(argv[0], k) < 0) return PV_NULL;
            return pv_tuple_pack(2, k, v);
        }
    }
    return pv_raise(pv_exc_KeyError, "'popitem(): dictionary is empty'");
}

static PvVal dict_m_keys(int argc, PvVal *argv) { (void)argc; return pv_dict_view(argv[0], &pv_type_dict_keys); }
static PvVal dict_m_values(int argc, PvVal *argv) { (void)argc; return pv_dict_view(argv[0], &pv_type_dict_values); }
static PvVal dict_m_items(int argc, PvVal *argv) { (void)argc; return pv_dict_view(argv[0], &pv_type_dict_items); }

static PvVal dict_m_update(int argc, PvVal *argv, PvVal kwnames)
{
    if (argc > 2) return pv_raise(pv_exc_TypeError, "update expected at most 1 argument, got %d", argc - 1);
    if (argc == 2 && pv_dict_update(argv[0], argv[1]) < 0) return PV_NULL;
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    for (int i = 0; i < nkw; i++)
        if (pv_dict_set(argv[0], pv_tuple_get(kwnames, i), argv[argc + i]) < 0) return PV_NULL;
    return pv_None;
}

static PvVal dict_m_clear(int argc, PvVal *argv) { (void)argc; dict_clear(PV_DICT(argv[0])); return pv_None; }
static PvVal dict_m_copy(int argc, PvVal *argv) { (void)argc; return pv_dict_copy(argv[0]); }

static PvVal dict_m_fromkeys(int argc, PvVal *argv)
{
    PvVal d = pv_dict_new();
    PvVal it = pv_iter(argv[1]);
    if (!it) return PV_NULL;
    PvVal v = argc > 2 ? argv[2] : pv_None, k;
    while ((k = pv_next(it)))
        if (pv_dict_set(d, k, v) < 0) return PV_NULL;
    return pv_err_occurred() ? PV_NULL : d;
}

PvType pv_type_dict = {
    .name = "dict", .size = sizeof(PvDict), .flags = PV_TYPE_BASETYPE | PV_TYPE_LOCKABLE,
    .trace = dict_trace, .repr = dict_repr, .richcompare = dict_richcompare,
    .len = dict_len_slot, .getitem = dict_getitem, .setitem = dict_setitem,
    .contains = dict_contains, .iter = dict_iter, .new_ = dict_new,
};

/* ---- views ---------------------------------------------------------------------- */

typedef struct PvDictView { PvBareObject ob; PvVal dict; } PvDictView;

static void view_trace(PvObject *o, PvVisitFn visit, void *ctx) { visit(((PvDictView *)o)->dict, ctx); }

PvVal pv_dict_view(PvVal d, PvType *kind)
{
    PvDictView *v = PV_NEW(PvDictView, kind);
    v->dict = d;
    return PV_VAL(v);
}

static int64_t view_len(PvVal self) { return pv_dict_len(((PvDictView *)self)->dict); }

static PvVal view_iter(PvVal self)
{
    PvType *t = pv_type(self);
    int kind = t == &pv_type_dict_keys ? PV_ITER_DICT_KEYS
             : t == &pv_type_dict_values ? PV_ITER_DICT_VALUES : PV_ITER_DICT_ITEMS;
    return pv_seqiter_new(((PvDictView *)self)->dict, kind);
}

static int view_contains(PvVal self, PvVal key)
{
    PvVal d = ((PvDictView *)self)->dict;
    PvType *t = pv_type(self);
    if (t == &pv_type_dict_keys) return dict_contains(d, key);
    if (t == &pv_type_dict_items) {
        if (!PV_IS_TUPLE(key) || pv_tuple_len(key) != 2) return 0;
        PvVal v = pv_dict_get(d, pv_tuple_get(key, 0));
        if (!v) return pv_err_occurred() ? -1 : 0;
        return pv_eq(v, pv_tuple_get(key, 1));
    }
    PvVal it = view_iter(self), x;
    while ((x = pv_next(it))) {
        int r = pv_eq(x, key);
        if (r) return r;
    }
    return pv_err_occurred() ? -1 : 0;
}

static PvVal view_repr(PvVal self)
{
    PvVal lst = pv_sequence_to_list(self);
    if (!lst) return PV_NULL;
    PvVal r = pv_repr(lst);
    if (!r) return PV_NULL;
    return pv_str_fmt("%s(%s)", pv_type_name(self), pv_str_data(r));
}

static PvVal view_richcompare(PvVal a, PvVal b, int op)
{
    /* keys() == keys()/set: compare as sets. */
    if (op != PV_EQ && op != PV_NE) return pv_NotImplemented;
    if (pv_type(a) == &pv_type_dict_values) return pv_NotImplemented;
    PvVal sa = pv_set_from_iterable(&pv_type_set, a);
    PvVal sb = sa ? pv_set_from_iterable(&pv_type_set, b) : PV_NULL;
    if (!sb) { pv_err_clear(); return pv_NotImplemented; }
    return pv_richcompare(sa, sb, op);
}

PvType pv_type_dict_keys = {.name = "dict_keys", .size = sizeof(PvDictView), .trace = view_trace,
    .len = view_len, .iter = view_iter, .contains = view_contains, .repr = view_repr,
    .richcompare = view_richcompare};
PvType pv_type_dict_values = {.name = "dict_values", .size = sizeof(PvDictView), .trace = view_trace,
    .len = view_len, .iter = view_iter, .contains = view_contains, .repr = view_repr};
PvType pv_type_dict_items = {.name = "dict_items", .size = sizeof(PvDictView), .trace = view_trace,
    .len = view_len, .iter = view_iter, .contains = view_contains, .repr = view_repr,
    .richcompare = view_richcompare};

/* ---- set and frozenset core -------------------------------------------------------- */

PvVal pv_set_new(PvType *type) { return PV_VAL(dict_alloc(type)); }

int pv_set_add(PvVal s, PvVal key)
{
    int64_t hash;
    if (PV_IS_STR(key)) hash = pv_str_hash_fast(key);
    else if ((hash = pv_hash(key)) == -1) return -1;
    return dict_set_hashed(PV_DICT(s), key, hash, pv_True);
}

int pv_set_contains(PvVal s, PvVal key)
{
    PvVal v = pv_dict_get(s, key);
    if (v) return 1;
    if (pv_err_occurred()) {
        /* A set as key of a set lookup: unhashable means not present (frozenset rule). */
        return -1;
    }
    return 0;
}

int pv_set_discard(PvVal s, PvVal key) { return pv_dict_del(s, key); }

PvVal pv_set_from_iterable(PvType *type, PvVal iterable)
{
    PvVal s = pv_set_new(type);
    if (!iterable) return s;
    if (PV_IS_DICT(iterable) || PV_IS_SET(iterable)) {
        int64_t pos = 0;
        PvVal k;
        while (pv_dict_next(iterable, &pos, &k, NULL))
            if (pv_set_add(s, k) < 0) return PV_NULL;
        return s;
    }
    PvVal it = pv_iter(iterable);
    if (!it) return PV_NULL;
    PvVal x;
    while ((x = pv_next(it)))
        if (pv_set_add(s, x) < 0) return PV_NULL;
    return pv_err_occurred() ? PV_NULL : s;
}

void pv_set_clear(PvVal s) { dict_clear(PV_DICT(s)); }

void pv_dict_init(void)
{
    pv_type_ready(&pv_type_dicttable);
    pv_type_ready(&pv_type_dict);
    pv_type_ready(&pv_type_dict_keys);
    pv_type_ready(&pv_type_dict_values);
    pv_type_ready(&pv_type_dict_items);
    PvType *t = &pv_type_dict;
    pv_type_add_method(t, "get", dict_m_get, 2, 3);
    pv_type_add_method(t, "setdefault", dict_m_setdefault, 2, 3);
    pv_type_add_method(t, "pop", dict_m_pop, 2, 3);
    pv_type_add_method(t, "popitem", dict_m_popitem, 1, 1);
    pv_type_add_method(t, "keys", dict_m_keys, 1, 1);
    pv_type_add_method(t, "values", dict_m_values, 1, 1);
    pv_type_add_method(t, "items", dict_m_items, 1, 1);
    pv_type_add_method_kw(t, "update", dict_m_update);
    pv_type_add_method(t, "clear", dict_m_clear, 1, 1);
    pv_type_add_method(t, "copy", dict_m_copy, 1, 1);
    pv_type_add_value(t, "fromkeys", pv_classmethod_new(pv_builtin_new("fromkeys", dict_m_fromkeys, 2, 3)));
}
