/* mod_random.c — the `random` module: the Random class (a Mersenne Twister per
 * instance, pvrandom.h) and module-level functions bound to one hidden instance
 * seeded from the OS at import, as CPython does (random.random is _inst.random).
 *
 * Every draw reproduces CPython 3.11 for int seeds, including the choice of
 * algorithm in sample() and the cached second value of gauss(). Deviations: seeds
 * must be int or None (CPython also hashes floats and strings), and getrandbits(k)
 * is limited to k <= 63 since parvm's ints are 64-bit.
 *
 * Sharing: a Random instance is a mutable heap object that several threads may use.
 * Each method takes its draws inside the instance's critical section, after its
 * write barrier; no Python code runs and nothing allocates inside, so draws are
 * computed first (indices, floats) and applied to Python objects afterwards. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thread.h"
#include "vm.h"
#include "pvrandom.h"

typedef struct PvRandomObj {
    PvObject ob;
    PvRandom rng;
    double gauss_next;      /* valid when has_gauss_next: gauss()'s cached value */
    bool has_gauss_next;
} PvRandomObj;

static PvType random_type;

#define RND(v) ((PvRandomObj *)(v))

/* Brackets every state update. `t` is only read by the hooks, which may expand to
 * nothing. */
#define DRAW_BEGIN(self) \
    PvThread *t_ __attribute__((unused)) = pv_thread(); \
    PV_WRITE(t_, PV_OBJ(self)); \
    PV_CS_BEGIN(t_, PV_OBJ(self))
#define DRAW_END(self) PV_CS_END(t_, PV_OBJ(self))

/* ---- seeding ---------------------------------------------------------------------- */

static bool rnd_seed(PvVal self, PvVal a)
{
    PvRandomObj *r = RND(self);
    int64_t n = 0;
    bool from_os = a == PV_NULL || a == pv_None;
    if (!from_os) {
        if (!PV_IS_INT(a) && !PV_IS_BOOL(a)) {
            pv_raise(pv_exc_TypeError,
                     "random seed must be an int or None in parvm, not '%s'", pv_type_name(a));
            return false;
        }
        n = pv_int_value(a);
    }
    DRAW_BEGIN(self);
    if (from_os) pvrand_seed_os(&r->rng);
    else pvrand_seed_int(&r->rng, n);
    r->has_gauss_next = false;
    DRAW_END(self);
    return true;
}

static PvVal random_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"x"};
    PvVal a[1];
    if (!pv_parse_args("Random", argc, argv, kwnames, 1, names, 0, a)) return PV_NULL;
    PvVal self = PV_VAL(pvgc_alloc(pv_thread(), type, sizeof(PvRandomObj)));
    return rnd_seed(self, a[0]) ? self : PV_NULL;
}

/* ---- argument helpers --------------------------------------------------------------- */

static PvVal check_self(PvVal v)
{
    if (PV_HAS_TYPE(v, random_type)) return v;
    return pv_raise(pv_exc_TypeError, "descriptor requires a 'Random' object but received a '%s'",
                    pv_type_name(v));
}

/* randrange's argument conversion (CPython 3.11): an int, or a float equal to an
 * int (accepted, deprecated); anything else is ValueError with `what` named. */
static bool range_arg(PvVal v, const char *what, int64_t *out)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) { *out = pv_int_value(v); return true; }
    if (!PV_IS_FLOAT(v) && pv_type_dunder(pv_type(v), PV_DUNDER_index))
        return pv_as_int64(v, out, NULL);
    if (PV_IS_FLOAT(v)) {
        double d = pv_float_value(v);
        if (d == trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            *out = (int64_t)d;
            return true;
        }
        if (isinf(d)) {
            pv_raise(pv_exc_OverflowError, "cannot convert float infinity to integer");
            return false;
        }
        if (!isnan(d) && d == trunc(d)) { pv_overflow(); return false; }
    }
    pv_raise(pv_exc_ValueError, "non-integer %s for randrange()", what);
    return false;
}

