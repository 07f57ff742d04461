/* hb_record.h — parser of the stats record a VM (or scripts/pyrun.py) writes in
 * benchmark mode; the format is the contract in docs/protocols.md. The parser is
 * strict: a truncated record (no `end`), an unknown key, a duplicate, a field out of
 * order or a malformed number is rejected with a message naming the line, because a
 * silently half-read record would put wrong numbers in the database. */
#ifndef PARVM_HB_RECORD_H
#define PARVM_HB_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "hb_common.h"

#define HBREC_VERSION 1

/* Where a measured value came from, as stored in counters.source. */
typedef enum HbSource {
    HBSRC_PAPI,    /* a PAPI hardware event (preset or native) */
    HBSRC_SDE,     /* a PAPI event of the sde::: component asked for by name */
    HBSRC_VM       /* a `counter` line: the VM's own counter (read through SDE) */
} HbSource;

const char *hbrec_source_name(HbSource s);

typedef struct HbCounter {
    char *name;
    HbSource source;
    bool available;
    int64_t value;      /* meaningful when available */
    char *reason;       /* PAPI's reason when unavailable, else NULL */
} HbCounter;

typedef struct HbRecord {
    int version;
    char *variant, *workload, *size;
    int64_t threads;
    int64_t wall_ns, cpu_ns, maxrss_kb;
    char *result, *expected;   /* NULL when absent (e.g. run() raised) */
    int ok;
    char *error;               /* NULL when absent */
    HbCounter *counters;
    size_t ncounters;
} HbRecord;

/* Parse text[0..len) into rec. On failure returns -1, rec is left empty, and err says
 * "line N: ..." (or what is missing). rec must be released with hbrec_free either way. */
int hbrec_parse(const char *text, size_t len, HbRecord *rec, HbErr *err);
void hbrec_free(HbRecord *rec);

#endif
