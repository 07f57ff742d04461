/* pvrandom.h — the random number generator behind parvm's `random` module: a
 * Mersenne Twister (MT19937) whose seeding and derived draws (random, getrandbits,
 * randrange, randint, choice, shuffle, uniform) reproduce CPython 3.11's `random`
 * module bit for bit, so a seeded workload gives the same numbers under parvm and
 * under CPython. Standalone C: no object model, no allocation, no sync hooks.
 *
 * Thread safety: none. A PvRandom is plain state mutated by every draw; the caller
 * serialises access (the interpreter treats a Random instance, and the module's hidden
 * instance, as a shared heap object and draws inside its critical section).
 *
 * Limits (the interpreter's ints are int64): seeds are int64 (or any magnitude given
 * as 32-bit words), randrange/randint arguments are int64. Every result of randrange
 * and randint lies between its int64 arguments, so no result overflows; widths up to
 * 2**64 (randint(-2**63, 2**63 - 1)) are handled exactly as CPython draws them. */
#ifndef PARVM_PVRANDOM_H
#define PARVM_PVRANDOM_H

#include <stddef.h>
#include <stdint.h>

/* MT19937 state. Invariant: 0 <= index <= PVRAND_N; index == PVRAND_N means the next
 * draw regenerates all PVRAND_N words first. Copying the struct copies the stream
 * (getstate/setstate can be built on that). */
#define PVRAND_N 624
typedef struct PvRandom {
    uint32_t mt[PVRAND_N];
    int index;
} PvRandom;

/* --- seeding ---------------------------------------------------------------------- */

/* random.seed(n) for an int n: the key is abs(n) split into 32-bit words, least
 * significant first ([0] for n == 0), fed to MT19937's init_by_array. INT64_MIN is
 * handled (its magnitude is 2**63). seed(True)/seed(False) are seed(1)/seed(0). */
void pvrand_seed_int(PvRandom *r, int64_t n);

/* The same for a non-negative magnitude (covers |n| up to 2**64 - 1). */
void pvrand_seed_u64(PvRandom *r, uint64_t magnitude);

/* init_by_array with an explicit key: the seed for an int of any size is its
 * magnitude's 32-bit words, least significant first, without high zero words
 * (nkey == 0 is taken as the key [0], like CPython's seed(0)). For seed(x) with a
 * float x, CPython 3.11 seeds with abs(hash(x)): pvrand_seed_int(r, pvhash_float(..)).
 * seed(str/bytes) (SHA-512 of the text in CPython) is not provided here. */
void pvrand_seed_words(PvRandom *r, const uint32_t *key, size_t nkey);

/* random.seed(None) / Random(): PVRAND_N words from the OS (getrandom, then
 * /dev/urandom). Returns 0, or -1 if no OS entropy was available and a key made of
 * the time, the process id and the state's address was used instead (as CPython
 * falls back to time and pid). */
int pvrand_seed_os(PvRandom *r);

/* --- draws -------------------------------------------------------------------------- */

/* The next 32-bit output word of MT19937 (tempered). Every other draw is built from
 * these, in the order CPython consumes them. */
uint32_t pvrand_next_u32(PvRandom *r);

/* random(): a double in [0, 1) with 53 random bits, from two words a, b as
 * (a >> 5) * 2**26 + (b >> 6), divided by 2**53. */
double pvrand_random(PvRandom *r);

/* getrandbits(k) for 0 <= k <= 64 (k == 0 returns 0 and consumes nothing). k <= 32:
 * one word shifted right by 32 - k; k > 32: words are least significant first, the
 * last one shifted right so that exactly k bits remain. The interpreter raises
 * ValueError("number of bits must be non-negative") for k < 0 before calling. */
uint64_t pvrand_getrandbits(PvRandom *r, unsigned k);

/* _randbelow(n) for n >= 1: k = n.bit_length(); draw getrandbits(k) until < n.
 * n == 0 is a caller bug (asserted); it returns 0. */
