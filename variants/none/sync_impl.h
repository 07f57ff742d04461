/* sync_impl.h (none) — the single-threaded build: every hook is empty.
 *
 * This build exists to prove that the GIL build pays nothing for the hooks: it is the
 * same core with no synchronisation at all. Python threads are emulated: start() runs
 * the target to completion on the calling thread, join() returns at once, and an
 * operation that would have to wait for another thread raises RuntimeError. */
#ifndef PARVM_SYNC_IMPL_NONE_H
#define PARVM_SYNC_IMPL_NONE_H

#define PVSYNC_NAME "none"
#define PVSYNC_THREADS 0          /* no OS threads for Python threads */
#define PVSYNC_OBJ_HEADER
#define PVSYNC_THREAD_FIELDS

#define PVSYNC_TICK(t, at_base)   ((void)0)
#define PV_READ(t, obj)           ((void)(t))
#define PV_WRITE(t, obj)          PVCHECK_WRITE((t), (obj))
#define PV_CS_BEGIN(t, obj)       { (void)(t); PVCHECK_CS_ENTER((t), (obj));
#define PV_CS_END(t, obj)         PVCHECK_CS_LEAVE((t), (obj)); }
#define PV_CS2_BEGIN(t, a, b)     { (void)(t); PVCHECK_CS_ENTER((t), (a)); PVCHECK_CS_ENTER((t), (b));
#define PV_CS2_END(t, a, b)       PVCHECK_CS_LEAVE((t), (b)); PVCHECK_CS_LEAVE((t), (a)); }
#define PV_INEVITABLE(t)          ((void)(t))

#endif
