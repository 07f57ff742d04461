/* hb_tools.h — the smaller subcommands: `export` (a table as CSV through the sqlite3
 * shell's csv mode, or as JSON through SQLite's json functions), `merge` (copy the
 * sessions of several databases into one, idempotently by session uuid) and `list`
 * (workloads, variants with their --version, PAPI events via --list-events). */
#ifndef PARVM_HB_TOOLS_H
#define PARVM_HB_TOOLS_H

#include <sqlite3.h>
#include "hb_common.h"

/* Copy every session of src (with its builds, events, runs and counters) that dst
 * does not have yet (by uuid). *copied gets the number of sessions copied. */
int hbtools_merge_db(sqlite3 *dst, const char *src_path, int *copied, HbErr *err);

int hbtools_export_main(int argc, char **argv);
int hbtools_merge_main(int argc, char **argv);
int hbtools_list_main(int argc, char **argv);

#endif
