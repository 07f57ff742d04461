/* mod_thread.c — OS threads for Python code: the `_thread` module (start_new_thread,
 * locks, re-entrant locks, thread-local storage, get_ident) on which the embedded
 * `threading` module (lib/threading.py) is written, and the `parvm` module
 * (atomic blocks, the build's name, counters).
 *
 * Every wait goes through pvsync_block_begin/end so the GIL (or a transaction) is
 * released while a thread sleeps on a lock. In a build without threads
 * (PVSYNC_THREADS == 0) a new thread runs to completion inside start_new_thread, and a
 * wait that could only end by another thread's action raises RuntimeError. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "thread.h"
#include "vm.h"
#include "pvpapi.h"

/* The embedded Python half of the threading module. */
__asm__(".section .rodata\n"
        ".global pv_lib_threading_py\n"
        ".global pv_lib_threading_py_end\n"
        "pv_lib_threading_py:\n"
        ".incbin \"variants/core/lib/threading.py\"\n"
        "pv_lib_threading_py_end:\n"
        ".byte 0\n"
        ".previous\n");

/* ---- locks --------------------------------------------------------------------------- */

/* A lock's state is fields of the lock object, read and written like any other object's
 * (in a critical section, behind barriers), so the STM build's transactions take and
 * give locks without becoming inevitable: a transaction that took a lock and then
 * aborts gives it back by its rollback. Nothing the OS knows about lives in the object
 * (a rollback restores the object's bytes): a thread that has to wait sleeps in a
 * parking lot, a fixed table of condition variables picked by the lock's address. Two
 * locks sharing a bucket cost a spurious wake-up, after which the waiter looks again.
 *
 * A waiter looks at `locked` outside any critical section or transaction. It may see
 * a running transaction's write that is later rolled back; it then only wakes early
 * and takes the lock (or goes back to waiting) in a critical section. Before it
 * sleeps, it spins for PV_LOCK_SPIN_NS: a hand-off between two running threads takes
 * microseconds, waking a sleeping one tens of them at both ends on a VM.
 *
 * No wake-up is lost: a sleeper counts itself in its bucket's `sleepers` before its
 * last look at `locked`, a giver stores `locked` before it reads `sleepers`, both
 * sequentially consistent, so one of the two sees the other; the sleeper looks and
 * sleeps holding the bucket's mutex, which the giver takes to broadcast. In the STM
 * build the giver becomes inevitable before it wakes anyone: the give can no longer
 * be rolled back once a sleeper acts on it. */
typedef struct PvLock {
    PvObject ob;
    bool recursive;       /* an RLock; never changes, read without a barrier, so not
                             in a word with state (an STM rollback restores words) */
    int64_t owner;        /* RLock: owning thread ident, 0 = none */
    int64_t count;        /* RLock: recursion depth */
    bool locked;
} PvLock;

PvType pv_type_lock, pv_type_rlock;

#define PARK_BUCKETS 64
typedef struct PvParkBucket {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    _Atomic int sleepers;
} __attribute__((aligned(64))) PvParkBucket;
static PvParkBucket park[PARK_BUCKETS];

static void park_init(void)
{
    for (int i = 0; i < PARK_BUCKETS; i++) {
        pthread_mutex_init(&park[i].mu, NULL);
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&park[i].cv, &ca);
        pthread_condattr_destroy(&ca);
    }
}

static PvParkBucket *park_bucket(PvLock *l)
{
    return &park[((uintptr_t)l >> 4) * 0x9E3779B97F4A7C15ull >> 58];
}

#if PVSYNC_THREADS
static bool locked_now(PvLock *l) { return __atomic_load_n(&l->locked, __ATOMIC_SEQ_CST); }
#endif

static PvVal lock_alloc(PvType *type, bool recursive)
{
    PvLock *l = PV_NEW(PvLock, type);
    l->recursive = recursive;
    return PV_VAL(l);
}

static PvVal lock_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)argc; (void)argv; (void)kwnames;
    return lock_alloc(type, type == &pv_type_rlock);
}