uint64_t pvrand_randbelow(PvRandom *r, uint64_t n);

/* randrange / randint outcome. The messages are CPython 3.11's ValueError texts;
 * pvrand_range_message() formats them. */
typedef enum PvRandStatus {
    PVRAND_OK = 0,
    /* "empty range for randrange()" — one-argument form with stop <= 0, or a step
     * other than 1 whose range has no element. */
    PVRAND_EMPTY,
    /* "empty range for randrange() (%d, %d, %d)" % (start, stop, stop - start) —
     * two arguments, or step == 1, with stop <= start. randint(a, b) with b < a
     * reports this with (a, b + 1, b + 1 - a). */
    PVRAND_EMPTY_WIDTH,
    /* "zero step for randrange()" */
    PVRAND_ZERO_STEP,
} PvRandStatus;

/* randrange(stop): randbelow(stop) if stop > 0, else PVRAND_EMPTY. *out is written
 * only on PVRAND_OK, and an error consumes no randomness. */
PvRandStatus pvrand_randrange1(PvRandom *r, int64_t stop, int64_t *out);

/* randrange(start, stop, step) with CPython 3.11's order of checks: step == 1 is the
 * fast path (start + randbelow(stop - start)); otherwise n = ceil((stop - start) /
 * step) elements and the result is start + step * randbelow(n). Arithmetic is done
 * on uint64 magnitudes, so spans up to 2**64 - 1 are exact. Errors as above.
 *
 * Not handled here (the interpreter checks them first, like CPython): a step given
 * without a stop raises TypeError("Missing a non-None stop argument"); a non-integral
 * float argument raises ValueError("non-integer arg 1 for randrange()"),
 * ("non-integer stop for randrange()"), ("non-integer step for randrange()") for the
 * start, stop and step respectively (after a DeprecationWarning); an integral float
 * is accepted as the int it equals. */
PvRandStatus pvrand_randrange(PvRandom *r, int64_t start, int64_t stop, int64_t step,
                              int64_t *out);

/* randint(a, b) == randrange(a, b + 1), including randint(-2**63, 2**63 - 1), whose
 * width 2**64 CPython draws as getrandbits(65) until below 2**64. On b < a returns
 * PVRAND_EMPTY_WIDTH; format it with pvrand_range_message(st, a, b + 1, ...) (b + 1
 * cannot overflow when b < a). */
PvRandStatus pvrand_randint(PvRandom *r, int64_t a, int64_t b, int64_t *out);

/* Writes the ValueError message for `st` (not PVRAND_OK) into buf, NUL-terminated
 * and truncated to size - 1 characters; returns what snprintf returns. start/stop are
 * the randrange arguments (only PVRAND_EMPTY_WIDTH prints them; stop - start is
 * printed exactly even where it does not fit in int64). */
int pvrand_range_message(PvRandStatus st, int64_t start, int64_t stop, char *buf,
                         size_t size);

/* uniform(a, b) = a + (b - a) * random(), rounded exactly as CPython does (the
 * product is rounded before the sum: no fused multiply-add). */
double pvrand_uniform(PvRandom *r, double a, double b);

/* choice(seq): the index randbelow(len). len == 0 must be rejected by the caller with
 * IndexError("Cannot choose from an empty sequence"), as CPython does before drawing. */
size_t pvrand_choice_index(PvRandom *r, size_t len);

/* shuffle(x) in place, CPython's algorithm: for i from n - 1 down to 1, swap x[i] with
 * x[randbelow(i + 1)]. The generic form swaps elements of `elem_size` bytes. */
void pvrand_shuffle(PvRandom *r, void *base, size_t n, size_t elem_size);
void pvrand_shuffle_u64(PvRandom *r, uint64_t *x, size_t n);
void pvrand_shuffle_ptr(PvRandom *r, void **x, size_t n);

#endif
