/* util.h — small helpers every part of parvm may use: a growable byte buffer, checked
 * allocation, and fatal errors. No dependency on the object model or the sync seam. */
#ifndef PARVM_UTIL_H
#define PARVM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <sched.h>

#define PV_LIKELY(x)   __builtin_expect(!!(x), 1)
/* A field that a lock-free reader may load while a writer (holding the object's
 * critical section) stores it: one whole-word access, never torn or split by the
 * compiler. Relaxed atomics are plain moves on x86-64 and tell ThreadSanitizer the
 * race is intended. */
#define PV_LOAD_RELAXED(field)      __atomic_load_n(&(field), __ATOMIC_RELAXED)
#define PV_STORE_RELAXED(field, v)  __atomic_store_n(&(field), (v), __ATOMIC_RELAXED)
/* The same for a field that publishes an object to other threads (a container's item,
 * an attribute value): the release store orders the object's initialisation before
 * it, the acquire load orders the reader's accesses to the object after it. Plain
 * moves on x86-64 as well. */
#define PV_LOAD_ACQUIRE(field)      __atomic_load_n(&(field), __ATOMIC_ACQUIRE)
#define PV_STORE_RELEASE(field, v)  __atomic_store_n(&(field), (v), __ATOMIC_RELEASE)
#define PV_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define PV_NOINLINE    __attribute__((noinline))
#define PV_INLINE      static inline __attribute__((always_inline))
#define PV_NORETURN    __attribute__((noreturn))
#define PV_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* One step of a spin-wait: tells the CPU that this is a spin loop. */
PV_INLINE void pv_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Spins while `cond` holds, with `mu` released, for at most `budget_ns` since
 * *spin_start (set at the first call, 0 before). Evaluates to true when it spun (the
 * caller re-checks what it waits for), false once the budget is spent, so the caller
 * sleeps instead. sched_yield, not a pause instruction: with more threads than cores,
 * the thread a spinner waits for may need its core. */
#define PV_SPIN_UNLOCKED(cond, mu, spin_start, budget_ns) ({ \
        bool spun_ = false; \
        if ((budget_ns) > 0) { \
            if (!*(spin_start)) *(spin_start) = pv_now_ns(); \
            if (pv_now_ns() - *(spin_start) < (budget_ns)) { \
                pthread_mutex_unlock(mu); \
                while ((cond) && pv_now_ns() - *(spin_start) < (budget_ns)) sched_yield(); \
                pthread_mutex_lock(mu); \
                spun_ = true; \
            } \
        } \
        spun_; })

/* A growable byte buffer. Invariant: data[len] == '\0' whenever data != NULL, so the
 * contents can be used as a C string (they may also contain NUL bytes). */
typedef struct PvBuf {
    char *data;
    size_t len, cap;
} PvBuf;

void pvbuf_init(PvBuf *b);
void pvbuf_free(PvBuf *b);
void pvbuf_reserve(PvBuf *b, size_t extra);         /* room for `extra` more bytes */
void pvbuf_add(PvBuf *b, const void *p, size_t n);
void pvbuf_addc(PvBuf *b, char c);
void pvbuf_adds(PvBuf *b, const char *s);             /* NUL-terminated */
void pvbuf_addf(PvBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pvbuf_vaddf(PvBuf *b, const char *fmt, va_list ap);
void pvbuf_fill(PvBuf *b, char c, size_t n);          /* n copies of c */
char *pvbuf_detach(PvBuf *b);                         /* caller frees; buffer reset */

void *pv_xmalloc(size_t n);     /* abort with a message on failure */
void *pv_xcalloc(size_t n, size_t size);
void *pv_xrealloc(void *p, size_t n);
char *pv_xstrdup(const char *s);
PV_NORETURN void pv_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A bad command-line option or environment value: the message, then exit status 2. */
PV_NORETURN void pv_bad_option(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic and CPU clocks in nanoseconds. */
int64_t pv_now_ns(void);
int64_t pv_thread_cpu_ns(void);
int64_t pv_process_cpu_ns(void);

#endif
