/* hb_proc.h — running one child process the way a benchmark repetition needs: a
 * fresh process in its own process group (so a timeout kills it and any children),
 * stdin from /dev/null, stderr captured to a temporary file of which the tail is kept,
 * stdout either discarded or captured whole, and a wall-clock limit.
 *
 * SIGINT and SIGTERM sent to the harness while a child runs kill the child's group
 * too (hbproc_install_signals), so an interrupted session leaves no orphan behind. */
#ifndef PARVM_HB_PROC_H
#define PARVM_HB_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct HbProcResult {
    bool started;          /* false: exec failed (message in stderr_tail) */
    bool timed_out;        /* killed by the harness after the limit */
    bool interrupted;      /* killed because the harness got SIGINT/SIGTERM */
    int exit_code;         /* valid when !signaled */
    int signal;            /* > 0 when the child died of a signal */
    int64_t elapsed_ns;
    char *stdout_text;     /* whole stdout when capture_stdout, else NULL */
    char *stderr_tail;     /* last tail_bytes of stderr (never NULL) */
} HbProcResult;

/* Run argv[0] (searched on PATH) with argv; timeout_s <= 0 means no limit. */
void hbproc_run(char *const *argv, double timeout_s, bool capture_stdout, size_t tail_bytes,
                HbProcResult *out);
void hbproc_result_free(HbProcResult *r);

/* Route SIGINT/SIGTERM to the running child's group; hbproc_interrupted() then tells
 * the caller to stop starting new children. */
void hbproc_install_signals(void);
bool hbproc_interrupted(void);

/* Make a unique temporary file path (file created empty); caller unlinks and frees. */
char *hbproc_tempfile(const char *tag);

#endif
