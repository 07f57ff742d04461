/* stw.h — the stop-the-world library: safepoints and the collector's rendezvous, for
 * any backend whose threads run Python code at the same time (no-GIL, STM).
 *
 * A backend that uses it defines PVSYNC_STW 1 in its sync_impl.h, lists
 * PVSTW_COUNTERS(X) (counters.h) in its PVSYNC_COUNTERS, and calls: pvstw_attach /
 * pvstw_detach from pvsync_thread_attach / _detach, pvstw_safepoint from the slow path
 * of PVSYNC_TICK, pvstw_park_begin / _end around every wait (pvsync_block_begin / _end,
 * a contended lock of its own), and pvstw_stop_world / _start_world from
 * pvsync_gc_stop_world / _start_world. Elsewhere (GIL, none) stw.c compiles to nothing
 * and no hook calls it.
 *
 * The rule every caller keeps: an attached thread waits for another thread (a lock, a
 * join, I/O) only while parked, so a collector that holds what it waits for never
 * waits for it. Parking is also a promise not to touch the Python heap until
 * pvstw_park_end. The library's mutex is a leaf: none of these functions takes another
 * lock, so a caller may hold locks of its own (an object lock, say). But attach,
 * park_end, safepoint and stop_world may wait for the world to restart, so they are
 * never called with a lock the collector takes (the GC's). */
#ifndef PARVM_STW_H
#define PARVM_STW_H

#include <stdatomic.h>

struct PvThread;

/* Non-zero while a collector stops or holds the world. A hint, read without a lock:
 * a thread spinning for a lock of the backend stops spinning and parks. */
extern _Atomic int pvstw_requested;

void pvstw_attach(struct PvThread *t);      /* t runs Python code from now (waits while
                                               the world is stopped) */
void pvstw_detach(struct PvThread *t);      /* t has finished; a collector stops waiting
                                               for it */
void pvstw_park_begin(struct PvThread *t);  /* saves t's context; t counts as stopped */
void pvstw_park_end(struct PvThread *t);    /* t runs again, once the world restarts */
void pvstw_safepoint(struct PvThread *t);   /* tick slow path: clears t->eval_breaker,
                                               parks while another thread stops or
                                               holds the world (a backend that sets
                                               the breaker for reasons of its own
                                               checks them after this returns) */
void pvstw_stop_world(struct PvThread *t);  /* on return every other attached thread is
                                               parked and stays parked */
void pvstw_start_world(struct PvThread *t); /* lets them run again */
/* Work for the parked threads, offered by the thread that holds the stopped world
 * (the collector's marking): every thread that waits for the world to restart, at a
 * safepoint or at the end of a wait, runs fn(arg) once, outside the library's mutex,
 * and then goes on waiting. fn must not touch what the parked threads were doing nor
 * wait for the world; it returns whether it did any of the work (a thread that comes
 * when the work is over does none). pvstw_end_help withdraws the offer and returns
 * once no thread runs fn any more. Counted, for the threads whose fn did work, as
 * stw_helps and stw_help_ns. */
void pvstw_offer_help(struct PvThread *t, bool (*fn)(void *), void *arg);
void pvstw_end_help(struct PvThread *t);
/* Whether every attached thread but t is parked by pvstw_park_begin (blocked, waiting),
 * not at a safepoint: those stopped at a safepoint may be anywhere in what they were
 * doing. Taken under the library's mutex: a thread that leaves its park after a true
 * answer does so after it, and one that parked before it had done everything it does
 * before calling pvstw_park_begin. */
bool pvstw_alone(struct PvThread *t);
/* Runs fn(arg) if thread u is parked or detached, and then keeps it so until fn has
 * returned (u cannot leave its park meanwhile); returns whether it ran. fn must not
 * block or take locks (it runs under the library's mutex). u must stay allocated. */
bool pvstw_run_if_parked(struct PvThread *u, void (*fn)(void *), void *arg);

#endif