/* An int argument (int, bool, __index__), with CPython's message otherwise. */
static bool int_arg(PvVal v, int64_t *out)
{
    if (PV_IS_INT(v) || PV_IS_BOOL(v)) { *out = pv_int_value(v); return true; }
    if (pv_type_dunder(pv_type(v), PV_DUNDER_index)) return pv_as_int64(v, out, NULL);
    pv_raise(pv_exc_TypeError, "'%s' object cannot be interpreted as an integer",
             pv_type_name(v));
    return false;
}

static PvVal range_error(PvRandStatus st, int64_t start, int64_t stop)
{
    char msg[160];
    pvrand_range_message(st, start, stop, msg, sizeof msg);
    return pv_raise(pv_exc_ValueError, "%s", msg);
}

static bool real_arg(PvVal v, double *out)
{
    if (pv_as_double(v, out)) return true;
    pv_raise(pv_exc_TypeError, "must be real number, not %s", pv_type_name(v));
    return false;
}

/* Keyword-only arguments of a C method: fills out[i] for each name given. */
static bool kwonly(const char *fname, int argc, PvVal *argv, PvVal kwnames, int nnames,
                   const char *const *names, PvVal *out)
{
    for (int i = 0; i < nnames; i++) out[i] = PV_NULL;
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    for (int i = 0; i < nkw; i++) {
        const char *k = pv_str_data(pv_tuple_get(kwnames, i));
        int j = 0;
        while (j < nnames && strcmp(k, names[j]) != 0) j++;
        if (j == nnames) {
            pv_raise(pv_exc_TypeError, "%s() got an unexpected keyword argument '%s'", fname, k);
            return false;
        }
        out[j] = argv[argc + i];
    }
    return true;
}

/* ---- methods (argv[0] is the Random instance) ------------------------------------ */

static PvVal rm_seed(int argc, PvVal *argv)
{
    if (!check_self(argv[0])) return PV_NULL;
    return rnd_seed(argv[0], argc > 1 ? argv[1] : PV_NULL) ? pv_None : PV_NULL;
}

static PvVal rm_random(int argc, PvVal *argv)
{
    (void)argc;
    if (!check_self(argv[0])) return PV_NULL;
    double d;
    DRAW_BEGIN(argv[0]);
    d = pvrand_random(&RND(argv[0])->rng);
    DRAW_END(argv[0]);
    return pv_float(d);
}

static PvVal rm_getrandbits(int argc, PvVal *argv)
{
    (void)argc;
    if (!check_self(argv[0])) return PV_NULL;
    int64_t k;
    if (!int_arg(argv[1], &k)) return PV_NULL;
    if (k < 0) return pv_raise(pv_exc_ValueError, "number of bits must be non-negative");
    if (k > 63) return pv_overflow();         /* the result may not fit in 64 bits */
    uint64_t bits;
    DRAW_BEGIN(argv[0]);
    bits = pvrand_getrandbits(&RND(argv[0])->rng, (unsigned)k);
    DRAW_END(argv[0]);
    return pv_int((int64_t)bits);
}

/* randrange(start, stop=None, step=1) with CPython 3.11's checks and their order. */
static PvVal rm_randrange(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"self", "start", "stop", "step"};
    PvVal a[4];
    if (!pv_parse_args("randrange", argc, argv, kwnames, 4, names, 2, a)) return PV_NULL;
    if (!check_self(a[0])) return PV_NULL;
    int64_t start, stop, step = 1, out = 0;
    PvRandStatus st;
    if (!range_arg(a[1], "arg 1", &start)) return PV_NULL;
    if (!a[2] || a[2] == pv_None) {
        if (a[3] && !(PV_IS_SMALL(a[3]) && PV_SMALL_VALUE(a[3]) == 1))
            return pv_raise(pv_exc_TypeError, "Missing a non-None stop argument");
        DRAW_BEGIN(a[0]);
        st = pvrand_randrange1(&RND(a[0])->rng, start, &out);
        DRAW_END(a[0]);
        return st == PVRAND_OK ? pv_int(out) : range_error(st, 0, start);
    }
    if (!range_arg(a[2], "stop", &stop)) return PV_NULL;
    if (a[3] && !range_arg(a[3], "step", &step)) return PV_NULL;
    DRAW_BEGIN(a[0]);
    st = pvrand_randrange(&RND(a[0])->rng, start, stop, step, &out);
    DRAW_END(a[0]);
    return st == PVRAND_OK ? pv_int(out) : range_error(st, start, stop);
}