/* Takes the lock if it is free, and (an RLock) makes t its owner. */
static bool lock_try(PvThread *t, PvLock *l)
{
    bool got = false;
    PV_CS_BEGIN(t, PV_OBJ(l));
    PV_READ(t, PV_OBJ(l));
    if (!l->locked) {
        PV_WRITE(t, PV_OBJ(l));
        PV_STORE_RELAXED(l->locked, true);
        if (l->recursive) {
            l->owner = t->ident;
            l->count = 1;
        }
        got = true;
    }
    PV_CS_END(t, PV_OBJ(l));
    if (got) PVSYNC_LOCK_TAKEN(t, PV_OBJ(l));
    return got;
}

/* Marks the lock free. In a critical section on l, after PV_WRITE. */
static void lock_clear(PvLock *l)
{
    __atomic_store_n(&l->locked, false, __ATOMIC_SEQ_CST);
}

/* After lock_clear (outside the critical section): wakes the threads sleeping on l's
 * bucket, if any. */
static void lock_wake(PvThread *t, PvLock *l)
{
    PvParkBucket *b = park_bucket(l);
    if (atomic_load(&b->sleepers) == 0) return;
    PV_INEVITABLE(t);
    pthread_mutex_lock(&b->mu);
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

#if PVSYNC_THREADS
/* Waits, outside any transaction, until l looks free or the deadline (if any) passes;
 * true on a timeout. *spin: the spin's start (see PV_SPIN_UNLOCKED). */
static bool lock_wait(PvLock *l, const struct timespec *deadline, int64_t *spin, int64_t budget)
{
    PvParkBucket *b = park_bucket(l);
    bool timed_out = false;
    pthread_mutex_lock(&b->mu);
    while (!timed_out && locked_now(l)) {
        if (PV_SPIN_UNLOCKED(PV_LOAD_RELAXED(l->locked), &b->mu, spin, budget)) continue;
        atomic_fetch_add(&b->sleepers, 1);
        if (locked_now(l)) {
            if (!deadline) pthread_cond_wait(&b->cv, &b->mu);
            else if (pthread_cond_timedwait(&b->cv, &b->mu, deadline) == ETIMEDOUT)
                timed_out = true;
        }
        atomic_fetch_sub(&b->sleepers, 1);
    }
    pthread_mutex_unlock(&b->mu);
    return timed_out;
}
#endif

/* Waits until the lock is free and takes it. timeout < 0: forever. Returns 1 when
 * acquired, 0 on timeout, -1 with an exception set. */
static int lock_take(PvLock *l, bool blocking, double timeout)
{
    PvThread *t = pv_thread();
    if (lock_try(t, l)) return 1;
    if (!blocking) return 0;
#if !PVSYNC_THREADS
    if (timeout < 0) {
        pv_raise(pv_exc_RuntimeError,
                 "deadlock: this lock can only be released by another thread, and the '%s' build "
                 "runs threads one after another", PVSYNC_NAME);
        return -1;
    }
    struct timespec ts = {(time_t)timeout, (long)((timeout - (double)(time_t)timeout) * 1e9)};
    nanosleep(&ts, NULL);
    return 0;
#else
    struct timespec deadline;
    if (timeout >= 0) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        double s = (double)deadline.tv_sec + deadline.tv_nsec / 1e9 + timeout;
        deadline.tv_sec = (time_t)s;
        deadline.tv_nsec = (long)((s - (double)deadline.tv_sec) * 1e9);
    }
    /* Spin first (PV_LOCK_SPIN_NS in all), never past the timeout. */
    int64_t spin = 0, budget = PV_LOCK_SPIN_NS;
    if (timeout >= 0 && timeout * 1e9 < (double)budget) budget = (int64_t)(timeout * 1e9);
    for (;;) {
        pvsync_block_begin(t);
        bool timed_out = lock_wait(l, timeout >= 0 ? &deadline : NULL, &spin, budget);
        pvsync_block_end(t);
        if (lock_try(t, l)) return 1;
        if (timed_out) return 0;
    }
#endif
}

