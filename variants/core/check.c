/* check.c — the checking build's hook assertions (make MODE=check, PARVM_CHECK=1).
 *
 * In release builds of the GIL and none variants the barriers and critical sections
 * compile to nothing, so a missing hook would go unnoticed until the STM or no-GIL
 * build misbehaved. Here they become assertions: PV_WRITE grants write access to one
 * object for the current bytecode, container mutations assert that grant, and
 * critical sections must be balanced at every bytecode boundary. */
#include <stdio.h>
#include <stdlib.h>

#include "thread.h"

#if PARVM_CHECK

/* Grants of the current bytecode. An object is recorded once however often it is
 * granted (a builtin that appends to one list a thousand times grants it a thousand
 * times); past GRANTS distinct objects the oldest grant is forgotten, never the
 * newest, so a mutation right after its PV_WRITE always finds its grant. */
#define GRANTS 256
static __thread const void *granted[GRANTS];
static __thread int ngranted, grant_next;
static __thread const void *cs_stack[16];
static __thread int ncs;

/* A barrier or critical section is on an object with the backend's header fields. */
void pvcheck_barrier_target(const void *obj)
{
    const PvType *ty = ((const PvObject *)obj)->type;
    if (PVSYNC_LEAN_FLOATS && ty && (ty == &pv_type_float || ty->solid == &pv_type_float))
        pv_fatal("check: a barrier or critical section on a float, which has no "
                 "header word in this build (PVSYNC_LEAN_FLOATS)");
}

static void grant(const void *obj)
{
    for (int i = 0; i < ngranted; i++)
        if (granted[i] == obj) return;
    if (ngranted < GRANTS) {
        granted[ngranted++] = obj;
        return;
    }
    granted[grant_next] = obj;
    grant_next = (grant_next + 1) % GRANTS;
}

void pvcheck_write_granted(PvThread *t, const void *obj)
{
    (void)t;
    pvcheck_barrier_target(obj);
    /* An array's items and a dict table's words are written with PV_WRITE_ITEMS: the
     * STM build's undo log then holds only the written words, and a PV_WRITE after
     * them would find the object owned and copy nothing. */
    if (((const PvObject *)obj)->type == &pv_type_array)
        pv_fatal("check: PV_WRITE on an array (its items are written with PV_WRITE_ITEMS)");
    if (((const PvObject *)obj)->type == &pv_type_dicttable)
        pv_fatal("check: PV_WRITE on a dict table (it is written with PV_WRITE_ITEMS)");
    grant(obj);
}

void pvcheck_write_items_granted(PvThread *t, const void *obj)
{
    (void)t;
    pvcheck_barrier_target(obj);
    grant(obj);
}

void pvcheck_assert_writable(PvThread *t, const void *obj, const char *where)
{
    (void)t;
    for (int i = 0; i < ngranted; i++)
        if (granted[i] == obj) return;
    pv_fatal("check: %s writes object %p without PV_WRITE", where, obj);
}

void pvcheck_cs_enter(PvThread *t, const void *obj)
{
    (void)t;
    if (ncs == (int)PV_ARRAY_LEN(cs_stack)) pv_fatal("check: critical sections nested too deep");
    pvcheck_barrier_target(obj);
    const PvType *ty = ((const PvObject *)obj)->type;
    if (PVSYNC_BARE_UNLOCKED && ty && !(ty->flags & PV_TYPE_LOCKABLE))
        pv_fatal("check: a critical section on a %s, whose layout has no lock word in "
                 "this build (PV_TYPE_LOCKABLE, PVSYNC_BARE_UNLOCKED)", ty->name);
    cs_stack[ncs++] = obj;
}

void pvcheck_cs_leave(PvThread *t, const void *obj)
{
    (void)t;
    if (ncs == 0 || cs_stack[ncs - 1] != obj)
        pv_fatal("check: critical section on %p left out of order", obj);
    ncs--;
}

void pvcheck_bytecode_boundary(PvThread *t)
{
    (void)t;
    if (ncs != 0) pv_fatal("check: %d critical section(s) still held at a bytecode boundary", ncs);
    ngranted = 0;
    grant_next = 0;
}

/* A rollback (STM) leaves the C frames of the aborted attempt behind, with whatever
 * critical sections and grants they had open: they are gone, not unbalanced. */
void pvcheck_rollback(PvThread *t)
{
    (void)t;
    ncs = 0;
    ngranted = 0;
    grant_next = 0;
}

#else
/* Keeps the translation unit non-empty in release builds. */
extern int pvcheck_unused;
#endif