static PvVal rm_randint(int argc, PvVal *argv)
{
    (void)argc;
    if (!check_self(argv[0])) return PV_NULL;
    int64_t lo, hi, out = 0;
    if (!range_arg(argv[1], "arg 1", &lo) || !range_arg(argv[2], "stop", &hi)) return PV_NULL;
    PvRandStatus st;
    DRAW_BEGIN(argv[0]);
    st = pvrand_randint(&RND(argv[0])->rng, lo, hi, &out);
    DRAW_END(argv[0]);
    return st == PVRAND_OK ? pv_int(out) : range_error(st, lo, hi + 1);
}

static PvVal rm_choice(int argc, PvVal *argv)
{
    (void)argc;
    if (!check_self(argv[0])) return PV_NULL;
    int64_t n = pv_len(argv[1]);
    if (n < 0) return PV_NULL;
    if (n == 0) return pv_raise(pv_exc_IndexError, "Cannot choose from an empty sequence");
    size_t i;
    DRAW_BEGIN(argv[0]);
    i = pvrand_choice_index(&RND(argv[0])->rng, (size_t)n);
    DRAW_END(argv[0]);
    return pv_getitem(argv[1], pv_int((int64_t)i));
}

/* shuffle(x): a list is snapshotted into a private tuple, permuted there with
 * CPython's swaps, and written back with one slice assignment (atomic under the
 * list's critical section); other mutable sequences are swapped item by item. */
static PvVal rm_shuffle(int argc, PvVal *argv)
{
    (void)argc;
    PvVal self = argv[0], x = argv[1];
    if (!check_self(self)) return PV_NULL;
    if (PV_IS_LIST(x)) {
        /* A list's tuple copy is fresh (taken under the list's critical section). */
        PvVal tup = pv_sequence_to_tuple(x);
        if (!tup) return PV_NULL;
        int64_t n = pv_tuple_len(tup);
        DRAW_BEGIN(self);
        pvrand_shuffle_u64(&RND(self)->rng, (uint64_t *)PV_TUPLE(tup)->items, (size_t)n);
        DRAW_END(self);
        PvVal all = pv_slice_new(pv_None, pv_None, pv_None);
        return pv_list_setitem(x, all, tup) < 0 ? PV_NULL : pv_None;
    }
    int64_t n = pv_len(x);
    if (n < 0) return PV_NULL;
    for (int64_t i = n - 1; i >= 1; i--) {
        uint64_t j;
        DRAW_BEGIN(self);
        j = pvrand_randbelow(&RND(self)->rng, (uint64_t)i + 1);
        DRAW_END(self);
        PvVal ki = pv_int(i), kj = pv_int((int64_t)j);
        PvVal vi = pv_getitem(x, ki);
        PvVal vj = vi ? pv_getitem(x, kj) : PV_NULL;
        if (!vj || pv_setitem(x, ki, vj) < 0 || pv_setitem(x, kj, vi) < 0) return PV_NULL;
    }
    return pv_None;
}

static PvVal rm_uniform(int argc, PvVal *argv)
{
    (void)argc;
    if (!check_self(argv[0])) return PV_NULL;
    double a, b, r;
    if (!real_arg(argv[1], &a) || !real_arg(argv[2], &b)) return PV_NULL;
    DRAW_BEGIN(argv[0]);
    r = pvrand_uniform(&RND(argv[0])->rng, a, b);
    DRAW_END(argv[0]);
    return pv_float(r);
}

/* A set of distinct indices for sample()'s set-based branch: open addressing over
 * uint64 with UINT64_MAX as the empty mark (indices are < n <= INT64_MAX). */
typedef struct IndexSet { uint64_t *slot; uint64_t mask; } IndexSet;

static void iset_init(IndexSet *s, int64_t k)
{
    uint64_t cap = 8;
    while (cap < (uint64_t)k * 2) cap <<= 1;
    s->slot = pv_xmalloc(cap * sizeof(uint64_t));
    memset(s->slot, 0xff, cap * sizeof(uint64_t));
    s->mask = cap - 1;
}