static bool acquire_args(const char *name, int argc, PvVal *argv, PvVal kwnames, bool *blocking,
                         double *timeout)
{
    static const char *const names[] = {"blocking", "timeout"};
    PvVal a[2];
    if (!pv_parse_args(name, argc - 1, argv + 1, kwnames, 2, names, 0, a)) return false;
    *blocking = true;
    *timeout = -1;
    if (a[0]) {
        int b = pv_truthy(a[0]);
        if (b < 0) return false;
        *blocking = b;
    }
    if (a[1] && a[1] != pv_None) {
        if (!pv_as_double(a[1], timeout)) {
            pv_raise(pv_exc_TypeError, "timeout must be a number");
            return false;
        }
        if (!*blocking && *timeout != -1) {
            pv_raise(pv_exc_ValueError, "can't specify a timeout for a non-blocking call");
            return false;
        }
        if (*timeout < 0 && *timeout != -1) {
            pv_raise(pv_exc_ValueError, "timeout value must be a non-negative number");
            return false;
        }
    }
    return true;
}

static PvVal lock_acquire(int argc, PvVal *argv, PvVal kwnames)
{
    bool blocking;
    double timeout;
    if (!acquire_args("acquire", argc, argv, kwnames, &blocking, &timeout)) return PV_NULL;
    PvLock *l = (PvLock *)argv[0];
    if (l->recursive) {
        PvThread *t = pv_thread();
        bool mine;
        PV_CS_BEGIN(t, PV_OBJ(l));
        PV_READ(t, PV_OBJ(l));
        mine = l->owner == t->ident;
        if (mine) {
            PV_WRITE(t, PV_OBJ(l));
            l->count++;
        }
        PV_CS_END(t, PV_OBJ(l));
        if (mine) return pv_True;
    }
    int r = lock_take(l, blocking, timeout);
    if (r < 0) return PV_NULL;
    return pv_bool(r);
}

/* Gives the lock back: the last level of an RLock held by t, or a Lock (held by anyone).
 * Returns false with an exception set if t may not. With `saved` (an RLock), gives all
 * levels and stores the recursion depth there. */
static bool lock_give(PvThread *t, PvLock *l, int64_t *saved)
{
    int err = 0;
    bool gave = false;
    PV_CS_BEGIN(t, PV_OBJ(l));
    PV_READ(t, PV_OBJ(l));
    if (l->recursive ? l->owner != t->ident : !l->locked) {
        err = 1;
    } else {
        PV_WRITE(t, PV_OBJ(l));
        if (saved) {
            *saved = l->count;
            l->count = 0;
        }
        if (!l->recursive || --l->count <= 0) {
            l->count = 0;
            l->owner = 0;
            lock_clear(l);
            gave = true;
        }
    }
    PV_CS_END(t, PV_OBJ(l));
    if (err) {
        pv_raise(pv_exc_RuntimeError, l->recursive ? "cannot release un-acquired lock"
                                                   : "release unlocked lock");
        return false;
    }
    if (gave) {
        PVSYNC_LOCK_GIVEN(t, PV_OBJ(l));
        lock_wake(t, l);
    }
    return true;
}

static PvVal lock_release(int argc, PvVal *argv)
{
    (void)argc;
    return lock_give(pv_thread(), (PvLock *)argv[0], NULL) ? pv_None : PV_NULL;
}

static PvVal lock_enter(int argc, PvVal *argv) { (void)argc; return lock_acquire(1, argv, PV_NULL); }

static PvVal lock_exit(int argc, PvVal *argv)
{
    (void)argc;
    PvVal r = lock_release(1, argv);
    return r ? pv_False : PV_NULL;
}

/* The lock's state as the running code may see it. */
static bool lock_is_locked(PvLock *l)
{
    PvThread *t = pv_thread();
    PV_READ(t, PV_OBJ(l));
    return PV_LOAD_RELAXED(l->locked);
}

static PvVal lock_locked(int argc, PvVal *argv)
{
    (void)argc;
    return pv_bool(lock_is_locked((PvLock *)argv[0]));
}

/* RLock support for Condition.wait: release completely, return the saved state. */
static PvVal rlock_release_save(int argc, PvVal *argv)
{
    (void)argc;
    PvThread *t = pv_thread();
    int64_t count = 0;
    if (!lock_give(t, (PvLock *)argv[0], &count)) return PV_NULL;
    return pv_tuple_pack(2, pv_int(count), pv_int(t->ident));
}

