/* sync_impl.h (stm) — software transactional memory: the GIL's semantics, in parallel.
 *
 * Every thread runs its Python code in transactions. A transaction starts at a tick at
 * the eval loop's base level (no C frame of a builtin between the frame and the
 * thread's entry), so that rolling it back needs only the thread's Python frames; it
 * ends at a later such tick once it has run `tx_ticks` ticks, when the thread blocks,
 * and when the thread's outermost eval invocation returns. `with parvm.atomic:` keeps
 * one transaction open for the whole block.
 *
 * Object granularity, eager ownership, undo log, TL2-style global version clock. The
 * header word of every object (`stm_word`) is one of
 *   even        the commit time (global clock value) of the last transaction that
 *               wrote the object; 0 for objects never written by a transaction;
 *   odd         a tag: (serial << 16 | slot << 1 | 1) of the transaction of the thread
 *               in slot `slot` that owns the object. A tag is *current* while that
 *               thread's running transaction has it; a stale tag (of a finished
 *               transaction) means version 0: objects allocated by a transaction get
 *               its tag, so they need no barrier while it runs and become ordinary
 *               old objects when it ends.
 * PV_WRITE takes ownership (one CAS) and copies the object into the undo log the first
 * time a transaction writes it; PV_READ logs (object, word) when the word is not the
 * transaction's own tag. Validation: every logged word is unchanged (or now ours). A
 * read of an object newer than the transaction's start time extends the start time
 * after a validation; commit validates, takes a new time from the clock and stamps the
 * written objects with it. A conflict (the object is owned by another running
 * transaction) spins briefly and then aborts the requester; after `abort_limit`
 * consecutive aborts a transaction runs inevitable. Exactly one transaction is
 * inevitable at a time; it never aborts, and others that hold what it needs are asked
 * to abort. Output and other irreversible effects (PV_INEVITABLE) make a transaction
 * inevitable first; a transaction that starts where no restart point exists (after a
 * blocking call returns inside a builtin, at thread start and exit) is inevitable
 * from its start.
 *
 * Rollback restores every written object from the undo log, the thread's frame stack
 * from the copy taken at the transaction's start, and longjmps to the restart point in
 * the thread's outermost eval invocation, which resumes the top frame.
 *
 * The fast paths below are one load and one compare for objects the transaction
 * allocated or already owns; a read of another object appends two words to the read
 * set. Everything else is out of line in stm.c. */
#ifndef PARVM_SYNC_IMPL_STM_H
#define PARVM_SYNC_IMPL_STM_H

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>

#include "stw.h"

#define PVSYNC_NAME "stm"
/* Readers race in-place writers (sync.h): value copies go word by word. */
#define PVSYNC_RACING_READERS 1
#define PVSYNC_THREADS 1
/* Collections stop the world with the core's library (stw.h), as in the no-GIL build;
 * a thread in a transaction parks at a tick like any other. */
#define PVSYNC_STW 1
/* The thread's outermost eval invocation is a restart point (see vm.c). */
#define PVSYNC_RESTARTABLE 1

/* Floats never meet a barrier (sync.h), so they need no word. */
#define PVSYNC_LEAN_FLOATS 1

#define PVSYNC_OBJ_HEADER \
    _Atomic uint64_t stm_word;      /* version (even) or owning transaction's tag (odd) */

typedef struct PvStmRead { struct PvObject *obj; uint64_t word; } PvStmRead;
struct PvStmUndo;

