/* gc.h — the garbage collector: a non-moving mark-sweep collector with per-thread
 * allocation, stop-the-world at safepoints, precise heap tracing and conservative
 * scanning of thread stacks and saved registers.
 *
 * Why conservative stacks: C code in builtins holds PvVals in locals while it
 * allocates or calls back into Python; scanning stacks conservatively makes every such
 * local a root without a shadow stack, and since objects never move a false root only
 * keeps an object alive a little longer. Heap objects are traced precisely through
 * their type's trace function. Memory: one reserved address range split into pages of
 * PV_PAGE_SIZE; small objects share pages by size class, large objects get runs of
 * pages. A pointer is recognised as an object reference when it falls inside an
 * allocated slot of a heap page (interior pointers included).
 *
 * Values held only in malloc'd memory are invisible to the collector: keep them in a
 * GC object (list, tuple) referenced from the C stack, or register a root. */
#ifndef PARVM_GC_H
#define PARVM_GC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "config.h"
#include "util.h"

#define PV_PAGE_SIZE ((size_t)1 << PV_PAGE_SHIFT)
#define PV_NSIZECLASSES 32

struct PvThread;
struct PvType;
struct PvPage;

typedef struct PvAllocCache {
    struct PvPage *page[PV_NSIZECLASSES];  /* current page per size class, owned */
    int64_t bytes;                          /* allocated since the last collection */
} PvAllocCache;

/* A heap page (see gc.c). Exposed for the inline allocation fast path only. */
#define PVGC_PAGE_MAGIC 0x50764750u  /* "PvGP" */
enum { PVGC_PAGE_FREE = 0, PVGC_PAGE_SMALL = 1, PVGC_PAGE_LARGE = 2 };
typedef struct PvPage {
    uint32_t magic;
    uint8_t kind;
    uint8_t sizeclass;
    uint8_t unused;            /* free run whose memory went back to the OS */
    uint8_t unswept;           /* small: marked by the last collection, not swept yet */
    uint8_t dirty;             /* free run: not zeroed yet (alloc_run zeroes it) */
    uint32_t objsize;          /* slot size (small) */
    uint32_t nslots;           /* slots in the page (small) */
    uint32_t first;            /* offset of slot 0 from the page start */
    uint32_t bump;             /* slots [0, bump) exist (== nslots once set up) */
    uint32_t nfree;            /* slots on the free list when the page was last set up
                                  or swept (not maintained by allocation) */
    int64_t npages;            /* large: pages in the run */
    int64_t large_size;        /* large: bytes of the object */
    void *freelist;            /* small: free slots, linked through word 1 */
    struct PvPage *next;       /* partial / full / free-run list */
    struct PvThread *owner;    /* thread whose cache holds it, or NULL */
    uint8_t marks[];           /* one byte per slot (large: marks[0]) */
} PvPage;

extern uint8_t pvgc_class_of_16[PV_SMALL_OBJ_MAX / 16 + 1];

void pvgc_init(void);
void *pvgc_alloc_slow(struct PvThread *t, struct PvType *type, size_t size);
/* A zero-filled object of `size` bytes whose type word is set to `type`. The fast
 * path pops a zeroed slot from the thread's page for this size class. Defined in
 * thread.h, which has PvThread. */
#define PV_NEW(T, type) ((T *)pvgc_alloc(pv_thread(), (type), sizeof(T)))
#define PV_NEW_VAR(T, type, extra) ((T *)pvgc_alloc(pv_thread(), (type), sizeof(T) + (extra)))

void pvgc_collect(struct PvThread *t);     /* a full collection now */
void pvgc_disable(void);                   /* nests; collections are deferred */
void pvgc_enable(void);

/* Precise roots: a PvVal variable outside the heap (a C global). */
void pvgc_add_root(uintptr_t *root);
/* A statically allocated object (builtin type, singleton) whose fields are roots. */
void pvgc_add_static_object(void *obj);

void pvgc_register_thread(struct PvThread *t);
void pvgc_unregister_thread(struct PvThread *t);
/* Records the calling thread's callee-saved registers and stack pointer, so that a
 * collection running on another thread can scan it. Call where the thread parks. */
void pvgc_save_context(struct PvThread *t);

bool pvgc_is_heap_object(const void *p);   /* p is the start of a live object */
size_t pvgc_object_size(const void *obj);   /* usable size of a heap object */
/* The same for a live object, safe to ask while other threads allocate; 0 for an
 * object outside the heap. */
size_t pvgc_live_object_size(const void *obj);

/* For trace functions. */
typedef void (*PvGcVisit)(uintptr_t v, void *ctx);

typedef struct PvGcStats {
    int64_t collections;
    int64_t live_bytes;         /* after the last collection */
    int64_t heap_bytes;         /* pages in use */
    int64_t total_pause_ns;
} PvGcStats;
void pvgc_stats(PvGcStats *out);

/* Lock protecting the thread registry, held by the collector while it runs. */
void pvgc_threads_lock(void);
void pvgc_threads_unlock(void);
struct PvThread *pvgc_threads_first(void);

#endif