static PvVal rlock_acquire_restore(int argc, PvVal *argv)
{
    (void)argc;
    PvLock *l = (PvLock *)argv[0];
    int r = lock_take(l, true, -1);
    if (r < 0) return PV_NULL;
    PvThread *t = pv_thread();
    PV_CS_BEGIN(t, PV_OBJ(l));
    PV_WRITE(t, PV_OBJ(l));
    l->count = pv_int_value(pv_tuple_get(argv[1], 0));
    l->owner = pv_int_value(pv_tuple_get(argv[1], 1));
    PV_CS_END(t, PV_OBJ(l));
    return pv_None;
}

static PvVal rlock_is_owned(int argc, PvVal *argv)
{
    (void)argc;
    PvLock *l = (PvLock *)argv[0];
    PvThread *t = pv_thread();
    bool mine;
    PV_CS_BEGIN(t, PV_OBJ(l));
    PV_READ(t, PV_OBJ(l));
    mine = l->owner == t->ident;
    PV_CS_END(t, PV_OBJ(l));
    return pv_bool(mine);
}

static PvVal lock_repr(PvVal self)
{
    PvLock *l = (PvLock *)self;
    return pv_str_fmt("<%s %s object at %p>", lock_is_locked(l) ? "locked" : "unlocked",
                      l->recursive ? "_thread.RLock" : "_thread.lock", (void *)self);
}

PvType pv_type_lock = {.name = "lock", .size = sizeof(PvLock), .repr = lock_repr, .new_ = lock_new,
                       .flags = PV_TYPE_LOCKABLE};
PvType pv_type_rlock = {.name = "RLock", .size = sizeof(PvLock), .repr = lock_repr, .new_ = lock_new,
                        .flags = PV_TYPE_BASETYPE | PV_TYPE_LOCKABLE};

/* ---- thread-local storage ------------------------------------------------------------- */

typedef struct PvLocal { PvObject ob; } PvLocal;

/* The per-thread dicts hang off the thread's state, which no rollback restores. Only
 * the first store there (once per thread) needs care: a transaction that made the
 * storage dict and then rolled back would leave behind a dict whose contents were
 * never snapshotted (it was fresh), so that store is made inevitable. Everything after
 * is a dict operation with its own barriers. */
static PvVal local_dict(PvVal self, bool create)
{
    PvThread *t = pv_thread();
    if (!t->local_storage) {
        if (!create) return PV_NULL;
        PV_INEVITABLE(t);
        t->local_storage = pv_dict_new();
    }
    PvVal d = pv_dict_get(t->local_storage, self);
    if (!d && create) {
        d = pv_dict_new();
        pv_dict_set(t->local_storage, self, d);
    }
    return d;
}

static PvVal local_getattr(PvVal self, PvVal name)
{
    PvVal d = local_dict(self, false);
    if (d) {
        PvVal v = pv_dict_get_str(d, name);
        if (v) return v;
    }
    if (!strcmp(pv_str_data(name), "__dict__")) return local_dict(self, true);
    return PV_NULL;
}

static int local_setattr(PvVal self, PvVal name, PvVal value)
{
    PvVal d = local_dict(self, true);
    if (value) return pv_dict_set(d, name, value);
    int r = pv_dict_del(d, name);
    if (r == 0) {
        pv_raise(pv_exc_AttributeError, "'_thread._local' object has no attribute '%s'", pv_str_data(name));
        return -1;
    }
    return r < 0 ? -1 : 0;
}

static PvVal local_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)argc; (void)argv; (void)kwnames;
    return PV_VAL(PV_NEW(PvLocal, type));
}

PvType pv_type_local = {.name = "_local", .size = sizeof(PvLocal), .getattr = local_getattr,
                        .setattr = local_setattr, .new_ = local_new};

/* ---- threads ------------------------------------------------------------------------- */

typedef struct PvBoot {
    PvObject ob;
    PvVal func, args, kwargs;
} PvBoot;

static void boot_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvBoot *b = (PvBoot *)o;
    visit(b->func, ctx);
    visit(b->args, ctx);
    visit(b->kwargs, ctx);
}

PvType pv_type_boot = {.name = "_thread_boot", .size = sizeof(PvBoot), .trace = boot_trace};