#define PVSYNC_THREAD_FIELDS \
    uint64_t stm_tag;               /* tag of the running transaction (0: none) */ \
    bool stm_solo;                  /* it runs alone: inevitable, reads not logged */ \
    uint64_t stm_serial;            /* transactions this thread started */ \
    uint64_t stm_rv;                /* its read time: logged versions are <= rv */ \
    PvStmRead *stm_rs;              /* read set: rs[0 .. rs_n) */ \
    int64_t stm_rs_n, stm_rs_cap; \
    int64_t stm_rs_lim;             /* fast-path logging limit: cap, or 0 (inevitable) */ \
    struct PvObject *stm_seen[PVSTM_SEEN]; /* objects logged already (a hint) */ \
    bool stm_classes_read;          /* pv_class_state read in this transaction */ \
    struct PvStmUndo *stm_ws;       /* write set / undo log */ \
    struct PvStmItems { struct PvObject *obj; uint64_t tag; size_t left; } stm_items[PVSTM_ITEMS]; \
                                    /* objects the transaction tagged tag took without a \
                                       copy, writing items: PV_WRITE_ITEMS logs their \
                                       words (exact, not a hint; see stm.c), up to \
                                       `left` more bytes before one whole copy */ \
    int stm_items_n;                /* entries this transaction put in stm_items (0 \
                                       while inevitable: nothing is logged then) */ \
    int64_t stm_ws_ranges;          /* undo-log entries that are item ranges */ \
    int64_t stm_ws_n, stm_ws_cap; \
    char *stm_arena;                /* snapshots of written objects */ \
    size_t stm_arena_n, stm_arena_cap; \
    char *stm_fsnap;                /* copy of the frame stack at the transaction start */ \
    size_t stm_fsnap_n, stm_fsnap_cap; \
    struct PvStmSaved { \
        struct PvFrame *frame; char *fstack_top; int depth; \
        PvVal exc, handled, local_storage; int atomic_depth; \
    } stm_saved;                    /* thread state at the transaction start */ \
    jmp_buf stm_jmp;                /* restart point (valid while stm_base_live) */ \
    bool stm_base_live;             /* inside the outermost eval invocation */ \
    bool stm_restartable;           /* the running transaction can be rolled back */ \
    bool stm_inevitable;            /* the running transaction holds the token */ \
    int stm_slot;                   /* index in the slot table (tags carry it) */ \
    int stm_atomic_depth;           /* nesting of parvm.atomic */ \
    bool stm_overdue;               /* its length ran out where it could not end */ \
    struct PvObject *stm_locks[PVSTM_LOCKS]; /* locks it took and holds (stm.c) */ \
    int stm_locks_n; \
    int64_t stm_held_ticks;         /* ticks its end was put off for them */ \
    bool stm_end_soon;              /* it gave its locks back: end at a base tick */ \
    int64_t stm_budget;             /* ticks left before the transaction may end */ \
    int stm_aborts_in_row;          /* consecutive aborts of this thread */ \
    int64_t stm_len;                /* this thread's transaction length now, in ticks */ \
    uint64_t stm_prio;              /* age of its transaction (lower: older); kept \
                                       through aborts in a row */ \
    int64_t stm_start_ns;           /* when the running transaction started */ \
    uint64_t stm_rng;               /* back-off randomness */ \
    _Atomic int stm_abort_req;      /* another thread asks this one to abort */ \
    int stm_abort_line;             /* source line of the conflicting access, or 0 */ \
    const void *stm_abort_code;     /* code object of that access */ \
    const void *stm_abort_type;     /* type of the object it conflicted on */ \
    int64_t stm_win_start_ns;       /* contention window: its start, and the time \
                                       lost in it to aborts and conflict waits */ \
    int64_t stm_win_waste_ns; \
    int64_t stm_win_aborts;         /* aborts in the window */ \
    int64_t stm_win_blocks;         /* blocking operations in the window */ \
    bool stm_has_turn;              /* it holds the serial phase's turn (stm.c) */ \
    int64_t stm_turn_end_ns;        /* when it must offer the turn to a waiter */

/* Defaults of the tunables; each is also a command-line option (--stm-tx-ticks ...)
 * and an environment variable (PARVM_STM_TX_TICKS ...). */
#ifndef PVSTM_TX_TICKS
#define PVSTM_TX_TICKS 400          /* ticks (back edges, calls) per transaction */
#endif
#ifndef PVSTM_MIN_TX_TICKS
#define PVSTM_MIN_TX_TICKS 2        /* shortest length aborts shrink a transaction to */
#endif
#ifndef PVSTM_SPIN
#define PVSTM_SPIN 2000             /* pause loops a conflict waits before aborting */
#endif
#ifndef PVSTM_WAIT_DIE
#define PVSTM_WAIT_DIE 1            /* a younger owner-holding transaction aborts at once */
#endif
#ifndef PVSTM_ABORT_LIMIT
#define PVSTM_ABORT_LIMIT 2         /* consecutive aborts before running inevitable */
#endif
#ifndef PVSTM_SOLO
#define PVSTM_SOLO 1                /* a thread running alone runs solo transactions */
#endif
/* Serial phases (stm.c): a thread whose last PVSTM_SERIAL_WINDOW_US of running lost at
 * least serial_pct percent of it to aborts and conflict waits starts a phase of
 * serial_ms in which threads take turns of serial_slice_us, the others parked, so the
 * one running runs solo. */
