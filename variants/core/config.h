/* config.h — every tunable of the core in one place. Each can be overridden on the
 * compiler command line (-DNAME=value); the comment says what it trades. Backend
 * tunables live in the backend's sync_impl.h under the same rule. */
#ifndef PARVM_CONFIG_H
#define PARVM_CONFIG_H

#ifndef PARVM_CHECK
#define PARVM_CHECK 0         /* 1: hooks become assertions (make MODE=check) */
#endif

/* GC: a collection starts when the bytes allocated since the last one exceed
 * max(PV_GC_MIN_HEAP, live bytes after the last collection * PV_GC_GROWTH).
 * Larger values collect less often (faster, more memory). */
#ifndef PV_GC_MIN_HEAP
#define PV_GC_MIN_HEAP (8u << 20)
#endif
#ifndef PV_GC_GROWTH
#define PV_GC_GROWTH 1.0
#endif
/* Virtual address space reserved for the heap. Only touched pages cost memory. */
#ifndef PV_HEAP_RESERVE
#define PV_HEAP_RESERVE ((size_t)64 << 30)
#endif
/* Heap page size (power of two). Objects up to PV_SMALL_MAX_SIZE bytes share pages
 * by size class; larger ones get whole pages of their own. */
#ifndef PV_PAGE_SHIFT
#define PV_PAGE_SHIFT 16
#endif
#ifndef PV_SMALL_OBJ_MAX
#define PV_SMALL_OBJ_MAX 2048
#endif

/* Stop the world (stw.c, the builds whose threads run in parallel): how long a thread
 * spins, in ns, before it sleeps while it waits for the others to park or for the
 * world to restart. Collections last a few hundred microseconds, about what waking a
 * sleeping thread costs on a VM; spinning trades CPU time for pause time. 0: sleep
 * at once. */
#ifndef PV_STW_SPIN_NS
#define PV_STW_SPIN_NS 1000000
#endif

/* How long, in ns, a thread that waits for a _thread lock (and so for a Condition's
 * notify, an Event, a Queue) spins before it sleeps in the lock's parking-lot bucket
 * (mod_thread.c).
 * Hand-offs between threads that both run take microseconds; waking a sleeping thread
 * costs tens of microseconds of system time on a VM, at both ends. 0: sleep at once. */
#ifndef PV_LOCK_SPIN_NS
#define PV_LOCK_SPIN_NS 100000
#endif

/* Interpreter limits. */
#ifndef PV_RECURSION_LIMIT
#define PV_RECURSION_LIMIT 1000   /* Python frames per thread (CPython's default) */
#endif
#ifndef PV_C_RECURSION_LIMIT
#define PV_C_RECURSION_LIMIT 400  /* nested C -> Python re-entries (repr, sort keys) */
#endif
#ifndef PV_FRAME_STACK_BYTES
#define PV_FRAME_STACK_BYTES (8u << 20) /* per-thread stack of Python frames */
#endif
#ifndef PV_THREAD_C_STACK
#define PV_THREAD_C_STACK (16u << 20)   /* C stack of threads the VM starts */
#endif

#endif
