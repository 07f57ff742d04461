/* counters.c — registry of per-thread counter blocks; see counters.h. */
#include "counters.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static PvCounters *live;                  /* doubly linked, under registry_lock */
static int64_t exited[PV_NCOUNTERS];      /* under registry_lock */

static const char *const names[PV_NCOUNTERS] = {
#define PV_COUNTER_NAME(name, desc) #name,
    PV_CORE_COUNTERS(PV_COUNTER_NAME)
    PVSYNC_COUNTERS(PV_COUNTER_NAME)
#undef PV_COUNTER_NAME
};
static const char *const descs[PV_NCOUNTERS] = {
#define PV_COUNTER_DESC(name, desc) desc,
    PV_CORE_COUNTERS(PV_COUNTER_DESC)
    PVSYNC_COUNTERS(PV_COUNTER_DESC)
#undef PV_COUNTER_DESC
};

void pv_counters_register(PvCounters *c)
{
    for (int i = 0; i < PV_NCOUNTERS; i++)
        atomic_store_explicit(&c->v[i], 0, memory_order_relaxed);
    pthread_mutex_lock(&registry_lock);
    c->prev = NULL;
    c->next = live;
    if (live) live->prev = c;
    live = c;
    pthread_mutex_unlock(&registry_lock);
}

void pv_counters_unregister(PvCounters *c)
{
    pthread_mutex_lock(&registry_lock);
    for (int i = 0; i < PV_NCOUNTERS; i++)
        exited[i] += atomic_load_explicit(&c->v[i], memory_order_relaxed);
    if (c->prev) c->prev->next = c->next; else live = c->next;
    if (c->next) c->next->prev = c->prev;
    c->next = c->prev = NULL;
    pthread_mutex_unlock(&registry_lock);
}

int64_t pv_counter_total(PvCounterId id)
{
    pthread_mutex_lock(&registry_lock);
    int64_t sum = exited[id];
    for (PvCounters *c = live; c; c = c->next)
        sum += atomic_load_explicit(&c->v[id], memory_order_relaxed);
    pthread_mutex_unlock(&registry_lock);
    return sum;
}

void pv_counters_reset(void)
{
    pthread_mutex_lock(&registry_lock);
    memset(exited, 0, sizeof exited);
    for (PvCounters *c = live; c; c = c->next)
        for (int i = 0; i < PV_NCOUNTERS; i++)
            atomic_store_explicit(&c->v[i], 0, memory_order_relaxed);
    pthread_mutex_unlock(&registry_lock);
}

const char *pv_counter_name(PvCounterId id) { return names[id]; }
const char *pv_counter_desc(PvCounterId id) { return descs[id]; }
