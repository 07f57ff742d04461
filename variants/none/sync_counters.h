/* Counters of the 'none' backend: it has nothing of its own to count. */
#define PVSYNC_COUNTERS(X)