static void run_boot(PvBoot *b)
{
    PvVal r;
    if (b->kwargs && b->kwargs != pv_None && pv_dict_len(b->kwargs)) {
        int64_t np = pv_tuple_len(b->args), nk = pv_dict_len(b->kwargs);
        PvVal all = pv_tuple_new(np + nk), names = pv_tuple_new(nk);
        memcpy(PV_TUPLE(all)->items, PV_TUPLE(b->args)->items, (size_t)np * sizeof(PvVal));
        int64_t pos = 0, i = 0;
        PvVal k, v;
        while (pv_dict_next(b->kwargs, &pos, &k, &v)) {
            PV_TUPLE(names)->items[i] = pv_str_intern(k);
            PV_TUPLE(all)->items[np + i++] = v;
        }
        r = pv_call(b->func, (int)np, PV_TUPLE(all)->items, names);
    } else {
        r = pv_call(b->func, (int)pv_tuple_len(b->args), PV_TUPLE(b->args)->items, PV_NULL);
    }
    if (!r) {
        PvVal exc = pv_err_fetch();
        if (!pv_isinstance(exc, pv_exc_SystemExit)) {
            PV_INEVITABLE(pv_thread());          /* output to stderr */
            fflush(stdout);
            const char *what = "a callable";
            if (PV_IS_FUNC(b->func)) {
                PV_READ(pv_thread(), PV_OBJ(b->func));   /* __qualname__ is writable */
                what = pv_str_data(((PvFunction *)b->func)->qualname);
            }
            fprintf(stderr, "Exception in thread started by %s:\n", what);
            pv_print_exception(exc);
        }
    }
}

#if PVSYNC_THREADS
static void *thread_entry(void *arg)
{
    PvThread *t = arg;
    pv_thread_setup(t);
    pvsync_thread_attach(t);
    pvpapi_thread_begin();
    run_boot((PvBoot *)t->thread_obj);
    pvpapi_thread_end();
    t->thread_obj = PV_NULL;
    t->frame = NULL;
    /* Detach first: a backend that stops the world waits only for attached threads,
     * and unregistering may wait for a collection in progress. */
    pvsync_thread_detach(t);
    pvgc_unregister_thread(t);
    pv_thread_destroy(t);
    return NULL;
}
#endif

static PvVal start_new_thread(int argc, PvVal *argv)
{
    PvVal kwargs = argc > 2 ? argv[2] : PV_NULL;
    if (!PV_IS_TUPLE(argv[1])) return pv_raise(pv_exc_TypeError, "2nd arg must be a tuple");
    if (kwargs && kwargs != pv_None && !PV_IS_DICT(kwargs))
        return pv_raise(pv_exc_TypeError, "optional 3rd arg must be a dictionary");
    PvBoot *b = PV_NEW(PvBoot, &pv_type_boot);
    b->func = argv[0];
    b->args = argv[1];
    b->kwargs = kwargs;
    PvThread *me = pv_thread();
    PV_COUNT(me, threads_started, 1);
#if PVSYNC_THREADS
    /* A started OS thread cannot be taken back (b is fresh: no barrier). */
    PV_INEVITABLE(me);
    PvThread *t = pv_thread_create();
    t->thread_obj = PV_VAL(b);
    pvgc_register_thread(t);       /* roots from now on (no stack yet) */
    pvsync_thread_starting(me, t);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PV_THREAD_C_STACK);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, thread_entry, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) pv_fatal("cannot start a thread: %s", strerror(rc));
    return pv_int((int64_t)(uintptr_t)tid & INT64_MAX);
#else
    /* No threads: run it now, to completion. */
    static int64_t fake_ident = 1000;
    int64_t saved = me->ident;
    PvVal saved_local = me->local_storage;
    me->ident = ++fake_ident;
    me->local_storage = PV_NULL;
    run_boot(b);
    me->ident = saved;
    me->local_storage = saved_local;
    return pv_int(fake_ident);
#endif
}

static PvVal get_ident(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    return pv_int(pv_thread()->ident & INT64_MAX);
}

static PvVal allocate_lock(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    return lock_alloc(&pv_type_lock, false);
}

