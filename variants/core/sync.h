/* sync.h — THE seam between the shared interpreter core and a synchronisation backend.
 *
 * The core never says "GIL", "transaction" or "lock" outside this contract. Every place
 * where threads can interact calls one of the hooks below; each backend (a folder
 * variants/NAME/) supplies them in its sync_impl.h (fast paths: macros and always-inline
 * functions) and its .c files (slow paths). Exactly one backend is selected at compile
 * time with -DPARVM_SYNC_NAME=1 and -Ivariants/NAME.
 *
 * Zero cost where a backend has nothing to do: a hook it does not need expands to
 * ((void)0) or to bare braces, so the GIL build compiles to the same code as a build
 * with no threading at all. Therefore hook arguments must have no side effects.
 *
 * Hooks, when the core calls them, and what each backend does:
 *
 *   pvsync_init()                       once, before anything else runs.
 *   pvsync_thread_attach(t)             a thread is about to run Python code (main
 *   pvsync_thread_detach(t)             thread at start-up, new threads at entry) /
 *                                       has finished (exit). GIL: take / drop the GIL.
 *   pvsync_thread_starting(parent, t)   called by the parent before the OS thread is
 *                                       created, so a deterministic scheduler can
 *                                       place the child in its queue at a fixed point.
 *   PVSYNC_TICK(t, at_base)             at backward jumps and function entries.
 *                                       `at_base` is true when the C stack is at the
 *                                       eval loop's base level (no C frame of a builtin
 *                                       between this frame and the thread's entry), the
 *                                       only place a transaction may end or restart.
 *                                       Fast path: one flag test. GIL: maybe hand over.
 *   pvsync_block_begin(t) / _end(t)     around anything that may block: lock waits,
 *                                       join, sleep, I/O. Between them the thread does
 *                                       not touch the Python heap except through objects
 *                                       it holds references to on its C stack, and
 *                                       does not allocate. GIL: release / reacquire.
 *   PV_READ(t, obj)                     before reading a mutable field of a heap object
 *                                       that other threads may write (list items and
 *                                       length, dict table, instance dict, cell, ...).
 *   PV_WRITE(t, obj)                    before writing such a field. Immutable objects
 *                                       (str, int, float, tuple, code) need neither.
 *   PV_WRITE_ITEMS(t, obj, first, n)    before writing the n words first[0 .. n) of a
 *                                       large object's items (a list's array, a dict's
 *                                       table): PV_WRITE for the object, telling the
 *                                       backend which words change. Arrays and tables
 *                                       are written only this way (the checking build
 *                                       asserts it). Default:
 *                                       the checking build's grant only, as PV_WRITE
 *                                       of the GIL and no-GIL builds (a backend whose
 *                                       PV_WRITE does more defines this too); STM:
 *                                       the undo log copies those words, not the
 *                                       whole object.
 *   PV_CS_BEGIN(t, obj) ... PV_CS_END(t, obj)
 *                                       a critical section on one object: a compound
 *                                       read or a mutation that must see the object's
 *                                       invariants hold (resize, insert, pop). Must be
 *                                       paired lexically (they open and close a brace).
 *                                       No Python code runs and nothing blocks inside.
 *   PV_CS2_BEGIN(t, a, b) ... PV_CS2_END(t, a, b)   the same on two objects.
 *   pvsync_atomic_begin(t) / _end(t)    `with parvm.atomic:` — the block must appear
 *                                       atomic to every other thread (GIL: no hand-off
 *                                       inside; STM: one transaction; no-GIL: a global
 *                                       re-entrant lock). Nests.
 *   PV_INEVITABLE(t)                    before an irreversible effect (output, files).
 *   pvsync_gc_stop_world(t)             the collector is about to run on thread t: on
 *   pvsync_gc_start_world(t)            return every other attached thread is parked
 *                                       at a safepoint with its context saved, and
 *                                       stays parked until start_world.
 *   PVSYNC_NAME                         "gil", "stm", "nogil", "none".
 *   PVSYNC_OBJ_HEADER                   extra fields in every object header (may be empty).
 *   PVSYNC_THREAD_FIELDS                extra fields in PvThread (may be empty).
 *   PVSYNC_COUNTERS(X)                  the backend's counters (sync_counters.h).
 *   PVSYNC_STW                          1 if the backend stops the world with the core's
 *                                       library (stw.h); it then lists PVSTW_COUNTERS
 *                                       in PVSYNC_COUNTERS. Undefined otherwise.
 *   PVSYNC_CACHE_FIELDS                 extra fields in an inline cache entry (PvCache).
 *   PV_CACHE_READ_BEGIN(c);             a reader of entry c: begins a read (a
 *   PV_CACHE_GET(c, field)              declaration), reads the fields it uses, and
 *   PV_CACHE_READ_OK(c)                 asks whether they were one consistent fill
 *                                       (a backend whose threads race on the entry
 *                                       checks a sequence word; default: always).
 *   PV_CACHE_FILL_BEGIN(c) ... PV_CACHE_FILL_END(c)   brace a fill of entry c; a
 *                                       backend may skip the fill (caches are hints).
 *   PV_CACHE_SET(field, v)              one store of a fill.
 *                                       Backends that need none of the cache hooks
 *                                       leave them undefined: the defaults below are
 *                                       plain loads, bare braces and a plain store.
 *
 * Optional hooks (a backend that does not define them gets the defaults below):
 *   PVSYNC_NEW_OBJECT_WORD(t, type)     the value of a new object's second header word
 *                                       (default NULL; STM: the allocating
 *                                       transaction's tag, so new objects need no
 *                                       barriers while it runs).
 *   PV_READ_CLASSES(t)                  before using class state that an inline cache
 *                                       or the method cache holds: a read of
 *                                       pv_class_state, which every class-attribute
 *                                       change writes (default: PV_READ of it; STM:
 *                                       the first one of a transaction only, since the
 *                                       later ones would find it logged).
 *   PVSYNC_LOCK_TAKEN(t, lock)          thread t took a lock of the threading module
 *   PVSYNC_LOCK_GIVEN(t, lock)          (mod_thread.c), or gave one back (the last
 *                                       level of an RLock). Default: nothing; STM: a
 *                                       transaction that took a lock does not end
 *                                       while it holds it (up to a bound).
 *   PVSYNC_GC_ROOTS(t, scan)            extra memory the collector must scan
 *                                       conservatively for thread t: calls
 *                                       scan(lo, hi) per range (STM: the undo log and
 *                                       the frame-stack copy). Default: nothing.
 *   PVSYNC_RESTARTABLE                  1 if a thread may be rolled back to a tick at
 *                                       the base level. The thread's outermost eval
 *                                       invocation then calls PVSYNC_SETJMP(t) (a
 *                                       setjmp a rollback longjmps to, after which
 *                                       t->frame is the frame to resume) and brackets
 *                                       its run with pvsync_base_enter/leave(t).
 *   PVSYNC_LEAN_FLOATS                  1 if no hook of the backend touches a float's
 *                                       header beyond its type: floats then carry no
 *                                       PVSYNC_OBJ_HEADER fields and take a 16-byte
 *                                       slot, as in the GIL build, instead of a 32-byte
 *                                       one. The core never puts a barrier or critical
 *                                       section on a float (floats never change; the
 *                                       generic sites test PV_TYPE_HAS_DICT first), and
 *                                       the checking build asserts it (PVCHECK_READ in
 *                                       a read barrier, and in PV_WRITE and PV_CS).
 *   PVSYNC_BARE_UNLOCKED                1 if the backend's header fields serve only its
 *                                       critical sections: objects of layouts that no
 *                                       critical section takes (PvBareObject,
 *                                       object.h) then carry only the type word, as in
 *                                       the GIL build. A type whose instances may be
 *                                       taken has PV_TYPE_LOCKABLE; the checking build
 *                                       asserts every critical section's object has.
 *                                       PVSYNC_NEW_OBJECT_WORD must then write nothing
 *                                       of its own into a bare object (the word is its
 *                                       first field): 0 for a type without the flag.
 *   PVSYNC_RACING_READERS               1 if a reader may run while another thread writes
 *                                       the same object in place (no-GIL: readers take
 *                                       no lock; STM: a doomed transaction reads an
 *                                       owner's writes). Bulk copies of values (list
 *                                       items shifted or snapshotted) then go word by
 *                                       word, so no reader sees a torn pointer: memmove
 *                                       and memcpy may copy in pieces smaller than a
 *                                       word (rep movsb). Default 0: memmove.
 *
 * A checking build (-DPARVM_CHECK=1, `make MODE=check`) keeps hooks that would otherwise
 * vanish as assertions (see pvcheck_* below): PV_WRITE marks the object as write-granted
 * for the current bytecode, and a container's mutation asserts that grant; critical
 * sections are counted and must balance at every bytecode boundary. */
