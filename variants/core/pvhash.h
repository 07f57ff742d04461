/* pvhash.h — hash() for parvm's value types, equal to CPython 3.11's wherever CPython
 * is deterministic: ints and floats (numeric hashing modulo the Mersenne prime
 * 2**61 - 1, so equal numbers hash equal: hash(3) == hash(3.0)), NaN (by identity),
 * tuples (CPython's xxHash-derived combination of the items' hashes), and byte strings
 * (SipHash-1-3 with an all-zero key: CPython's result when run with PYTHONHASHSEED=0;
 * CPython's default is randomised, so any fixed choice is faithful, and this one also
 * makes sets of ASCII strings iterate as under PYTHONHASHSEED=0).
 *
 * Invariant of every pvhash_ function returning int64_t: the result is never -1 (in
 * CPython -1 signals an error from a hash function, so a computed -1 becomes -2).
 * Standalone C: no object model, no allocation, no state; safe from any thread. */
#ifndef PARVM_PVHASH_H
#define PARVM_PVHASH_H

#include <stddef.h>
#include <stdint.h>

/* sys.hash_info: modulus P = 2**61 - 1, hash(inf) = 314159, hash(-inf) = -314159. */
#define PVHASH_BITS    61
#define PVHASH_MODULUS ((UINT64_C(1) << PVHASH_BITS) - 1)
#define PVHASH_INF     INT64_C(314159)

/* hash(n) for an int (and bool: hash(True) == 1): |n| mod P with n's sign. */
int64_t pvhash_int(int64_t n);

/* The same for an int given as sign and magnitude (|n| up to 2**64 - 1). */
int64_t pvhash_int_mag(uint64_t magnitude, int negative);

/* hash(x) for a float: for finite x, the hash of the exact rational value x modulo P
 * (so integral floats hash like the equal int, 0.5 hashes as 2**60, -0.0 as 0);
 * +-inf -> +-314159. A NaN is hashed by identity in CPython 3.11: pass the float
 * object's address as `identity` (used only when x is a NaN; it may be NULL
 * otherwise). */
int64_t pvhash_float(double x, const void *identity);

/* CPython's hash of an object by its address (object.__hash__, and NaN floats): the
 * address rotated right by 4 bits, as the low bits of aligned addresses carry no
 * information. */
int64_t pvhash_pointer(const void *p);

/* A hash returned by a user-defined __hash__ (an int64): -1 becomes -2, as CPython
 * does for results that fit in a machine word. */
static inline int64_t pvhash_fix(int64_t h) { return h == -1 ? -2 : h; }

/* hash(t) for a tuple, built from its items' hashes in order. Incremental form for
 * callers that compute item hashes one at a time (and may fail half way):
 *     PvHashTuple th; pvhash_tuple_init(&th);
 *     for each item: pvhash_tuple_add(&th, hash(item));
 *     h = pvhash_tuple_finish(&th);
 * Each step is the xxHash64 lane round: acc = rotl(acc + lane * P2, 31) * P1. */
#define PVHASH_XXPRIME_1 UINT64_C(11400714785074694791)
#define PVHASH_XXPRIME_2 UINT64_C(14029467366897019727)
#define PVHASH_XXPRIME_5 UINT64_C(2870177450012600261)

typedef struct PvHashTuple {
    uint64_t acc;
    uint64_t len;
} PvHashTuple;

static inline void pvhash_tuple_init(PvHashTuple *t)
{
    t->acc = PVHASH_XXPRIME_5;
    t->len = 0;
}

static inline void pvhash_tuple_add(PvHashTuple *t, int64_t item_hash)
{
    uint64_t acc = t->acc + (uint64_t)item_hash * PVHASH_XXPRIME_2;
    acc = (acc << 31) | (acc >> 33);
    t->acc = acc * PVHASH_XXPRIME_1;
    t->len++;
}

int64_t pvhash_tuple_finish(const PvHashTuple *t);

/* The whole tuple at once: hash(()) == pvhash_tuple(NULL, 0). */
int64_t pvhash_tuple(const int64_t *item_hashes, size_t n);

/* hash(b) for a byte string (and the str hash, over its UTF-8 bytes: equal to
 * CPython's with PYTHONHASHSEED=0 for ASCII text): 0 for b"", else SipHash-1-3 with a
 * zero key, as a signed value, -1 -> -2. */
int64_t pvhash_bytes(const void *data, size_t len);

/* SipHash (Aumasson & Bernstein) with key (k0, k1), both read as little-endian words
 * of the 16-byte key: 1 compression and 3 finalisation rounds (CPython's choice, fast
 * on short keys), and the original 2-4 variant (for its published test vectors). */
uint64_t pvhash_siphash13(uint64_t k0, uint64_t k1, const void *data, size_t len);
uint64_t pvhash_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len);

#endif