/* Prints an exception that ended a thread, as threading.excepthook does. */
static PvVal thread_excepthook(int argc, PvVal *argv)
{
    (void)argc;
    PV_INEVITABLE(pv_thread());
    fflush(stdout);
    fprintf(stderr, "Exception in thread %s:\n", PV_IS_STR(argv[0]) ? pv_str_data(argv[0]) : "?");
    if (pv_isinstance(argv[1], pv_exc_BaseException)) pv_print_exception(argv[1]);
    return pv_None;
}

static PvVal make_thread_module(void)
{
    PvVal m = pv_module_new("_thread");
    pv_module_add_func(m, "start_new_thread", start_new_thread, 2, 3);
    pv_module_add_func(m, "get_ident", get_ident, 0, 0);
    pv_module_add_func(m, "allocate_lock", allocate_lock, 0, 0);
    pv_module_add_func(m, "_excepthook", thread_excepthook, 2, 2);
    pv_module_add(m, "LockType", PV_VAL(&pv_type_lock));
    pv_module_add(m, "RLock", PV_VAL(&pv_type_rlock));
    pv_module_add(m, "local", PV_VAL(&pv_type_local));
    pv_module_add(m, "threads_supported", pv_bool(PVSYNC_THREADS));
    return m;
}

/* ---- parvm ----------------------------------------------------------------------------- */

typedef struct PvAtomic { PvObject ob; } PvAtomic;

static PvVal atomic_enter(int argc, PvVal *argv)
{
    (void)argc;
    pvsync_atomic_begin(pv_thread());
    return argv[0];
}

static PvVal atomic_exit(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    pvsync_atomic_end(pv_thread());
    return pv_False;
}

static PvVal atomic_repr(PvVal self) { (void)self; return pv_intern("<parvm.atomic>"); }

PvType pv_type_atomic = {.name = "atomic", .size = sizeof(PvAtomic), .repr = atomic_repr};

static PvVal parvm_variant(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    return pv_intern(PVSYNC_NAME);
}

static PvVal parvm_counters(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    PvVal d = pv_dict_new();
    for (int i = 0; i < PV_NCOUNTERS; i++)
        pv_dict_setc(d, pv_counter_name((PvCounterId)i), pv_int(pv_counter_total((PvCounterId)i)));
    return d;
}

static PvVal parvm_collect(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    pvgc_collect(pv_thread());
    return pv_None;
}

static PvVal make_parvm_module(void)
{
    PvVal m = pv_module_new("parvm");
    pv_module_add(m, "atomic", PV_VAL(PV_NEW(PvAtomic, &pv_type_atomic)));
    pv_module_add_func(m, "variant", parvm_variant, 0, 0);
    pv_module_add_func(m, "counters", parvm_counters, 0, 0);
    pv_module_add_func(m, "collect", parvm_collect, 0, 0);
    return m;
}

void pv_mod_thread_init(void)
{
    park_init();
    pv_type_ready(&pv_type_lock);
    pv_type_ready(&pv_type_rlock);
    pv_type_ready(&pv_type_local);
    pv_type_ready(&pv_type_boot);
    pv_type_ready(&pv_type_atomic);
    PvType *types[2] = {&pv_type_lock, &pv_type_rlock};
    for (int i = 0; i < 2; i++) {
        pv_type_add_method_kw(types[i], "acquire", lock_acquire);
        pv_type_add_method(types[i], "release", lock_release, 1, 1);
        pv_type_add_method(types[i], "__enter__", lock_enter, 1, 1);
        pv_type_add_method(types[i], "__exit__", lock_exit, 1, 4);
    }
    pv_type_add_method(&pv_type_lock, "locked", lock_locked, 1, 1);
    pv_type_add_method(&pv_type_rlock, "_release_save", rlock_release_save, 1, 1);
    pv_type_add_method(&pv_type_rlock, "_acquire_restore", rlock_acquire_restore, 2, 2);
    pv_type_add_method(&pv_type_rlock, "_is_owned", rlock_is_owned, 1, 1);
    pv_type_add_method(&pv_type_atomic, "__enter__", atomic_enter, 1, 1);
    pv_type_add_method(&pv_type_atomic, "__exit__", atomic_exit, 1, 4);
    pv_register_builtin_module("_thread", make_thread_module);
    pv_register_builtin_module("parvm", make_parvm_module);
}

void pv_mod_parvm_init(void) {}
