/* pvrandom.c — MT19937 (Matsumoto & Nishimura, 1998) and the draws CPython 3.11's
 * `random` module builds on it. Each function consumes 32-bit output words in exactly
 * the order CPython does; that order, not just the distribution, is the contract. */
#include "pvrandom.h"
#include "util.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* MT19937 parameters from the paper: degree 624, middle word 397, twist matrix
 * coefficient, and the masks splitting a word into its top bit and low 31 bits. */
#define MT_M          397
#define MT_MATRIX_A   UINT32_C(0x9908b0df)
#define MT_UPPER_MASK UINT32_C(0x80000000)
#define MT_LOWER_MASK UINT32_C(0x7fffffff)

/* init_genrand: fill the state from one 32-bit seed with the paper's linear
 * recurrence mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i (mod 2**32). */
static void pvrand_init_genrand(PvRandom *r, uint32_t s)
{
    r->mt[0] = s;
    for (int i = 1; i < PVRAND_N; i++) {
        uint32_t prev = r->mt[i - 1];
        r->mt[i] = UINT32_C(1812433253) * (prev ^ (prev >> 30)) + (uint32_t)i;
    }
    r->index = PVRAND_N;
}

void pvrand_seed_words(PvRandom *r, const uint32_t *key, size_t nkey)
{
    static const uint32_t zero_key[1] = {0};
    if (nkey == 0) {
        key = zero_key;
        nkey = 1;
    }
    /* init_by_array: start from init_genrand(19650218), then mix the key in over
     * max(N, nkey) steps and finish with N - 1 more steps; i cycles over 1..N-1
     * (mt[0] is refreshed from mt[N-1] at each wrap), j cycles over the key. */
    pvrand_init_genrand(r, UINT32_C(19650218));
    uint32_t *mt = r->mt;
    size_t i = 1, j = 0;
    size_t steps = nkey > PVRAND_N ? nkey : PVRAND_N;
    for (; steps > 0; steps--) {
        uint32_t prev = mt[i - 1];
        mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) * UINT32_C(1664525)))
                + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= PVRAND_N) {
            mt[0] = mt[PVRAND_N - 1];
            i = 1;
        }
        if (j >= nkey) j = 0;
    }
    for (steps = PVRAND_N - 1; steps > 0; steps--) {
        uint32_t prev = mt[i - 1];
        mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) * UINT32_C(1566083941))) - (uint32_t)i;
        i++;
        if (i >= PVRAND_N) {
            mt[0] = mt[PVRAND_N - 1];
            i = 1;
        }
    }
    /* The top bit of mt[0] alone stands for the whole first word in the recurrence;
     * setting it guarantees a non-zero state. */
    mt[0] = UINT32_C(0x80000000);
    r->index = PVRAND_N;
}

void pvrand_seed_u64(PvRandom *r, uint64_t magnitude)
{
    uint32_t key[2] = {(uint32_t)magnitude, (uint32_t)(magnitude >> 32)};
    /* CPython uses as many words as the magnitude has significant bits (at least 1):
     * a high zero word would change the key length and thus the state. */
    pvrand_seed_words(r, key, key[1] ? 2 : 1);
}

void pvrand_seed_int(PvRandom *r, int64_t n)
{
    /* Negate in uint64 so that INT64_MIN gives 2**63 without overflow. */
    uint64_t mag = n < 0 ? -(uint64_t)n : (uint64_t)n;
    pvrand_seed_u64(r, mag);
}

/* Fill buf from the OS; returns 0 when every byte came from it. */
static int pvrand_os_bytes(void *buf, size_t len)
{
    unsigned char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t k = getrandom(p + got, len - got, 0);
        if (k < 0) {
            if (errno == EINTR) continue;
            break;
        }
        got += (size_t)k;
    }
    if (got == len) return 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    while (got < len) {
        ssize_t k = read(fd, p + got, len - got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        got += (size_t)k;
    }
    close(fd);
    return got == len ? 0 : -1;
}

