/* cache_seq.h — inline cache hooks for backends whose threads run Python code at the
 * same time (nogil, stm) and so share a code object's cache entries (see the cache
 * hooks in sync.h). Each entry gets a sequence word, odd while a fill is in progress.
 * A backend includes this from its sync_impl.h; the GIL and none builds do not. */
#ifndef PARVM_CACHE_SEQ_H
#define PARVM_CACHE_SEQ_H

#include <stdatomic.h>
#include <stdint.h>

#define PVSYNC_CACHE_FIELDS _Atomic uint32_t pv_seq;

/* A fill happens only if the entry's
 * sequence word could be made odd (no other fill in progress); a reader copies the
 * entry between two reads of the word and uses the copy only if the word was even and
 * unchanged, otherwise the copy is an entry that matches nothing. */
#define PV_CACHE_FILL_BEGIN(c) \
    if (({ uint32_t pvs_ = atomic_load_explicit(&(c)->pv_seq, memory_order_relaxed); \
           bool pvok_ = !(pvs_ & 1) && atomic_compare_exchange_strong_explicit( \
               &(c)->pv_seq, &pvs_, pvs_ + 1, memory_order_acquire, memory_order_relaxed); \
           atomic_thread_fence(memory_order_release); pvok_; })) {
#define PV_CACHE_FILL_END(c) \
        atomic_fetch_add_explicit(&(c)->pv_seq, 1, memory_order_release); }
#define PV_CACHE_SET(field, v)    __atomic_store_n(&(field), (v), __ATOMIC_RELAXED)
/* A reader: PV_CACHE_READ_BEGIN(c) (a declaration: the sequence word), then the
 * fields it needs with PV_CACHE_GET, then PV_CACHE_READ_OK(c): true when the word was
 * even and is unchanged, so the fields read between are one fill's. Only the fields a
 * site uses are read, into registers: an earlier version copied the whole entry into a
 * stack slot at every cached instruction, which cost the eval loop 5-10% on one
 * thread (docs/architecture.md). */
#define PV_CACHE_READ_BEGIN(c) \
    const uint32_t pv_cseq_ = atomic_load_explicit(&(c)->pv_seq, memory_order_acquire)
#define PV_CACHE_GET(c, field)    __atomic_load_n(&(c)->field, __ATOMIC_ACQUIRE)
#define PV_CACHE_READ_OK(c) \
    (!(pv_cseq_ & 1) && atomic_load_explicit(&(c)->pv_seq, memory_order_relaxed) == pv_cseq_)

#endif