#ifndef PVSTM_SERIAL_PCT
#define PVSTM_SERIAL_PCT 25         /* per cent of a window lost; 0 turns serial phases off */
#endif
#ifndef PVSTM_SERIAL_MS
#define PVSTM_SERIAL_MS 20          /* length of a serial phase */
#endif
#ifndef PVSTM_SERIAL_SLICE_US
#define PVSTM_SERIAL_SLICE_US 2000  /* a turn, before a waiting thread gets the next */
#endif
#ifndef PVSTM_SERIAL_WINDOW_US
#define PVSTM_SERIAL_WINDOW_US 4000 /* the window the lost time is measured over */
#endif
#ifndef PVSTM_SERIAL_SPIN
#define PVSTM_SERIAL_SPIN 2000      /* pause loops a turn's waiter looks before sleeping */
#endif
#ifndef PVSTM_SERIAL_MIN_ABORTS
#define PVSTM_SERIAL_MIN_ABORTS 4   /* and the aborts it must have seen: waits alone, */
#endif                              /* as for the token at a thread's start, do not count */
#ifndef PVSTM_SEEN
#define PVSTM_SEEN 1024             /* read-set filter: direct-mapped, power of two */
#endif
#ifndef PVSTM_ITEMS
#define PVSTM_ITEMS 16              /* item-logged objects per transaction: direct-mapped, */
#endif                              /* power of two; a clash takes a whole copy instead */
#ifndef PVSTM_ITEMS_MIN_BYTES
#define PVSTM_ITEMS_MIN_BYTES 1024  /* smaller objects get a whole copy at their first */
#endif                              /* item write, and no log entry at later ones */
#ifndef PVSTM_LOCKS
#define PVSTM_LOCKS 8               /* locks a transaction tracks (more: not put off) */
#endif
#ifndef PVSTM_MAX_THREADS
#define PVSTM_MAX_THREADS 4096      /* threads attached at once (tags carry 15 bits) */
#endif

struct PvThread;
struct PvObject;
void pvstm_tick_slow(struct PvThread *t, bool at_base);
void pvstm_read_slow(struct PvThread *t, struct PvObject *o);
void pvstm_write_slow(struct PvThread *t, struct PvObject *o);
void pvstm_write_items_slow(struct PvThread *t, struct PvObject *o, const void *first, int64_t n);
void pvstm_log_items(struct PvThread *t, struct PvObject *o, const void *first, int64_t n);
void pvstm_become_inevitable(struct PvThread *t);
void pvstm_lock_taken(struct PvThread *t, struct PvObject *lock);
void pvstm_lock_given(struct PvThread *t, struct PvObject *lock);
#define PVSYNC_LOCK_TAKEN(t, lock) pvstm_lock_taken((t), (lock))
#define PVSYNC_LOCK_GIVEN(t, lock) pvstm_lock_given((t), (lock))
/* Around the thread's outermost eval invocation (vm.c). */
void pvsync_base_enter(struct PvThread *t);
void pvsync_base_leave(struct PvThread *t);
#define PVSYNC_SETJMP(t) _setjmp((t)->stm_jmp)

void pvstm_gc_roots(struct PvThread *t, void (*scan)(const void *lo, const void *hi));
#define PVSYNC_GC_ROOTS(t, scan) pvstm_gc_roots((t), (scan))

/* A new object belongs to the running transaction. */
#define PVSYNC_NEW_OBJECT_WORD(t, type) ((void *)(uintptr_t)(t)->stm_tag)

#define PVSYNC_TICK(t, at_base) do { \
        if (__builtin_expect(--(t)->stm_budget < 0 || \
                             atomic_load_explicit(&(t)->eval_breaker, memory_order_relaxed), 0)) \
            pvstm_tick_slow((t), (at_base)); \
    } while (0)

#define PVSTM_WORD(o) atomic_load_explicit(&((struct PvObject *)(o))->stm_word, memory_order_acquire)

/* Logged on the fast path: a version no newer than the read time, or a stale tag of
 * this thread's own (same slot, older serial: an object allocated by one of its
 * earlier transactions, which reads as version 0), the common case of a thread's own
 * data. One logged entry per object is enough (validation compares the word with the one
 * logged first), so a small filter of objects logged in this transaction skips most
 * repeated reads; it is emptied whenever the read set is, and stays empty while the
 * transaction is inevitable (whose reads must all reach the slow path). The filter is
 * looked at first, before the word: a repeated read then costs one load and one
 * compare. Such a read no longer sees that the object changed or was taken since it
 * was logged; the logged word still does, at the next validation (an extension, an
 * overdue tick, the commit, becoming inevitable), as for any value a doomed
 * transaction read in place between its barrier and the writer's. A solo
 * transaction (stm.c) neither logs nor checks a read, nor loads the word: no other
 * transaction owns anything while it runs. */
