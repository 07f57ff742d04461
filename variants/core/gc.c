/* gc.c — non-moving mark-sweep collector with per-thread allocation (see gc.h).
 *
 * Layout. One address range of PV_HEAP_RESERVE bytes is reserved at start-up and handed
 * out page by page (PV_PAGE_SIZE, aligned). A page starts with a PvPage header:
 *   - a small-object page holds slots of one size class after the header; a free slot
 *     has a NULL type word and links to the next free slot through its second word;
 *   - a large object occupies a run of pages; the first page's header describes it and
 *     page_head[] maps every page of the run back to the first.
 * Mark bits are one byte per slot in the page header (no atomic bit twiddling needed,
 * and the object header stays free for the backends).
 *
 * Allocation. A thread owns at most one page per size class (t->alloc.page[sc]) and
 * pops slots from its free list without any lock (the fast path is inline, gc.h); an
 * exhausted page is exchanged under heap_mu for one from the size class's partial list
 * or a fresh page. Free slots are kept zeroed (fresh pages are zero, the sweep zeroes
 * what it frees, dirty runs are zeroed when taken), so allocation only clears the
 * free-list link and sets the type.
 * Empty pages are kept for reuse; their memory goes back to the OS only when the
 * free pool exceeds what the live heap justifies (madvise is slow and re-faulting
 * pages is slower still).
 *
 * Collection runs with the world stopped (pvsync_gc_stop_world): roots are the
 * registered globals and static objects, every thread's PvThread fields and frame
 * stack, and — conservatively — every thread's C stack from its saved stack pointer up
 * and its saved registers. Then thread caches are dropped, large objects are swept,
 * entirely dead small pages go to the free pool unzeroed ("dirty", zeroed when taken
 * again) and the other small pages wait, marked, on the unswept lists until a thread
 * that needs a page sweeps one (lazy sweeping: the work leaves the pause and is shared
 * by the allocating threads; see sweep()). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "thread.h"
#include "frame.h"
#include "vm.h"

#define PAGE_MAGIC PVGC_PAGE_MAGIC
enum { PAGE_FREE = PVGC_PAGE_FREE, PAGE_SMALL = PVGC_PAGE_SMALL, PAGE_LARGE = PVGC_PAGE_LARGE };
static int64_t free_pool_bytes;            /* pages in free_runs */


/* Size classes: 16-byte steps to 256, then roughly 1.25x steps to PV_SMALL_OBJ_MAX. */
static uint32_t class_size[PV_NSIZECLASSES];
static int nclasses;
uint8_t pvgc_class_of_16[PV_SMALL_OBJ_MAX / 16 + 1];
#define class_of_16 pvgc_class_of_16

static char *heap_lo, *heap_hi, *heap_bump, *heap_committed;
static int32_t *page_head;             /* page index -> index of the run's first page */
static pthread_mutex_t heap_mu = PTHREAD_MUTEX_INITIALIZER;
static PvPage *partial[PV_NSIZECLASSES];   /* pages with free slots, not owned */
static PvPage *full_pages[PV_NSIZECLASSES];/* pages without free slots, not owned */
static PvPage *unswept[PV_NSIZECLASSES];   /* marked by the last collection, not swept */
static int64_t marked_bytes;               /* bytes the current collection marked */
static PvPage *large_pages;                /* live large objects */
static PvPage *free_runs;                  /* freed page runs, first fit */

/* Read without a lock by allocating threads (relaxed loads: plain moves on x86);
 * written by the collector with the world stopped, or atomically (gc_disabled). */
static _Atomic int64_t allocated_since_gc;
static _Atomic int64_t gc_threshold = PV_GC_MIN_HEAP;
static _Atomic int gc_disabled;
static _Atomic bool gc_running;
static PvGcStats stats;

static pthread_mutex_t threads_mu = PTHREAD_MUTEX_INITIALIZER;
static PvThread *threads;

/* Roots. */
static uintptr_t **roots;
static size_t nroots, roots_cap;
static void **static_objs;
static size_t nstatic, static_cap;

/* ---- pages ----------------------------------------------------------------------- */

static size_t header_size(uint32_t nslots)
{
    return (sizeof(PvPage) + nslots + 15) & ~(size_t)15;
}

static void init_classes(void)
{
    uint32_t s = 16;
    nclasses = 0;
    while (s <= PV_SMALL_OBJ_MAX && nclasses < PV_NSIZECLASSES) {
        class_size[nclasses++] = s;
        if (s < 256) s += 16;
        else s = ((s + s / 4) + 15) & ~15u;
    }
    if (class_size[nclasses - 1] != PV_SMALL_OBJ_MAX && nclasses < PV_NSIZECLASSES)
        class_size[nclasses++] = PV_SMALL_OBJ_MAX;
    int c = 0;
    for (uint32_t i = 0; i <= PV_SMALL_OBJ_MAX / 16; i++) {
        while (class_size[c] < i * 16) c++;
        class_of_16[i] = (uint8_t)c;
    }
}

