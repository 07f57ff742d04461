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
#define PV_CACHE_LOAD(cc, c) \
    PvCache cc##_copy_; \
    const PvCache *cc = &cc##_copy_; \
    do { \
        uint32_t pvs_ = atomic_load_explicit(&(c)->pv_seq, memory_order_acquire); \
        cc##_copy_.epoch = __atomic_load_n(&(c)->epoch, __ATOMIC_RELAXED); \
        cc##_copy_.key = __atomic_load_n(&(c)->key, __ATOMIC_RELAXED); \
        cc##_copy_.key2 = __atomic_load_n(&(c)->key2, __ATOMIC_RELAXED); \
        cc##_copy_.value = __atomic_load_n(&(c)->value, __ATOMIC_RELAXED); \
        cc##_copy_.index = __atomic_load_n(&(c)->index, __ATOMIC_RELAXED); \
        atomic_thread_fence(memory_order_acquire); \
        if ((pvs_ & 1) || atomic_load_explicit(&(c)->pv_seq, memory_order_relaxed) != pvs_) \
            cc##_copy_.key = 0, cc##_copy_.epoch = 0;   /* matches nothing */ \
    } while (0)

#endif
