/* pvhash.c — numeric, identity, tuple and byte-string hashing (see pvhash.h for what
 * each matches in CPython 3.11). The numeric hashes follow the algorithm in Python's
 * documentation ("Hashing of numeric types"): a number's hash is its value reduced
 * modulo P = 2**61 - 1. Since 2**61 == 1 (mod P), multiplying by 2**e modulo P is a
 * rotation of the 61-bit residue by e mod 61 bits. */
#include "pvhash.h"

#include <math.h>
#include <string.h>

/* x mod P for any uint64 x: x = hi * 2**61 + lo == hi + lo (mod P); hi <= 7 and
 * lo <= P, so one conditional subtraction brings the sum into [0, P). */
static uint64_t pvhash_mod_p(uint64_t x)
{
    uint64_t r = (x & PVHASH_MODULUS) + (x >> PVHASH_BITS);
    return r >= PVHASH_MODULUS ? r - PVHASH_MODULUS : r;
}

/* x * 2**e mod P for a residue x < P and 0 <= e < 61. Invariant: the rotation
 * permutes the 61-bit values and fixes P (all ones), so a residue below P stays
 * below P. */
static uint64_t pvhash_rotl61(uint64_t x, unsigned e)
{
    if (e == 0) return x;
    return ((x << e) & PVHASH_MODULUS) | (x >> (PVHASH_BITS - e));
}

/* Apply the sign and keep -1 free for errors. */
static int64_t pvhash_signed(uint64_t residue, int negative)
{
    int64_t h = (int64_t)residue;          /* residue < 2**61: fits */
    if (negative) h = -h;
    return h == -1 ? -2 : h;
}

int64_t pvhash_int_mag(uint64_t magnitude, int negative)
{
    return pvhash_signed(pvhash_mod_p(magnitude), negative);
}

int64_t pvhash_int(int64_t n)
{
    /* Negate in uint64: INT64_MIN has magnitude 2**63. */
    return n < 0 ? pvhash_int_mag(-(uint64_t)n, 1) : pvhash_int_mag((uint64_t)n, 0);
}

int64_t pvhash_pointer(const void *p)
{
    uint64_t y = (uint64_t)(uintptr_t)p;
    y = (y >> 4) | (y << 60);
    int64_t h = (int64_t)y;
    return h == -1 ? -2 : h;
}

int64_t pvhash_float(double x, const void *identity)
{
    if (isnan(x)) return pvhash_pointer(identity);
    if (isinf(x)) return x > 0 ? PVHASH_INF : -PVHASH_INF;
    int e;
    double m = frexp(fabs(x), &e);         /* |x| = m * 2**e, m in [0.5, 1) or 0 */
    if (m == 0.0) return 0;                /* +0.0 and -0.0 hash as 0 */
    /* |x| = mant * 2**e with mant an integer below 2**53 (m has at most 53
     * significant bits, subnormals fewer), hence already a residue mod P. */
    uint64_t mant = (uint64_t)ldexp(m, 53);
    e -= 53;
    /* 2**e mod P = 2**(e mod 61), with the mathematical (non-negative) modulo. */
    int r = e % PVHASH_BITS;
    if (r < 0) r += PVHASH_BITS;
    return pvhash_signed(pvhash_rotl61(mant, (unsigned)r), x < 0);
}

int64_t pvhash_tuple_finish(const PvHashTuple *t)
{
    /* The length and a fixed constant enter at the end (this is what makes () and
     * tuples of different lengths differ); the all-ones result is remapped to a
     * fixed constant rather than to -2, as in CPython. */
    uint64_t acc = t->acc + (t->len ^ (PVHASH_XXPRIME_5 ^ UINT64_C(3527539)));
    if (acc == UINT64_MAX) return INT64_C(1546275796);
    return (int64_t)acc;
}

int64_t pvhash_tuple(const int64_t *item_hashes, size_t n)
{
    PvHashTuple t;
    pvhash_tuple_init(&t);
    for (size_t i = 0; i < n; i++) pvhash_tuple_add(&t, item_hashes[i]);
    return pvhash_tuple_finish(&t);
}

/* --- SipHash ------------------------------------------------------------------------ */

static inline uint64_t pvhash_rotl64(uint64_t x, unsigned b)
{
    return (x << b) | (x >> (64 - b));
}

static inline uint64_t pvhash_load_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

typedef struct PvSipState {
    uint64_t v0, v1, v2, v3;
} PvSipState;

/* One SipRound: the add-rotate-xor network of the paper. */
static inline void pvhash_sipround(PvSipState *s)
{
    s->v0 += s->v1; s->v1 = pvhash_rotl64(s->v1, 13); s->v1 ^= s->v0;
    s->v0 = pvhash_rotl64(s->v0, 32);
    s->v2 += s->v3; s->v3 = pvhash_rotl64(s->v3, 16); s->v3 ^= s->v2;
    s->v0 += s->v3; s->v3 = pvhash_rotl64(s->v3, 21); s->v3 ^= s->v0;
    s->v2 += s->v1; s->v1 = pvhash_rotl64(s->v1, 17); s->v1 ^= s->v2;
    s->v2 = pvhash_rotl64(s->v2, 32);
}

/* SipHash-c-d: each 8-byte little-endian word m is xored into v3, mixed by c rounds
 * and xored into v0; the last word holds the remaining bytes with len mod 256 in its
 * top byte; then v2 ^= 0xff, d rounds, and the four words are xored together. */
static inline uint64_t pvhash_siphash(uint64_t k0, uint64_t k1, const void *data,
                                      size_t len, int c, int d)
{
    /* "somepseudorandomlygeneratedbytes", the paper's initialisation constants. */
    PvSipState s = {
        k0 ^ UINT64_C(0x736f6d6570736575), k1 ^ UINT64_C(0x646f72616e646f6d),
        k0 ^ UINT64_C(0x6c7967656e657261), k1 ^ UINT64_C(0x7465646279746573),
    };
    const unsigned char *p = data;
    size_t nwords = len / 8;
    for (size_t w = 0; w < nwords; w++, p += 8) {
        uint64_t m = pvhash_load_le64(p);
        s.v3 ^= m;
        for (int i = 0; i < c; i++) pvhash_sipround(&s);
        s.v0 ^= m;
    }
    uint64_t last = (uint64_t)len << 56;
    for (size_t i = 0; i < (len & 7); i++) last |= (uint64_t)p[i] << (8 * i);
    s.v3 ^= last;
    for (int i = 0; i < c; i++) pvhash_sipround(&s);
    s.v0 ^= last;
    s.v2 ^= 0xff;
    for (int i = 0; i < d; i++) pvhash_sipround(&s);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint64_t pvhash_siphash13(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
    return pvhash_siphash(k0, k1, data, len, 1, 3);
}

uint64_t pvhash_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
    return pvhash_siphash(k0, k1, data, len, 2, 4);
}

int64_t pvhash_bytes(const void *data, size_t len)
{
    if (len == 0) return 0;
    int64_t h = (int64_t)pvhash_siphash13(0, 0, data, len);
    return h == -1 ? -2 : h;
}
