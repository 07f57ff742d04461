/* thread.h — the per-thread interpreter state (PvThread) and how to reach it.
 *
 * Every OS thread that runs Python code owns one PvThread: its raised and handled
 * exceptions, its stack of Python frames, its allocation caches, its counters, the
 * stop-the-world library's links, and the backend's fields. The current thread's state
 * is a thread-local pointer. */
#ifndef PARVM_THREAD_H
#define PARVM_THREAD_H

#include <stdatomic.h>
#include <pthread.h>
#include "object.h"
#include "counters.h"
#include "gc.h"

struct PvFrame;

/* Per-thread cache of MRO lookups (type.c): entries are valid while `epoch` equals the
 * global class epoch, which every class mutation and every collection bumps. */
#define PV_METHOD_CACHE_SIZE 512
typedef struct PvMethodCacheEntry {
    PvType *type;
    PvVal name;
    uint64_t epoch;
    PvVal value;
} PvMethodCacheEntry;

struct PvThread {
    PvCounters counters;
    PvVal exc;                  /* the exception being raised, or PV_NULL */
    PvVal handled;              /* the exception being handled (bare `raise`), or PV_NULL */
    struct PvFrame *frame;      /* innermost Python frame */
    char *fstack, *fstack_top, *fstack_end;  /* stack of Python frames (bump) */
    int depth;                  /* Python frames on this thread */
    int c_depth;                /* nested entries of the eval loop from C */
    _Atomic int eval_breaker;   /* non-zero: the next tick takes the slow path */
    int64_t ops;                /* bytecodes executed (flushed to counters at ticks) */
    int64_t ident;              /* threading.get_ident() */
    PvVal local_storage;        /* dict: threading.local object -> its dict here */
    PvVal thread_obj;           /* the Python-level handle of this thread, or PV_NULL */

    /* GC: allocation caches and the saved context used by conservative scanning. */
    PvAllocCache alloc;
    void *stack_hi;             /* highest address of this thread's C stack */
    void *saved_sp;             /* lowest live address at the last safepoint */
    uintptr_t saved_regs[8];    /* callee-saved registers at the last safepoint */
    bool context_saved;         /* saved_sp/regs are valid (thread is parked) */
    struct PvThread *next, *prev;  /* all threads, under the GC's thread lock */

    PvMethodCacheEntry mcache[PV_METHOD_CACHE_SIZE];

    /* Stop-the-world library (stw.c), used by the backends that set PVSYNC_STW. After
     * the hot fields, so that the builds which never use them see no offset move. */
    bool stw_attached;          /* in the attached list (under the library's mutex) */
    bool stw_parked;            /* attached and parked (under the library's mutex) */
    struct PvThread *stw_next, *stw_prev;  /* attached threads (under its mutex) */
    uint64_t stw_help_gen;      /* the last offer of work it took (under its mutex) */

    PVSYNC_THREAD_FIELDS
};

extern __thread PvThread *pv_tls_thread;
PV_INLINE PvThread *pv_thread(void) { return pv_tls_thread; }

/* Creates the state of a new thread (allocation caches, frame stack); does not attach.
 * pv_thread_setup binds it to the calling OS thread and records its stack. */
PvThread *pv_thread_create(void);
void pv_thread_setup(PvThread *t);
void pv_thread_destroy(PvThread *t);

PV_INLINE void *pvgc_alloc(PvThread *t, PvType *type, size_t size)
{
    if (PV_LIKELY(size <= PV_SMALL_OBJ_MAX)) {
        PvPage *pg = t->alloc.page[pvgc_class_of_16[(size + 15) >> 4]];
        if (PV_LIKELY(pg != NULL)) {
            void **obj = (void **)pg->freelist;
            if (PV_LIKELY(obj != NULL)) {
                pg->freelist = obj[1];
                obj[1] = PVSYNC_NEW_OBJECT_WORD(t, type);
                ((PvObject *)obj)->type = type;
                return obj;
            }
        }
    }
    return pvgc_alloc_slow(t, type, size);
}

/* Counter update on the current thread. */
#define PV_COUNT(t, name, n) pv_counter_add(&(t)->counters, PVC_##name, (n))

#endif
