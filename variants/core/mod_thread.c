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

/* A lock's state is shared with the OS (the mutex, the condition variable, threads
 * sleeping on it) and with threads that wait outside any transaction, so it is never
 * written under a barrier: restoring a snapshot of it could not undo a wake-up or a
 * hand-over. Every change of it (taking, giving, an RLock's count and owner) happens
 * after PV_INEVITABLE instead. */
typedef struct PvLock {
    PvObject ob;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool locked;
    int64_t owner;        /* RLock: owning thread ident, 0 = none */
    int64_t count;        /* RLock: recursion depth */
    bool recursive;
} PvLock;

PvType pv_type_lock, pv_type_rlock;

static PvVal lock_alloc(PvType *type, bool recursive)
{
    PvLock *l = PV_NEW(PvLock, type);
    pthread_mutex_init(&l->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&l->cv, &ca);
    pthread_condattr_destroy(&ca);
    l->recursive = recursive;
    return PV_VAL(l);
}

static PvVal lock_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)argc; (void)argv; (void)kwnames;
    return lock_alloc(type, type == &pv_type_rlock);
}

/* Waits until the lock is free and takes it. timeout < 0: forever. Returns 1 when
 * acquired, 0 on timeout, -1 with an exception set. */
static int lock_take(PvLock *l, bool blocking, double timeout)
{
    PV_INEVITABLE(pv_thread());
    pthread_mutex_lock(&l->mu);
    if (!l->locked) {
        l->locked = true;
        pthread_mutex_unlock(&l->mu);
        return 1;
    }
    pthread_mutex_unlock(&l->mu);
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
    int got = 1;
    PvThread *t = pv_thread();
    pvsync_block_begin(t);
    pthread_mutex_lock(&l->mu);
    while (l->locked) {
        if (timeout < 0) {
            pthread_cond_wait(&l->cv, &l->mu);
        } else if (pthread_cond_timedwait(&l->cv, &l->mu, &deadline) == ETIMEDOUT) {
            got = !l->locked;
            break;
        }
    }
    if (got) l->locked = true;
    pthread_mutex_unlock(&l->mu);
    pvsync_block_end(t);
    return got;
#endif
}

static void lock_give(PvLock *l)
{
    PV_INEVITABLE(pv_thread());
    pthread_mutex_lock(&l->mu);
    l->locked = false;
    pthread_cond_signal(&l->cv);
    pthread_mutex_unlock(&l->mu);
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
        int64_t me = pv_thread()->ident;
        if (PV_LOAD_RELAXED(l->owner) == me) {   /* only `me` can have stored me */
            PV_INEVITABLE(pv_thread());
            l->count++;
            return pv_True;
        }
        int r = lock_take(l, blocking, timeout);
        if (r < 0) return PV_NULL;
        if (r) { PV_STORE_RELAXED(l->owner, me); l->count = 1; }
        return pv_bool(r);
    }
    int r = lock_take(l, blocking, timeout);
    if (r < 0) return PV_NULL;
    return pv_bool(r);
}

static PvVal lock_release(int argc, PvVal *argv)
{
    (void)argc;
    PvLock *l = (PvLock *)argv[0];
    PV_INEVITABLE(pv_thread());
    if (l->recursive) {
        if (PV_LOAD_RELAXED(l->owner) != pv_thread()->ident)
            return pv_raise(pv_exc_RuntimeError, "cannot release un-acquired lock");
        if (--l->count == 0) {
            PV_STORE_RELAXED(l->owner, 0);
            lock_give(l);
        }
        return pv_None;
    }
    pthread_mutex_lock(&l->mu);
    bool was = l->locked;
    pthread_mutex_unlock(&l->mu);
    if (!was) return pv_raise(pv_exc_RuntimeError, "release unlocked lock");
    lock_give(l);
    return pv_None;
}

static PvVal lock_enter(int argc, PvVal *argv) { (void)argc; return lock_acquire(1, argv, PV_NULL); }

static PvVal lock_exit(int argc, PvVal *argv)
{
    (void)argc;
    PvVal r = lock_release(1, argv);
    return r ? pv_False : PV_NULL;
}

static PvVal lock_locked(int argc, PvVal *argv)
{
    (void)argc;
    PvLock *l = (PvLock *)argv[0];
    pthread_mutex_lock(&l->mu);
    bool v = l->locked;
    pthread_mutex_unlock(&l->mu);
    return pv_bool(v);
}

/* RLock support for Condition.wait: release completely, return the saved state. */
static PvVal rlock_release_save(int argc, PvVal *argv)
{
    (void)argc;
    PvLock *l = (PvLock *)argv[0];
    if (PV_LOAD_RELAXED(l->owner) != pv_thread()->ident) return pv_raise(pv_exc_RuntimeError, "cannot release un-acquired lock");
    PvVal state = pv_tuple_pack(2, pv_int(l->count), pv_int(l->owner));
    PV_INEVITABLE(pv_thread());
    l->count = 0;
    PV_STORE_RELAXED(l->owner, 0);
    lock_give(l);
    return state;
}

static PvVal rlock_acquire_restore(int argc, PvVal *argv)
{
    (void)argc;
    PvLock *l = (PvLock *)argv[0];
    int r = lock_take(l, true, -1);
    if (r < 0) return PV_NULL;
    l->count = pv_int_value(pv_tuple_get(argv[1], 0));
    PV_STORE_RELAXED(l->owner, pv_int_value(pv_tuple_get(argv[1], 1)));
    return pv_None;
}

static PvVal rlock_is_owned(int argc, PvVal *argv)
{
    (void)argc;
    return pv_bool(PV_LOAD_RELAXED(((PvLock *)argv[0])->owner) == pv_thread()->ident);
}

static PvVal lock_repr(PvVal self)
{
    PvLock *l = (PvLock *)self;
    return pv_str_fmt("<%s %s object at %p>", l->locked ? "locked" : "unlocked",
                      l->recursive ? "_thread.RLock" : "_thread.lock", (void *)self);
}

PvType pv_type_lock = {.name = "lock", .size = sizeof(PvLock), .repr = lock_repr, .new_ = lock_new};
PvType pv_type_rlock = {.name = "RLock", .size = sizeof(PvLock), .repr = lock_repr, .new_ = lock_new,
                        .flags = PV_TYPE_BASETYPE};

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