#ifndef PARVM_SYNC_H
#define PARVM_SYNC_H

#if (defined(PARVM_SYNC_GIL) + defined(PARVM_SYNC_STM) + defined(PARVM_SYNC_NOGIL) + \
     defined(PARVM_SYNC_NONE)) != 1
#error "define exactly one of PARVM_SYNC_GIL, PARVM_SYNC_STM, PARVM_SYNC_NOGIL, PARVM_SYNC_NONE"
#endif

#include <stdbool.h>
#include <stdint.h>

struct PvThread;
struct PvObject;

/* Checking hooks, compiled only with PARVM_CHECK. They live in the core (check.c) so
 * every backend gets them for free. */
#if PARVM_CHECK
void pvcheck_write_granted(struct PvThread *t, const void *obj);
void pvcheck_write_items_granted(struct PvThread *t, const void *obj);
void pvcheck_assert_writable(struct PvThread *t, const void *obj, const char *where);
void pvcheck_cs_enter(struct PvThread *t, const void *obj);
void pvcheck_cs_leave(struct PvThread *t, const void *obj);
void pvcheck_bytecode_boundary(struct PvThread *t);
void pvcheck_rollback(struct PvThread *t);
void pvcheck_barrier_target(const void *obj);
#define PVCHECK_WRITE(t, o)            pvcheck_write_granted((t), (o))
#define PVCHECK_WRITE_ITEMS(t, o)      pvcheck_write_items_granted((t), (o))
#define PVCHECK_READ(t, o)             pvcheck_barrier_target(o)
#define PVCHECK_WRITABLE(t, o, where)  pvcheck_assert_writable((t), (o), (where))
#define PVCHECK_CS_ENTER(t, o)         pvcheck_cs_enter((t), (o))
#define PVCHECK_CS_LEAVE(t, o)         pvcheck_cs_leave((t), (o))
#define PVCHECK_BOUNDARY(t)            pvcheck_bytecode_boundary(t)
#define PVCHECK_ROLLBACK(t)            pvcheck_rollback(t)
#else
#define PVCHECK_WRITE(t, o)            ((void)(t))
#define PVCHECK_WRITE_ITEMS(t, o)      ((void)(t))
#define PVCHECK_READ(t, o)             ((void)0)
#define PVCHECK_WRITABLE(t, o, where)  ((void)0)
#define PVCHECK_CS_ENTER(t, o)         ((void)0)
#define PVCHECK_CS_LEAVE(t, o)         ((void)0)
#define PVCHECK_BOUNDARY(t)            ((void)0)
#define PVCHECK_ROLLBACK(t)            ((void)0)
#endif