/* Adds j; false if it was already present. */
static bool iset_add(IndexSet *s, uint64_t j)
{
    uint64_t i = (j * UINT64_C(0x9E3779B97F4A7C15)) >> 7 & s->mask;
    while (s->slot[i] != UINT64_MAX) {
        if (s->slot[i] == j) return false;
        i = (i + 1) & s->mask;
    }
    s->slot[i] = j;
    return true;
}

/* sample(population, k, *, counts=None), CPython 3.11's algorithm: a pool (partial
 * Fisher-Yates on a copy) when the population is no bigger than the set a
 * rejection-sampling run would need, else rejection sampling of distinct indices.
 * Both branches draw the same numbers CPython draws; the draws depend only on n and
 * k, so they are taken first, inside the critical section, and applied after. */
static PvVal rm_sample(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const knames[] = {"counts"};
    PvVal counts;
    if (!kwonly("sample", argc, argv, kwnames, 1, knames, &counts)) return PV_NULL;
    PvVal pos[3] = {PV_NULL, PV_NULL, PV_NULL};
    if (argc > 3) return pv_raise(pv_exc_TypeError, "sample() takes 3 positional arguments but %d were given", argc);
    for (int i = 0; i < argc; i++) pos[i] = argv[i];
    PvVal self = pos[0], population = pos[1];
    if (!check_self(self)) return PV_NULL;
    if (!population || !pos[2])
        return pv_raise(pv_exc_TypeError, "sample() missing required argument: '%s'",
                        !population ? "population" : "k");
    if (counts && counts != pv_None)
        return pv_raise(pv_exc_TypeError, "sample(): counts is not supported in parvm");
    PvType *pt = pv_type(population);
    if (pt != &pv_type_list && pt != &pv_type_tuple && pt != &pv_type_str && pt != &pv_type_range)
        return pv_raise(pv_exc_TypeError,
                        "Population must be a sequence.  For dicts or sets, use sorted(d).");
    int64_t k;
    if (!int_arg(pos[2], &k)) return PV_NULL;
    int64_t n = pv_len(population);
    if (n < 0) return PV_NULL;
    if (k < 0 || k > n) return pv_raise(pv_exc_ValueError, "Sample larger than population or is negative");

    int64_t setsize = 21;                 /* size of a small set minus an empty list */
    if (k > 5) setsize += (int64_t)1 << (2 * (int64_t)ceil(log((double)(k * 3)) / log(4.0)));
    bool use_pool = n <= setsize;

    uint64_t *idx = pv_xmalloc((size_t)(k ? k : 1) * sizeof(uint64_t));
    IndexSet seen = {NULL, 0};
    if (!use_pool) iset_init(&seen, k);
    DRAW_BEGIN(self);
    PvRandom *rng = &RND(self)->rng;
    for (int64_t i = 0; i < k; i++) {
        if (use_pool) {
            idx[i] = pvrand_randbelow(rng, (uint64_t)(n - i));
        } else {
            uint64_t j;
            do j = pvrand_randbelow(rng, (uint64_t)n);
            while (!iset_add(&seen, j));
            idx[i] = j;
        }
    }
    DRAW_END(self);
    free(seen.slot);

    PvVal result = pv_list_new(k), pool = PV_NULL;
    if (result && use_pool) pool = pv_sequence_to_list(population);
    for (int64_t i = 0; result && i < k; i++) {
        PvVal v;
        if (use_pool) {
            /* pool[0 : n - i] holds the items not chosen yet. */
            int64_t j = (int64_t)idx[i];
            if (!pool || !(v = pv_list_get(pool, j))) { result = PV_NULL; break; }
            PvVal last = pv_list_get(pool, n - i - 1);
            if (!last || pv_list_set(pool, j, last) < 0) { result = PV_NULL; break; }
        } else if (!(v = pv_getitem(population, pv_int((int64_t)idx[i])))) {
            result = PV_NULL;
            break;
        }
        if (pv_list_set(result, i, v) < 0) result = PV_NULL;
    }
    free(idx);
    return result;
}

/* gauss(mu=0.0, sigma=1.0): Box-Muller producing two values; the second is cached
 * in the instance and returned by the next call (CPython's gauss_next). */