void pvgc_init(void)
{
    init_classes();
    void *p = mmap(NULL, PV_HEAP_RESERVE + PV_PAGE_SIZE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) pv_fatal("cannot reserve %zu bytes of address space for the heap",
                                  (size_t)PV_HEAP_RESERVE);
    heap_lo = (char *)(((uintptr_t)p + PV_PAGE_SIZE - 1) & ~(uintptr_t)(PV_PAGE_SIZE - 1));
    heap_hi = heap_lo + PV_HEAP_RESERVE;
    heap_bump = heap_committed = heap_lo;
    size_t npages = PV_HEAP_RESERVE / PV_PAGE_SIZE;
    page_head = mmap(NULL, npages * sizeof(int32_t), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (page_head == MAP_FAILED) pv_fatal("cannot map the GC page table");
}

static PvPage *page_of_index(int64_t i) { return (PvPage *)(heap_lo + (size_t)i * PV_PAGE_SIZE); }

#if PARVM_CHECK
/* Checking build: the invariant that free runs are zero past their header. */
static void check_zero(PvPage *pg, size_t bytes, const char *where)
{
    const unsigned char *p = (const unsigned char *)pg;
    for (size_t i = sizeof(PvPage) + 64; i < bytes; i++)
        if (p[i]) pv_fatal("gc: %s: free run %p is not zero at offset %zu", where, (void *)pg, i);
}
#define CHECK_ZERO(pg, bytes, where) check_zero((pg), (bytes), (where))
#else
#define CHECK_ZERO(pg, bytes, where) ((void)0)
#endif

/* A run of n fresh pages, from the freed runs (first fit) or the bump pointer; heap_mu
 * held. Its header is zero but for npages; *dirty says whether the rest still has to
 * be zeroed (zero_run), which the caller does after dropping heap_mu: the run is its
 * own, and zeroing 64 KB under the lock made it the point where allocating threads
 * queued (docs/architecture.md). */
static PvPage *alloc_run(int64_t n, bool *dirty)
{
    *dirty = false;
    PvPage **pp = &free_runs;
    for (PvPage *r = free_runs; r; pp = &r->next, r = r->next) {
        if (r->npages < n) continue;
        if (r->npages > n) {      /* split: the tail stays free */
            PvPage *rest = (PvPage *)((char *)r + (size_t)n * PV_PAGE_SIZE);
            rest->magic = PAGE_MAGIC;
            rest->kind = PAGE_FREE;
            rest->npages = r->npages - n;
            rest->dirty = r->dirty;
            rest->next = r->next;
            int64_t ri = ((char *)rest - heap_lo) / (int64_t)PV_PAGE_SIZE;
            for (int64_t k = 0; k < rest->npages; k++) page_head[ri + k] = (int32_t)ri;
            *pp = rest;
        } else {
            *pp = r->next;
        }
        *dirty = r->dirty;         /* zeroed by the taker, not in the collection's pause */
        /* Free runs are zero apart from their header, unless dirty. */
        memset(r, 0, sizeof(PvPage));
        if (!*dirty) CHECK_ZERO(r, (size_t)n * PV_PAGE_SIZE, "alloc_run");
        r->npages = n;
        free_pool_bytes -= n * (int64_t)PV_PAGE_SIZE;
        return r;
    }
    size_t bytes = (size_t)n * PV_PAGE_SIZE;
    if ((size_t)(heap_hi - heap_bump) < bytes)
        pv_fatal("out of memory: the heap reserve of %zu bytes is exhausted",
                 (size_t)PV_HEAP_RESERVE);
    char *p = heap_bump;
    heap_bump += bytes;
    if (heap_bump > heap_committed) {
        size_t grow = (size_t)(heap_bump - heap_committed);
        size_t chunk = (size_t)16 << 20;
        if (grow < chunk) grow = chunk;
        if (heap_committed + grow > heap_hi) grow = (size_t)(heap_hi - heap_committed);
        if (mprotect(heap_committed, grow, PROT_READ | PROT_WRITE) != 0)
            pv_fatal("cannot commit heap memory");
        heap_committed += grow;
    }
    PvPage *pg = (PvPage *)p;
    pg->npages = n;
    return pg;
}

/* Zeroes a dirty run that alloc_run handed out (everything after its header). */
static void zero_run(PvPage *r)
{
    size_t bytes = (size_t)r->npages * PV_PAGE_SIZE;
    memset((char *)r + sizeof(PvPage), 0, bytes - sizeof(PvPage));
    CHECK_ZERO(r, bytes, "zero_run");
}

static void set_run_head(PvPage *pg)
{
    int64_t i = ((char *)pg - heap_lo) / (int64_t)PV_PAGE_SIZE;
    for (int64_t k = 0; k < pg->npages; k++) page_head[i + k] = (int32_t)i;
}


/* Returns a run to the free pool. `zeroed`: everything after the header is already
 * zero; otherwise a big run goes back to the OS (which zeroes it) and a small one is
 * marked dirty, to be zeroed when it is taken again (alloc_run), outside the pause. */
static void free_run(PvPage *pg, bool zeroed)
{
    int64_t n = pg->npages;
    size_t bytes = (size_t)n * PV_PAGE_SIZE;
    bool dirty = false;
    if (!zeroed) {
        if (n > 16) madvise(pg, bytes, MADV_DONTNEED);   /* big: let the OS zero it */
        else dirty = true;
    }
    if (!dirty) CHECK_ZERO(pg, bytes, "free_run");
    free_pool_bytes += (int64_t)bytes;
    pg->magic = PAGE_MAGIC;
    pg->kind = PAGE_FREE;
    pg->npages = n;
    pg->dirty = dirty;
    pg->unswept = 0;
    set_run_head(pg);
    pg->next = free_runs;
    free_runs = pg;
}

/* Links every slot of a page whose slots are all zero, first slot first (a free slot's
 * type is NULL). */
static void link_all_slots(PvPage *pg)
{
    char *base = (char *)pg + pg->first;
    void *fl = NULL;
    for (uint32_t i = pg->bump; i-- > 0;) {
        void **slot = (void **)(base + (size_t)i * pg->objsize);
        slot[1] = fl;
        fl = slot;
    }
    pg->freelist = fl;
    pg->nfree = pg->bump;
}

static int64_t sweep_small_page(PvPage *pg);

/* Makes a fresh run of one page (alloc_run) a page of size class sc with every slot
 * free. Needs no lock: the page is the caller's alone until it is published. */
static void init_small_page(PvPage *pg, bool dirty, int sc)
{
    if (dirty) zero_run(pg);
    uint32_t size = class_size[sc];
    /* Solve nslots: header(nslots) + nslots * size <= page size. */
    uint32_t n = (uint32_t)((PV_PAGE_SIZE - sizeof(PvPage)) / (size + 1));
    while (header_size(n) + (size_t)n * size > PV_PAGE_SIZE) n--;
    pg->magic = PAGE_MAGIC;
    pg->kind = PAGE_SMALL;
    pg->sizeclass = (uint8_t)sc;
    pg->objsize = size;
    pg->nslots = n;
    pg->first = (uint32_t)header_size(n);
    pg->bump = n;
    link_all_slots(pg);
    pg->npages = 1;
    set_run_head(pg);
}

/* ---- allocation ------------------------------------------------------------------ */

static void collect(PvThread *t, bool only_if_due);

static bool collection_due(void)
{
    return atomic_load_explicit(&allocated_since_gc, memory_order_relaxed) >=
           atomic_load_explicit(&gc_threshold, memory_order_relaxed);
}

static void maybe_collect(PvThread *t)
{
    if (atomic_load_explicit(&gc_disabled, memory_order_relaxed) ||
        atomic_load_explicit(&gc_running, memory_order_relaxed))
        return;
    if (!collection_due()) return;
    collect(t, true);
}

static void *take_slot(PvPage *pg)
{
    void **obj = pg->freelist;
    if (obj) {
        pg->freelist = obj[1];
        obj[1] = NULL;
    }
    return obj;
}

static PV_NOINLINE void *alloc_large(PvThread *t, PvType *type, size_t size)
{
    size_t hdr = header_size(1);
    int64_t n = (int64_t)((hdr + size + PV_PAGE_SIZE - 1) / PV_PAGE_SIZE);
    atomic_fetch_add_explicit(&allocated_since_gc, n * (int64_t)PV_PAGE_SIZE,
                              memory_order_relaxed);
    maybe_collect(t);
    pthread_mutex_lock(&heap_mu);
    bool dirty;
    PvPage *pg = alloc_run(n, &dirty);
    pg->magic = PAGE_MAGIC;
    pg->kind = PAGE_LARGE;
    pg->first = (uint32_t)hdr;
    pg->nslots = 1;
    pg->large_size = (int64_t)size;
    set_run_head(pg);
    pg->next = large_pages;
    large_pages = pg;
    stats.heap_bytes += n * (int64_t)PV_PAGE_SIZE;
    pthread_mutex_unlock(&heap_mu);
    /* Only a collection, which cannot start before this thread's next safepoint, looks
     * at the run's contents: it is zeroed without the lock. */
    if (dirty) zero_run(pg);
    PvObject *o = (PvObject *)((char *)pg + hdr);
    o->type = type;
    ((void **)o)[1] = PVSYNC_NEW_OBJECT_WORD(t, type);
    t->alloc.bytes += (int64_t)size;
    PV_COUNT(t, gc_alloc_bytes, (int64_t)size);
    return o;
}

static PV_NOINLINE void *alloc_slow(PvThread *t, PvType *type, size_t size, int sc)
{
    maybe_collect(t);
    pthread_mutex_lock(&heap_mu);
    PvPage *old = t->alloc.page[sc];
    if (old) {               /* exhausted: no longer ours */
        old->owner = NULL;
        old->next = full_pages[sc];
        full_pages[sc] = old;
    }
    /* Partial pages have a free slot, except pages handed back by exiting threads,
     * which may be full: those go to the full list. */
    PvPage *pg;
    for (;;) {
        while ((pg = partial[sc]) && !pg->freelist) {
            partial[sc] = pg->next;
            pg->next = full_pages[sc];
            full_pages[sc] = pg;
        }
        if (pg) { partial[sc] = pg->next; break; }
        if (!(pg = unswept[sc])) {
            bool dirty;
            pg = alloc_run(1, &dirty);
            stats.heap_bytes += PV_PAGE_SIZE;
            pthread_mutex_unlock(&heap_mu);
            init_small_page(pg, dirty, sc);
            pthread_mutex_lock(&heap_mu);
            break;
        }
        /* Lazy sweep: the page is this thread's alone once off the list, so it is
         * swept without the heap lock, in parallel with other threads' sweeping;
         * no collection can start before this thread reaches a safepoint. */
        unswept[sc] = pg->next;
        pg->next = NULL;
        pthread_mutex_unlock(&heap_mu);
        if (sweep_small_page(pg) == 0) link_all_slots(pg);
        pthread_mutex_lock(&heap_mu);
        if (pg->freelist) break;
        pg->next = full_pages[sc];
        full_pages[sc] = pg;
    }
    pg->owner = t;
    pg->next = NULL;
    t->alloc.page[sc] = pg;
    pthread_mutex_unlock(&heap_mu);
    /* Bytes are counted when a page's free slots are handed to a thread, so the
     * fast path counts nothing (gc_alloc_bytes is exact to within one page per size
     * class per thread). */
    int64_t avail = (int64_t)pg->objsize * pg->nfree;
    atomic_fetch_add_explicit(&allocated_since_gc, avail, memory_order_relaxed);
    t->alloc.bytes += avail;
    PV_COUNT(t, gc_alloc_bytes, avail);
    void *obj = take_slot(pg);
    if (!obj) pv_fatal("gc: a partial page has no free slot");
    ((PvObject *)obj)->type = type;
    ((void **)obj)[1] = PVSYNC_NEW_OBJECT_WORD(t, type);
    return obj;
}

void *pvgc_alloc_slow(PvThread *t, PvType *type, size_t size)
{
    if (size > PV_SMALL_OBJ_MAX) return alloc_large(t, type, size);
    int sc = class_of_16[(size + 15) / 16];
    PvPage *pg = t->alloc.page[sc];
    void *obj;
    if (pg && (obj = take_slot(pg))) {
        ((PvObject *)obj)->type = type;
        ((void **)obj)[1] = PVSYNC_NEW_OBJECT_WORD(t, type);
        return obj;
    }
    return alloc_slow(t, type, size, sc);
}

void pvgc_disable(void) { atomic_fetch_add_explicit(&gc_disabled, 1, memory_order_relaxed); }
void pvgc_enable(void) { atomic_fetch_sub_explicit(&gc_disabled, 1, memory_order_relaxed); }

/* ---- object lookup -------------------------------------------------------------- */

/* The object containing address p (interior pointers count), or NULL. */
static PvObject *find_object(uintptr_t p, PvPage **page_out, uint32_t *slot_out)
{
    if (p < (uintptr_t)heap_lo || p >= (uintptr_t)heap_bump) return NULL;
    int64_t i = (int64_t)((p - (uintptr_t)heap_lo) / PV_PAGE_SIZE);
    PvPage *pg = page_of_index(page_head[i]);
    if (pg->magic != PAGE_MAGIC) return NULL;
    uintptr_t base = (uintptr_t)pg + pg->first;
    if (p < base) return NULL;
    uint32_t slot;
    if (pg->kind == PAGE_SMALL) {
        slot = (uint32_t)((p - base) / pg->objsize);
        if (slot >= pg->bump) return NULL;
    } else if (pg->kind == PAGE_LARGE) {
        if (p >= base + (uintptr_t)pg->large_size) return NULL;
        slot = 0;
    } else {
        return NULL;
    }
    PvObject *o = (PvObject *)(base + (uintptr_t)slot * (pg->kind == PAGE_SMALL ? pg->objsize : 0));
    if (!o->type) return NULL;          /* a free slot */
    if (pg->unswept && !pg->marks[slot]) return NULL;   /* dead, not swept yet */
    *page_out = pg;
    *slot_out = slot;
    return o;
}

bool pvgc_is_heap_object(const void *p)
{
    PvPage *pg;
    uint32_t slot;
    PvObject *o = find_object((uintptr_t)p, &pg, &slot);
    return o == p;
}

size_t pvgc_object_size(const void *obj)
{
    PvPage *pg;
    uint32_t slot;
    if (!find_object((uintptr_t)obj, &pg, &slot)) return 0;
    return pg->kind == PAGE_SMALL ? pg->objsize : (size_t)pg->large_size;
}

/* A running thread's question about an object it holds a reference to (the STM
 * write barrier's), answered while other threads allocate: the object is live, so
 * its page and the page's size fields do not change, and nothing here reads the
 * allocator's moving state (heap_bump, free lists). heap_lo and heap_hi are set once
 * at start-up. Returns 0 for an object outside the heap (a static object). */
size_t pvgc_live_object_size(const void *obj)
{
    if ((const char *)obj < heap_lo || (const char *)obj >= heap_hi) return 0;
    int64_t i = (int64_t)(((const char *)obj - heap_lo) / (int64_t)PV_PAGE_SIZE);
    PvPage *pg = page_of_index(__atomic_load_n(&page_head[i], __ATOMIC_ACQUIRE));
    return pg->kind == PAGE_SMALL ? pg->objsize : (size_t)pg->large_size;
}

/* ---- marking --------------------------------------------------------------------- */

/* A marker: a thread's share of the marking, with its own stack of objects to trace
 * and its own count of marked bytes. The collector is marker 0 (it marks the roots);
 * in the builds that stop the world (PVSYNC_STW) the threads parked by the stop join
 * as further markers (see "Parallel marking" below and set_mark).
 * A stack's entries are items[lo..n): a marker pops at n, and gives work away from lo
 * (the oldest entries, share_work) without moving the rest. */
typedef struct MarkStack {
    PvObject **items;
    size_t lo, n, cap;
} MarkStack;

typedef struct Marker {
    MarkStack st;
    int64_t bytes;
} __attribute__((aligned(64))) Marker;   /* a line each: markers write theirs per object */

static Marker collector_marker;

static void mark_push(Marker *m, PvObject *o)
{
    MarkStack *st = &m->st;
    if (st->n == st->cap) {
        if (st->lo > st->cap / 2) {       /* room at the bottom: move down */
            memmove(st->items, st->items + st->lo, (st->n - st->lo) * sizeof(PvObject *));
            st->n -= st->lo;
            st->lo = 0;
        } else {
            st->cap = st->cap ? st->cap * 2 : 4096;
            st->items = pv_xrealloc(st->items, st->cap * sizeof(PvObject *));
        }
    }
    st->items[st->n++] = o;
}

/* Sets the mark of slot `slot`; false if it was already set. In the builds with
 * parallel markers the check and the store are two relaxed accesses (plain moves on
 * x86-64, as in the other builds), not an exchange, which is a full barrier: it cost
 * one marker 5% (bintrees medium, pause per collection 3.28 against 3.12 ms, median
 * of 5) and two markers nothing measurable. Two markers that reach one object at the
 * same moment may then both trace it, which only repeats work (marks are idempotent)
 * and counts its bytes twice in marked_bytes (the next threshold's estimate). */
static inline bool set_mark(PvPage *pg, uint32_t slot)
{
#if PVSYNC_STW
    if (__atomic_load_n(&pg->marks[slot], __ATOMIC_RELAXED)) return false;
    __atomic_store_n(&pg->marks[slot], 1, __ATOMIC_RELAXED);
    return true;
#else
    if (pg->marks[slot]) return false;
    pg->marks[slot] = 1;
    return true;
#endif
}

/* Marks the object containing p, if any, and queues it for tracing. */
static void mark_addr(Marker *m, uintptr_t p)
{
    PvPage *pg;
    uint32_t slot;
    PvObject *o = find_object(p, &pg, &slot);
    if (!o || !set_mark(pg, slot)) return;
    m->bytes += pg->kind == PAGE_SMALL ? pg->objsize : pg->large_size;
    mark_push(m, o);
}

static void visit(uintptr_t v, void *ctx)
{
    if (v && PV_IS_PTR(v)) mark_addr(ctx, v);
}

static void trace_object(Marker *m, PvObject *o)
{
    PvType *type = o->type;
    mark_addr(m, (uintptr_t)type);     /* classes are heap objects too */
    if (type->trace) type->trace(o, (PvVisitFn)visit, m);
}

#if PVSYNC_STW
/* Parallel marking. With the world stopped, the threads that the stop parked have
 * nothing to do until it ends; each one that sees the collection's offer (stw.h,
 * pvstw_offer_help) joins the marking with a Marker of its own. Work moves between
 * markers through a pool of chunks: while some marker waits (`hungry`), a marker with
 * more than one object on its stack gives the oldest half of it (at most a chunk) to
 * the pool; an idle marker takes a chunk from the pool, or spins and then sleeps.
 * Marking is over when every marker that joined is idle with the pool empty: then no
 * stack holds anything and nothing is left to share. A marker that joins after that
 * leaves at once. Objects are only read (the world is stopped); marks are set with
 * relaxed accesses (set_mark). */
#define MARK_CHUNK 256
#define MAX_MARKERS 64

typedef struct MarkChunk {
    struct MarkChunk *next;
    size_t n;
    PvObject *items[MARK_CHUNK];
} MarkChunk;

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;           /* a chunk was added, or marking is over */
    MarkChunk *full, *spare;
    int markers, idle;           /* markers that joined; of those, how many wait */
    _Atomic int nfull;           /* chunks in full (written under mu, read when spinning) */
    _Atomic bool done;           /* every marker idle, the pool empty */
    /* A marker waits and the pool is empty (a hint, read by every marker at every
     * object): on a line of its own, away from the fields written under mu. */
    _Alignas(64) _Atomic bool hungry;
    Marker helpers[MAX_MARKERS - 1];
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

/* Gives the pool the oldest half of m's stack (at most MARK_CHUNK entries): those
 * nearest the roots, whose subgraphs are the biggest (a tree's depth-first stack holds
 * little more than its depth). pool.mu not held. */
static void share_work(Marker *m)
{
    size_t held = m->st.n - m->st.lo;
    size_t k = held / 2 < MARK_CHUNK ? held / 2 : MARK_CHUNK;
    pthread_mutex_lock(&pool.mu);
    MarkChunk *c = pool.spare;
    if (c) pool.spare = c->next;
    else c = pv_xmalloc(sizeof *c);
    c->n = k;
    memcpy(c->items, m->st.items + m->st.lo, k * sizeof(PvObject *));
    m->st.lo += k;
    c->next = pool.full;
    pool.full = c;
    atomic_store_explicit(&pool.nfull, atomic_load_explicit(&pool.nfull, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    atomic_store_explicit(&pool.hungry, false, memory_order_relaxed);
    pthread_cond_signal(&pool.cv);
    pthread_mutex_unlock(&pool.mu);
}

/* m's stack is empty: refills it from the pool, waiting while other markers still
 * work. False when marking is over. `idle`: m already counts as idle (a marker that
 * has just joined). An idle marker spins before it sleeps: a mark phase lasts a few
 * milliseconds, and waking a sleeping thread took longer than most of the waits it
 * ended (bintrees, two markers: half of the helper's time went to wake-ups, and two
 * markers were no faster than one). The stopped world has nothing else to run, but
 * a machine with fewer cores than threads has: after MARK_SPIN spins it sleeps. */
#define MARK_SPIN 20000
static bool take_work(Marker *m, bool idle)
{
    pthread_mutex_lock(&pool.mu);
    if (!idle) pool.idle++;
    int spins = 0;
    while (!pool.full) {
        if (atomic_load_explicit(&pool.done, memory_order_relaxed)) break;
        if (pool.idle == pool.markers) {
            atomic_store_explicit(&pool.done, true, memory_order_relaxed);
            pthread_cond_broadcast(&pool.cv);
            break;
        }
        atomic_store_explicit(&pool.hungry, true, memory_order_relaxed);
        if (spins >= MARK_SPIN) {
            pthread_cond_wait(&pool.cv, &pool.mu);
            continue;
        }
        pthread_mutex_unlock(&pool.mu);
        while (spins < MARK_SPIN && !atomic_load_explicit(&pool.nfull, memory_order_relaxed) &&
               !atomic_load_explicit(&pool.done, memory_order_relaxed)) {
            /* Another waiter may have taken the chunk that cleared the flag. */
            if (!atomic_load_explicit(&pool.hungry, memory_order_relaxed))
                atomic_store_explicit(&pool.hungry, true, memory_order_relaxed);
            pv_cpu_relax();
            spins++;
        }
        pthread_mutex_lock(&pool.mu);
    }
    if (!pool.full) {
        pthread_mutex_unlock(&pool.mu);
        return false;
    }
    pool.idle--;
    MarkChunk *c = pool.full;
    pool.full = c->next;
    atomic_store_explicit(&pool.nfull, atomic_load_explicit(&pool.nfull, memory_order_relaxed) - 1,
                          memory_order_relaxed);
    for (size_t i = 0; i < c->n; i++) mark_push(m, c->items[i]);
    c->next = pool.spare;
    pool.spare = c;
    pthread_mutex_unlock(&pool.mu);
    return true;
}

static void drain(Marker *m)
{
    do {
        while (m->st.n > m->st.lo) {
            trace_object(m, m->st.items[--m->st.n]);
            if (m->st.n - m->st.lo > 1 && atomic_load_explicit(&pool.hungry, memory_order_relaxed))
                share_work(m);
        }
        m->st.lo = m->st.n = 0;
        if (!take_work(m, false)) return;
    } while (1);
}

/* A parked thread's part (pvstw_offer_help's fn): joins the marking, if it is not
 * over, and adds what it marked to the total. True if it took work from the pool. */
static bool help_mark(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&pool.mu);
    if (atomic_load_explicit(&pool.done, memory_order_relaxed) || pool.markers == MAX_MARKERS) {
        pthread_mutex_unlock(&pool.mu);
        return false;
    }
    Marker *m = &pool.helpers[pool.markers - 1];
    pool.markers++;
    pool.idle++;
    m->bytes = 0;
    pthread_mutex_unlock(&pool.mu);
    bool worked = take_work(m, true);
    if (worked) drain(m);
    pthread_mutex_lock(&pool.mu);
    marked_bytes += m->bytes;
    pthread_mutex_unlock(&pool.mu);
    return worked;
}

/* Traces everything reachable from what the collector's marker holds, with the help
 * of the parked threads. */
static void mark_all(PvThread *self, Marker *m)
{
    pool.markers = 1;
    pool.idle = 0;
    atomic_store_explicit(&pool.done, false, memory_order_relaxed);
    atomic_store_explicit(&pool.hungry, false, memory_order_relaxed);
    pvstw_offer_help(self, help_mark, NULL);
    drain(m);
    pvstw_end_help(self);
}
#else
static void drain(Marker *m)
{
    while (m->st.n) trace_object(m, m->st.items[--m->st.n]);
}

static void mark_all(PvThread *self, Marker *m)
{
    (void)self;
    drain(m);
}
#endif

/* Conservative scan of a memory range: any word that points into an object marks it.
 * (A macro, so that scan_parked_stack can be the same loop under other attributes.) */
#define SCAN_WORDS(lo, hi) do { \
        uintptr_t a_ = ((uintptr_t)(lo) + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1); \
        for (; a_ + sizeof(uintptr_t) <= (uintptr_t)(hi); a_ += sizeof(uintptr_t)) { \
            uintptr_t w_ = *(const volatile uintptr_t *)a_; \
            if (w_ >= (uintptr_t)heap_lo && w_ < (uintptr_t)heap_bump) \
                mark_addr(&collector_marker, w_); \
        } \
    } while (0)

__attribute__((no_sanitize("address")))
static void scan_range(const void *lo, const void *hi) { SCAN_WORDS(lo, hi); }

/* The C stack of a parked thread, from its saved stack pointer up. The thread is
 * not stopped: once parked it goes on running its wait (a spin on a lock word, the C
 * library's condition wait) in frames that reuse the dead ones just above the saved
 * pointer, so words there change during the scan. None of them is a root: every
 * reference the thread holds was in its live frames or saved registers when it parked
 * and stays there until it unparks. The reads are racy by design, so this one loop is
 * left out of ThreadSanitizer's view (as out of AddressSanitizer's: the dead frames
 * hold its redzones); every other scan_range stays checked. */
__attribute__((no_sanitize("address", "thread")))
static void scan_parked_stack(const void *lo, const void *hi) { SCAN_WORDS(lo, hi); }

/* Callee-saved registers and the stack pointer of the calling thread. x86-64 keeps
 * rbx, rbp, r12-r15 across calls; other architectures fall back to a register spill
 * forced by __builtin_unwind_init, which lands inside the frame we record. */
__attribute__((noinline))
void pvgc_save_context(PvThread *t)
{
#if defined(__x86_64__)
    __asm__ volatile(
        "movq %%rbx, 0(%0)\n\t"
        "movq %%rbp, 8(%0)\n\t"
        "movq %%r12, 16(%0)\n\t"
        "movq %%r13, 24(%0)\n\t"
        "movq %%r14, 32(%0)\n\t"
        "movq %%r15, 40(%0)\n\t"
        : : "r"(t->saved_regs) : "memory");
#else
    __builtin_unwind_init();
#endif
    t->saved_sp = __builtin_frame_address(0);
    t->context_saved = true;
}

static void scan_thread(PvThread *t, bool self)
{
    Marker *m = &collector_marker;
    visit(t->exc, m);
    visit(t->handled, m);
    visit(t->local_storage, m);
    visit(t->thread_obj, m);
    /* Python frames: the frame stack holds values and pointers to code/functions. */
    if (t->fstack && t->fstack_top > t->fstack) scan_range(t->fstack, t->fstack_top);
    for (struct PvFrame *f = t->frame; f; f = f->back)
        if (!((char *)f >= t->fstack && (char *)f < t->fstack_end))
            mark_addr(m, (uintptr_t)f);   /* generator frames live in the heap */
    PVSYNC_GC_ROOTS(t, scan_range);    /* backend state holding values (STM undo log) */
    if (self) return;                  /* the collector's own stack: see collect() */
    if (t->saved_sp && t->stack_hi) {
        scan_range(t->saved_regs, t->saved_regs + PV_ARRAY_LEN(t->saved_regs));
        scan_parked_stack(t->saved_sp, t->stack_hi);
    }
}

static void mark_roots(PvThread *self)
{
    Marker *m = &collector_marker;
    for (size_t i = 0; i < nroots; i++) visit(*roots[i], m);
    for (size_t i = 0; i < nstatic; i++) {
        PvObject *o = static_objs[i];
        if (o->type && o->type->trace) o->type->trace(o, (PvVisitFn)visit, m);
    }
    for (PvThread *t = threads; t; t = t->next) scan_thread(t, t == self);
}

/* ---- sweeping -------------------------------------------------------------------- */

static int64_t sweep_small_page(PvPage *pg)
{
    pg->unswept = 0;
    char *base = (char *)pg + pg->first;
    size_t words = pg->objsize / sizeof(uintptr_t);
    /* Most pages of short-lived objects are entirely dead: zero them in one pass; the
     * caller returns them to the free pool, so no free list is built (building one and
     * unlinking it again cost more than the zeroing: mandelbrot's sweep was half
     * free-list work). */
    if (!memchr(pg->marks, 1, pg->bump)) {
        memset(base, 0, (size_t)pg->bump * pg->objsize);
        pg->freelist = NULL;
        pg->nfree = pg->bump;
        return 0;
    }
    int64_t live = 0;
    void *fl = NULL;
    for (uint32_t s = pg->bump; s-- > 0;) {
        uintptr_t *o = (uintptr_t *)(base + (size_t)s * pg->objsize);
        if (pg->marks[s]) {
            pg->marks[s] = 0;
            live++;
            continue;
        }
        if (o[0])                               /* keep free slots zeroed */
            for (size_t w = 0; w < words; w++) o[w] = 0;
        o[1] = (uintptr_t)fl;
        fl = o;
    }
    pg->freelist = fl;
    pg->nfree = pg->bump - (uint32_t)live;
    return live;
}

/* Sweeps the pages the last collection left unswept (before a collection marks again:
 * a page's marks must be its own collection's). Entirely dead pages go to the pool. */
static void finish_sweep(void)
{
    for (int sc = 0; sc < nclasses; sc++) {
        for (PvPage *pg = unswept[sc], *nx; pg; pg = nx) {
            nx = pg->next;
            if (sweep_small_page(pg) == 0) {
                stats.heap_bytes -= PV_PAGE_SIZE;
                free_run(pg, true);
            } else if (pg->freelist) {
                pg->next = partial[sc];
                partial[sc] = pg;
            } else {
                pg->next = full_pages[sc];
                full_pages[sc] = pg;
            }
        }
        unswept[sc] = NULL;
    }
}

/* Small pages are swept lazily: of every page of a class (partial, full,
 * thread-owned), one with no mark goes to the free pool dirty, the others go to the
 * class's unswept list with their marks, and a thread that needs a page sweeps one
 * (alloc_slow), so the sweep's work leaves the pause and is shared by the allocating
 * threads. Until then a dead object in an unswept page is recognised by its missing
 * mark (find_object). Large objects are swept here. */
static void sweep(void)
{
    int64_t live_bytes = marked_bytes;
    for (int sc = 0; sc < nclasses; sc++) {
        PvPage *all = unswept[sc];           /* empty: finish_sweep ran before marking */
        for (PvPage *pg = partial[sc], *nx; pg; pg = nx) { nx = pg->next; pg->next = all; all = pg; }
        for (PvPage *pg = full_pages[sc], *nx; pg; pg = nx) { nx = pg->next; pg->next = all; all = pg; }
        for (PvThread *t = threads; t; t = t->next) {
            PvPage *pg = t->alloc.page[sc];
            if (pg) { pg->owner = NULL; pg->next = all; all = pg; t->alloc.page[sc] = NULL; }
        }
        partial[sc] = full_pages[sc] = NULL;
        unswept[sc] = NULL;
        for (PvPage *pg = all, *nx; pg; pg = nx) {
            nx = pg->next;
            if (!memchr(pg->marks, 1, pg->bump)) {   /* entirely dead: to the pool */
                stats.heap_bytes -= PV_PAGE_SIZE;
                free_run(pg, false);
                continue;
            }
            pg->unswept = 1;
            pg->next = unswept[sc];
            unswept[sc] = pg;
        }
    }
    PvPage **pp = &large_pages;
    for (PvPage *pg = large_pages, *nx; pg; pg = nx) {
        nx = pg->next;
        if (pg->marks[0]) {
            pg->marks[0] = 0;
            pp = &pg->next;
        } else {
            *pp = nx;
            stats.heap_bytes -= pg->npages * (int64_t)PV_PAGE_SIZE;
            free_run(pg, false);
        }
    }
    stats.live_bytes = live_bytes;
    /* Give memory back when the free pool is larger than the live heap justifies. */
    int64_t keep = live_bytes > (int64_t)PV_GC_MIN_HEAP ? live_bytes : (int64_t)PV_GC_MIN_HEAP;
    for (PvPage *r = free_runs; r && free_pool_bytes > keep; r = r->next) {
        if (r->kind != PAGE_FREE || r->unused) continue;
        size_t bytes = (size_t)r->npages * PV_PAGE_SIZE;
        if (bytes > PV_PAGE_SIZE) madvise((char *)r + PV_PAGE_SIZE, bytes - PV_PAGE_SIZE, MADV_DONTNEED);
        madvise((char *)r + sizeof(PvPage) + 64, PV_PAGE_SIZE - sizeof(PvPage) - 64, MADV_DONTNEED);
        r->unused = 1;            /* returned: counted once (a dirty run stays dirty:
                                     the first 64 bytes past the header are kept) */
        free_pool_bytes -= (int64_t)bytes;
    }
}

/* ---- collection ------------------------------------------------------------------ */

/* Runs in a frame of its own below pvgc_collect's, so that scanning from this frame
 * up covers every frame of the collecting thread, pvgc_collect's included: the
 * compiler may spill a caller's register anywhere in those frames. */
__attribute__((noinline))
static void collect_with_stack(PvThread *self, void *regs, size_t nregs)
{
    finish_sweep();
    marked_bytes = 0;
    collector_marker.bytes = 0;
    mark_roots(self);
    scan_range(regs, (char *)regs + nregs);
    if (self && self->stack_hi) scan_range(__builtin_frame_address(0), self->stack_hi);
    mark_all(self, &collector_marker);
    marked_bytes += collector_marker.bytes;
    sweep();
}

/* `only_if_due`: a collection triggered by the allocation threshold. Several threads
 * may reach the threshold at once; whoever stops the world second finds the threshold
 * reset by the first collection and skips its own. */
static void collect(PvThread *t, bool only_if_due)
{
    if (atomic_load_explicit(&gc_running, memory_order_relaxed) ||
        atomic_load_explicit(&gc_disabled, memory_order_relaxed))
        return;
    int64_t start = pv_now_ns();
    pvsync_gc_stop_world(t);
    if (only_if_due && !collection_due()) {
        pvsync_gc_start_world(t);
        return;
    }
    pvgc_threads_lock();
    pthread_mutex_lock(&heap_mu);
    atomic_store_explicit(&gc_running, true, memory_order_relaxed);
    /* Spill our own registers into this frame, then scan from here up. */
    pvgc_save_context(t);
    volatile uintptr_t regs_copy[8];
    for (int i = 0; i < 8; i++) regs_copy[i] = t->saved_regs[i];
    collect_with_stack(t, (void *)regs_copy, sizeof regs_copy);
    /* Every thread that allocated since the last collection brings PV_GC_MIN_HEAP of
     * its own to the next threshold, so threads that allocate in parallel do not
     * collect more often, per unit of each one's work, than one thread alone. */
    int64_t active = 0;
    for (PvThread *u = threads; u; u = u->next) {
        if (u->alloc.bytes > 0) active++;
        u->alloc.bytes = 0;
    }
    double floor = (double)PV_GC_MIN_HEAP * (double)(active > 1 ? active : 1);
    double grown = (double)stats.live_bytes * PV_GC_GROWTH;
    atomic_store_explicit(&gc_threshold, (int64_t)(grown > floor ? grown : floor),
                          memory_order_relaxed);
    atomic_store_explicit(&allocated_since_gc, 0, memory_order_relaxed);
    stats.collections++;
    pv_type_invalidate_caches();
    atomic_store_explicit(&gc_running, false, memory_order_relaxed);
    pthread_mutex_unlock(&heap_mu);
    pvgc_threads_unlock();
    pvsync_gc_start_world(t);
    int64_t pause = pv_now_ns() - start;
    stats.total_pause_ns += pause;
    PV_COUNT(t, gc_cycles, 1);
    PV_COUNT(t, gc_pause_ns, pause);
}

void pvgc_collect(PvThread *t) { collect(t, false); }

void pvgc_stats(PvGcStats *out) { *out = stats; }

/* ---- roots and threads ----------------------------------------------------------- */

void pvgc_add_root(uintptr_t *root)
{
    if (nroots == roots_cap) {
        roots_cap = roots_cap ? roots_cap * 2 : 64;
        roots = pv_xrealloc(roots, roots_cap * sizeof(*roots));
    }
    roots[nroots++] = root;
}

void pvgc_add_static_object(void *obj)
{
    if (nstatic == static_cap) {
        static_cap = static_cap ? static_cap * 2 : 128;
        static_objs = pv_xrealloc(static_objs, static_cap * sizeof(*static_objs));
    }
    static_objs[nstatic++] = obj;
}

void pvgc_threads_lock(void) { pthread_mutex_lock(&threads_mu); }
void pvgc_threads_unlock(void) { pthread_mutex_unlock(&threads_mu); }
PvThread *pvgc_threads_first(void) { return threads; }

void pvgc_register_thread(PvThread *t)
{
    pthread_mutex_lock(&threads_mu);
    t->prev = NULL;
    t->next = threads;
    if (threads) threads->prev = t;
    threads = t;
    pthread_mutex_unlock(&threads_mu);
}

void pvgc_unregister_thread(PvThread *t)
{
    pthread_mutex_lock(&threads_mu);
    pthread_mutex_lock(&heap_mu);
    /* Hand the thread's pages back. */
    for (int sc = 0; sc < nclasses; sc++) {
        PvPage *pg = t->alloc.page[sc];
        if (!pg) continue;
        pg->owner = NULL;
        if (pg->freelist) {
            pg->next = partial[sc];
            partial[sc] = pg;
        } else {
            pg->next = full_pages[sc];
            full_pages[sc] = pg;
        }
        t->alloc.page[sc] = NULL;
    }
    pthread_mutex_unlock(&heap_mu);
    if (t->prev) t->prev->next = t->next; else threads = t->next;
    if (t->next) t->next->prev = t->prev;
    t->next = t->prev = NULL;
    pthread_mutex_unlock(&threads_mu);
}