int pvrand_seed_os(PvRandom *r)
{
    uint32_t key[PVRAND_N];
    if (pvrand_os_bytes(key, sizeof key) == 0) {
        pvrand_seed_words(r, key, PVRAND_N);
        return 0;
    }
    /* Fallback: distinct per process, per call and per instance, not secret. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t addr = (uint64_t)(uintptr_t)r;
    uint32_t fallback[5] = {
        (uint32_t)ts.tv_sec, (uint32_t)((uint64_t)ts.tv_sec >> 32), (uint32_t)ts.tv_nsec,
        (uint32_t)getpid(), (uint32_t)(addr ^ (addr >> 32)),
    };
    pvrand_seed_words(r, fallback, PV_ARRAY_LEN(fallback));
    return -1;
}

/* Regenerate all N words (the paper's "twist"): each new word combines the top bit of
 * mt[i] with the low 31 bits of mt[i+1], multiplied by the twist matrix, xored with
 * mt[i+M]; indices wrap modulo N. */
static void pvrand_twist(PvRandom *r)
{
    uint32_t *mt = r->mt;
    for (int i = 0; i < PVRAND_N; i++) {
        uint32_t y = (mt[i] & MT_UPPER_MASK) | (mt[(i + 1) % PVRAND_N] & MT_LOWER_MASK);
        mt[i] = mt[(i + MT_M) % PVRAND_N] ^ (y >> 1) ^ ((y & 1u) ? MT_MATRIX_A : 0u);
    }
    r->index = 0;
}

uint32_t pvrand_next_u32(PvRandom *r)
{
    assert(r->index >= 0 && r->index <= PVRAND_N);
    if (r->index >= PVRAND_N) pvrand_twist(r);
    uint32_t y = r->mt[r->index++];
    /* Tempering, with the paper's shifts and masks. */
    y ^= y >> 11;
    y ^= (y << 7) & UINT32_C(0x9d2c5680);
    y ^= (y << 15) & UINT32_C(0xefc60000);
    y ^= y >> 18;
    return y;
}

double pvrand_random(PvRandom *r)
{
    uint32_t a = pvrand_next_u32(r) >> 5;   /* 27 bits, drawn first */
    uint32_t b = pvrand_next_u32(r) >> 6;   /* 26 bits */
    /* a * 2**26 + b < 2**53 is exact in a double, and so is the scaling by 2**-53. */
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

uint64_t pvrand_getrandbits(PvRandom *r, unsigned k)
{
    assert(k <= 64);
    if (k == 0) return 0;
    if (k <= 32) return pvrand_next_u32(r) >> (32 - k);
    uint64_t lo = pvrand_next_u32(r);
    uint64_t hi = pvrand_next_u32(r) >> (64 - k);
    return lo | (hi << 32);
}

/* Bits needed to write n (n.bit_length()); n > 0. */
static unsigned pvrand_bit_length(uint64_t n)
{
    return 64u - (unsigned)__builtin_clzll(n);
}

uint64_t pvrand_randbelow(PvRandom *r, uint64_t n)
{
    assert(n > 0);
    if (n == 0) return 0;
    unsigned k = pvrand_bit_length(n);
    uint64_t x;
    do
        x = pvrand_getrandbits(r, k);
    while (x >= n);
    return x;
}

/* randbelow(2**64): CPython draws getrandbits(65) — two full words, then one word
 * shifted down to its top bit — until the value is below 2**64, i.e. until that
 * 65th bit is zero. */
static uint64_t pvrand_randbelow_2_64(PvRandom *r)
{
    for (;;) {
        uint64_t lo = pvrand_next_u32(r);
        uint64_t hi = pvrand_next_u32(r);
        uint32_t top = pvrand_next_u32(r) >> 31;
        if (top == 0) return lo | (hi << 32);
    }
}

/* start + step * k where the true result is known to lie in int64: computed modulo
 * 2**64, which gives that result exactly. */
static int64_t pvrand_offset(int64_t start, int64_t step, uint64_t k)
{
    uint64_t v = (uint64_t)start + (uint64_t)step * k;
    /* Conversion of a value above INT64_MAX is implementation-defined in C; gcc and
     * clang define it as modulo 2**64, which is what we want. */
    return (int64_t)v;
}

PvRandStatus pvrand_randrange1(PvRandom *r, int64_t stop, int64_t *out)
{
    if (stop <= 0) return PVRAND_EMPTY;
    *out = (int64_t)pvrand_randbelow(r, (uint64_t)stop);
    return PVRAND_OK;
}

PvRandStatus pvrand_randrange(PvRandom *r, int64_t start, int64_t stop, int64_t step,
                              int64_t *out)
{
    if (step == 1) {
        if (stop <= start) return PVRAND_EMPTY_WIDTH;
        uint64_t width = (uint64_t)stop - (uint64_t)start;   /* in [1, 2**64 - 1] */
        *out = pvrand_offset(start, 1, pvrand_randbelow(r, width));
        return PVRAND_OK;
    }
    if (step == 0) return PVRAND_ZERO_STEP;
    /* n = ceil(width / step) elements; CPython writes it as (width + step - 1) // step
     * for step > 0 and (width + step + 1) // step for step < 0, and both are <= 0
     * exactly when the range runs the wrong way (or is empty). With the magnitudes
     * w = |width| >= 1 and s = |step| >= 1 it is (w - 1) / s + 1. */
    uint64_t w, s;
    if (step > 0) {
        if (stop <= start) return PVRAND_EMPTY;
        w = (uint64_t)stop - (uint64_t)start;
        s = (uint64_t)step;
    } else {
        if (stop >= start) return PVRAND_EMPTY;
        w = (uint64_t)start - (uint64_t)stop;
        s = -(uint64_t)step;                                 /* INT64_MIN -> 2**63 */
    }
    uint64_t n = (w - 1) / s + 1;
    *out = pvrand_offset(start, step, pvrand_randbelow(r, n));
    return PVRAND_OK;
}

PvRandStatus pvrand_randint(PvRandom *r, int64_t a, int64_t b, int64_t *out)
{
    if (b < a) return PVRAND_EMPTY_WIDTH;
    /* width = b + 1 - a in [1, 2**64]; 2**64 wraps to 0 in uint64. */
    uint64_t width = (uint64_t)b - (uint64_t)a + 1;
    uint64_t k = width ? pvrand_randbelow(r, width) : pvrand_randbelow_2_64(r);
    *out = pvrand_offset(a, 1, k);
    return PVRAND_OK;
}

int pvrand_range_message(PvRandStatus st, int64_t start, int64_t stop, char *buf,
                         size_t size)
{
    switch (st) {
    case PVRAND_EMPTY:
        return snprintf(buf, size, "empty range for randrange()");
    case PVRAND_ZERO_STEP:
        return snprintf(buf, size, "zero step for randrange()");
    case PVRAND_EMPTY_WIDTH: {
        /* stop <= start here, so width = -(start - stop), and the magnitude
         * start - stop (up to 2**64 - 1) fits in uint64. */
        uint64_t mag = stop <= start ? (uint64_t)start - (uint64_t)stop
                                     : (uint64_t)stop - (uint64_t)start;
        const char *sign = stop < start ? "-" : "";
        return snprintf(buf, size, "empty range for randrange() (%" PRId64 ", %" PRId64
                        ", %s%" PRIu64 ")", start, stop, sign, mag);
    }
    case PVRAND_OK:
        break;
    }
    return snprintf(buf, size, "randrange(): no error");
}

double pvrand_uniform(PvRandom *r, double a, double b)
{
    /* volatile: keep the compiler from contracting a + d * x into one fused
     * multiply-add, which rounds once instead of twice and so can differ from
     * CPython in the last bit on targets that have FMA. */
    volatile double prod = (b - a) * pvrand_random(r);
    return a + prod;
}

size_t pvrand_choice_index(PvRandom *r, size_t len)
{
    assert(len > 0);
    return (size_t)pvrand_randbelow(r, (uint64_t)len);
}

void pvrand_shuffle(PvRandom *r, void *base, size_t n, size_t elem_size)
{
    unsigned char *p = base;
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)pvrand_randbelow(r, (uint64_t)i + 1);
        if (j == i) continue;
        unsigned char *x = p + i * elem_size, *y = p + j * elem_size;
        for (size_t b = 0; b < elem_size; b++) {
            unsigned char t = x[b];
            x[b] = y[b];
            y[b] = t;
        }
    }
}

void pvrand_shuffle_u64(PvRandom *r, uint64_t *x, size_t n)
{
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)pvrand_randbelow(r, (uint64_t)i + 1);
        uint64_t t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}

void pvrand_shuffle_ptr(PvRandom *r, void **x, size_t n)
{
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)pvrand_randbelow(r, (uint64_t)i + 1);
        void *t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}