static PvVal rm_gauss(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"self", "mu", "sigma"};
    PvVal a[3];
    if (!pv_parse_args("gauss", argc, argv, kwnames, 3, names, 1, a)) return PV_NULL;
    if (!check_self(a[0])) return PV_NULL;
    double mu = 0.0, sigma = 1.0, z;
    if ((a[1] && !real_arg(a[1], &mu)) || (a[2] && !real_arg(a[2], &sigma))) return PV_NULL;
    PvRandomObj *r = RND(a[0]);
    DRAW_BEGIN(a[0]);
    if (r->has_gauss_next) {
        z = r->gauss_next;
        r->has_gauss_next = false;
    } else {
        double x2pi = pvrand_random(&r->rng) * (2.0 * M_PI);
        double g2rad = sqrt(-2.0 * log(1.0 - pvrand_random(&r->rng)));
        z = cos(x2pi) * g2rad;
        r->gauss_next = sin(x2pi) * g2rad;
        r->has_gauss_next = true;
    }
    DRAW_END(a[0]);
    return pv_float(mu + z * sigma);
}

/* normalvariate(mu=0.0, sigma=1.0): Kinderman and Monahan's ratio method. */
static PvVal rm_normalvariate(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"self", "mu", "sigma"};
    PvVal a[3];
    if (!pv_parse_args("normalvariate", argc, argv, kwnames, 3, names, 1, a)) return PV_NULL;
    if (!check_self(a[0])) return PV_NULL;
    double mu = 0.0, sigma = 1.0, z;
    if ((a[1] && !real_arg(a[1], &mu)) || (a[2] && !real_arg(a[2], &sigma))) return PV_NULL;
    const double nv_magicconst = 4 * exp(-0.5) / sqrt(2.0);
    DRAW_BEGIN(a[0]);
    PvRandom *rng = &RND(a[0])->rng;
    for (;;) {
        double u1 = pvrand_random(rng);
        double u2 = 1.0 - pvrand_random(rng);
        z = nv_magicconst * (u1 - 0.5) / u2;
        double zz = z * z / 4.0;
        if (zz <= -log(u2)) break;
    }
    DRAW_END(a[0]);
    return pv_float(mu + z * sigma);
}

static PvVal rm_expovariate(int argc, PvVal *argv)
{
    (void)argc;
    if (!check_self(argv[0])) return PV_NULL;
    double lambd, u;
    if (!real_arg(argv[1], &lambd)) return PV_NULL;
    DRAW_BEGIN(argv[0]);
    u = pvrand_random(&RND(argv[0])->rng);
    DRAW_END(argv[0]);
    if (lambd == 0.0) return pv_raise(pv_exc_ZeroDivisionError, "float division by zero");
    return pv_float(-log(1.0 - u) / lambd);
}

/* choices(population, weights=None, *, cum_weights=None, k=1). Cumulative weights are
 * accumulated in doubles: exact for the int and float weights programs use, where
 * CPython's accumulate-then-compare gives the same bisection. */