/* The backend: fast paths and the fields it adds to objects and threads. */
#include "sync_impl.h"
#include "sync_counters.h"

#ifndef PVSYNC_NAME
#error "the backend's sync_impl.h must define PVSYNC_NAME"
#endif

/* Inline cache hooks: plain accesses unless the backend says otherwise. */
#ifndef PVSYNC_CACHE_FIELDS
#define PVSYNC_CACHE_FIELDS
#define PV_CACHE_READ_BEGIN(c)    ((void)0)
#define PV_CACHE_GET(c, field)    ((c)->field)
#define PV_CACHE_READ_OK(c)       1
#define PV_CACHE_FILL_BEGIN(c)    {
#define PV_CACHE_FILL_END(c)      }
#define PV_CACHE_SET(field, v)    ((field) = (v))
#endif

#ifndef PV_WRITE_ITEMS
#define PV_WRITE_ITEMS(t, obj, first, n) do { \
        PVCHECK_WRITE_ITEMS((t), (obj)); (void)(first); (void)(n); \
    } while (0)
#endif
#ifndef PV_READ_CLASSES
#define PV_READ_CLASSES(t) PV_READ((t), &pv_class_state)
#endif
#ifndef PVSYNC_LOCK_TAKEN
#define PVSYNC_LOCK_TAKEN(t, lock) ((void)0)
#define PVSYNC_LOCK_GIVEN(t, lock) ((void)0)
#endif
#ifndef PVSYNC_NEW_OBJECT_WORD
#define PVSYNC_NEW_OBJECT_WORD(t, type) NULL
#endif
#ifndef PVSYNC_GC_ROOTS
#define PVSYNC_GC_ROOTS(t, scan) ((void)0)
#endif
#ifndef PVSYNC_RACING_READERS
#define PVSYNC_RACING_READERS 0
#endif
#ifndef PVSYNC_LEAN_FLOATS
#define PVSYNC_LEAN_FLOATS 0
#endif
#ifndef PVSYNC_BARE_UNLOCKED
#define PVSYNC_BARE_UNLOCKED 0
#endif
#ifndef PVSYNC_RESTARTABLE
#define PVSYNC_RESTARTABLE 0
#endif

/* Slow paths and lifecycle: every backend implements these in its .c files. */
void pvsync_init(void);
void pvsync_thread_starting(struct PvThread *parent, struct PvThread *child);
void pvsync_thread_attach(struct PvThread *t);
void pvsync_thread_detach(struct PvThread *t);
void pvsync_block_begin(struct PvThread *t);
void pvsync_block_end(struct PvThread *t);
void pvsync_atomic_begin(struct PvThread *t);
void pvsync_atomic_end(struct PvThread *t);
void pvsync_gc_stop_world(struct PvThread *t);
void pvsync_gc_start_world(struct PvThread *t);
/* Backend options from the command line / environment (e.g. --switch-interval).
 * Returns false when `name` is not an option of this backend. */
bool pvsync_set_option(const char *name, const char *value);
/* One line of help per option, for --help. */
const char *pvsync_options_help(void);

#endif