#define PV_READ(t, ob) do { \
        struct PvObject *pvo_ = (struct PvObject *)(ob); \
        PVCHECK_READ((t), pvo_); \
        struct PvObject **pvs_; \
        uint64_t pvw_; \
        if (!(t)->stm_solo && \
            *(pvs_ = &(t)->stm_seen[((uintptr_t)pvo_ >> 4) & (PVSTM_SEEN - 1)]) != pvo_ && \
            (pvw_ = PVSTM_WORD(pvo_)) != (t)->stm_tag) { \
            if (__builtin_expect(((!(pvw_ & 1) && pvw_ <= (t)->stm_rv) || \
                                  ((pvw_ ^ (t)->stm_tag) & 0xffff) == 0) && \
                                 (t)->stm_rs_n < (t)->stm_rs_lim, 1)) { \
                *pvs_ = pvo_; \
                PvStmRead *pvr_ = &(t)->stm_rs[(t)->stm_rs_n++]; \
                pvr_->obj = pvo_; \
                pvr_->word = pvw_; \
            } else { \
                pvstm_read_slow((t), pvo_); \
            } \
        } \
    } while (0)
/* pv_class_state is read by nearly every cached attribute and method lookup, so a
 * transaction reads it through the barrier once and then skips it: the later reads
 * would find it in the filter, and a filter hit does nothing either. A transaction
 * that became inevitable after the first read needs no later one: only an inevitable
 * transaction writes pv_class_state (a static object), and there is one at a time.
 * A flag is one load and one compare; the filter's look-up is about ten
 * instructions (richards, full protocol, small: these reads were 4.3% of its
 * instructions, and the flag saves 2.1% of them). tx_begin clears the flag. */
#define PV_READ_CLASSES(t) do { \
        if (!(t)->stm_solo && !(t)->stm_classes_read) { \
            PV_READ((t), &pv_class_state); \
            (t)->stm_classes_read = true; \
        } \
    } while (0)
#define PV_WRITE(t, obj) do { \
        PVCHECK_WRITE((t), (obj)); \
        if (__builtin_expect(PVSTM_WORD(obj) != (t)->stm_tag, 0)) \
            pvstm_write_slow((t), (struct PvObject *)(obj)); \
    } while (0)
/* An array's items (sync.h): an object the transaction allocated needs nothing, one it
 * already took with a whole copy neither; one it took through this barrier (in
 * stm_items) gets the n words logged, as does one it takes now. A transaction that
 * took nothing by items (stm_items_n 0: most, and every inevitable one, which never
 * rolls back) skips the table: a write to a small list it copied whole is then one
 * more load and compare than PV_WRITE, where the look-up was about six instructions
 * (full protocol, small: appendpop 1.1% and fannkuch 0.45% fewer instructions). */
#define PV_WRITE_ITEMS(t, ob, first, n) do { \
        struct PvObject *pvo_ = (struct PvObject *)(ob); \
        PVCHECK_WRITE_ITEMS((t), pvo_); \
        if (__builtin_expect(PVSTM_WORD(pvo_) != (t)->stm_tag, 0)) { \
            pvstm_write_items_slow((t), pvo_, (first), (n)); \
        } else if ((t)->stm_items_n) { \
            struct PvStmItems *pvi_ = &(t)->stm_items[((uintptr_t)pvo_ >> 4) & (PVSTM_ITEMS - 1)]; \
            if (pvi_->obj == pvo_ && pvi_->tag == (t)->stm_tag) \
                pvstm_log_items((t), pvo_, (first), (n)); \
        } \
    } while (0)
/* Critical sections need nothing beyond the write barriers: a transaction's writes
 * are invisible to others until it commits. */
#define PV_CS_BEGIN(t, obj)       { (void)(t); PVCHECK_CS_ENTER((t), (obj));
#define PV_CS_END(t, obj)         PVCHECK_CS_LEAVE((t), (obj)); }
#define PV_CS2_BEGIN(t, a, b)     { (void)(t); PVCHECK_CS_ENTER((t), (a)); PVCHECK_CS_ENTER((t), (b));
#define PV_CS2_END(t, a, b)       PVCHECK_CS_LEAVE((t), (b)); PVCHECK_CS_LEAVE((t), (a)); }
#define PV_INEVITABLE(t) do { \
        if (!(t)->stm_inevitable) pvstm_become_inevitable(t); \
    } while (0)

/* Inline caches are shared by threads running at once, as in the no-GIL build. */
#include "cache_seq.h"

#endif