static PvVal rm_choices(int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"self", "population", "weights", "cum_weights", "k"};
    PvVal a[5];
    if (!pv_parse_args("choices", argc, argv, kwnames, 5, names, 2, a)) return PV_NULL;
    if (argc > 3)
        return pv_raise(pv_exc_TypeError, "choices() takes from 2 to 3 positional arguments but %d were given", argc);
    if (!check_self(a[0])) return PV_NULL;
    PvVal self = a[0], population = a[1];
    PvVal weights = a[2] == pv_None ? PV_NULL : a[2], cum = a[3] == pv_None ? PV_NULL : a[3];
    int64_t k = 1;
    if (a[4] && !int_arg(a[4], &k)) return PV_NULL;
    int64_t n = pv_len(population);
    if (n < 0) return PV_NULL;
    if (k < 0) k = 0;
    if (weights && cum)
        return pv_raise(pv_exc_TypeError, "Cannot specify both weights and cumulative weights");

    double *draw = pv_xmalloc((size_t)(k ? k : 1) * sizeof(double));
    double *cw = NULL;
    int64_t ncw = 0;
    PvVal result = PV_NULL;
    if (weights || cum) {
        PvVal w = pv_sequence_to_list(weights ? weights : cum);
        if (!w) goto done;
        ncw = pv_list_len(w);
        cw = pv_xmalloc((size_t)(ncw ? ncw : 1) * sizeof(double));
        double acc = 0.0;
        for (int64_t i = 0; i < ncw; i++) {
            double x;
            if (!real_arg(pv_list_get(w, i), &x)) goto done;
            acc = weights ? (i ? acc + x : x) : x;
            cw[i] = acc;
        }
        if (ncw != n) {
            pv_raise(pv_exc_ValueError, "The number of weights does not match the population");
            goto done;
        }
        double total = n ? cw[n - 1] : 0.0;
        if (!(total > 0.0)) {
            pv_raise(pv_exc_ValueError, "Total of weights must be greater than zero");
            goto done;
        }
        if (!isfinite(total)) {
            pv_raise(pv_exc_ValueError, "Total of weights must be finite");
            goto done;
        }
    }
    {
        DRAW_BEGIN(self);
        for (int64_t i = 0; i < k; i++) draw[i] = pvrand_random(&RND(self)->rng);
        DRAW_END(self);
    }
    result = pv_list_new(k);
    for (int64_t i = 0; result && i < k; i++) {
        int64_t j;
        if (!cw) {
            j = (int64_t)floor(draw[i] * (double)n);
        } else {
            /* bisect_right(cum_weights, x, 0, n - 1) */
            double x = draw[i] * cw[n - 1];
            int64_t lo = 0, hi = n - 1;
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (x < cw[mid]) hi = mid;
                else lo = mid + 1;
            }
            j = lo;
        }
        PvVal v = pv_getitem(population, pv_int(j));
        if (!v || pv_list_set(result, i, v) < 0) result = PV_NULL;
    }
done:
    free(draw);
    free(cw);
    return result;
}

/* A Random holds no references: its own trace stops object's (PvInstance) trace
 * from being inherited and reading generator words as values. */
static void random_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    (void)o;
    (void)visit;
    (void)ctx;
}

static PvType random_type = {
    .name = "Random", .flags = PV_TYPE_LOCKABLE, .size = sizeof(PvRandomObj), .trace = random_trace, .new_ = random_new,
};

/* ---- the module --------------------------------------------------------------------- */

static const char *const module_funcs[] = {
    "seed", "random", "getrandbits", "randrange", "randint", "choice", "shuffle",
    "uniform", "sample", "gauss", "normalvariate", "expovariate", "choices",
};

static PvVal random_make(void)
{
    PvVal m = pv_module_new("random");
    pv_module_add(m, "Random", PV_VAL(&random_type));
    PvVal inst = random_new(&random_type, 0, NULL, PV_NULL);
    if (!inst) return PV_NULL;
    pv_module_add(m, "_inst", inst);
    for (size_t i = 0; i < PV_ARRAY_LEN(module_funcs); i++) {
        PvVal f = pv_type_lookup(&random_type, pv_intern(module_funcs[i]));
        pv_module_add(m, module_funcs[i], pv_method_new(f, inst));
    }
    return m;
}

void pv_mod_random_init(void)
{
    pv_type_ready(&random_type);
    PvType *t = &random_type;
    pv_type_add_method(t, "seed", rm_seed, 1, 2);
    pv_type_add_method(t, "random", rm_random, 1, 1);
    pv_type_add_method(t, "getrandbits", rm_getrandbits, 2, 2);
    pv_type_add_method_kw(t, "randrange", rm_randrange);
    pv_type_add_method(t, "randint", rm_randint, 3, 3);
    pv_type_add_method(t, "choice", rm_choice, 2, 2);
    pv_type_add_method(t, "shuffle", rm_shuffle, 2, 2);
    pv_type_add_method(t, "uniform", rm_uniform, 3, 3);
    pv_type_add_method_kw(t, "sample", rm_sample);
    pv_type_add_method_kw(t, "gauss", rm_gauss);
    pv_type_add_method_kw(t, "normalvariate", rm_normalvariate);
    pv_type_add_method(t, "expovariate", rm_expovariate, 2, 2);
    pv_type_add_method_kw(t, "choices", rm_choices);
    pv_register_builtin_module("random", random_make);
}
