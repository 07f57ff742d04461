/* sync_none.c — lifecycle functions of the single-threaded build: all empty. */
#include "thread.h"

void pvsync_init(void) {}
void pvsync_thread_starting(PvThread *parent, PvThread *child) { (void)parent; (void)child; }
void pvsync_thread_attach(PvThread *t) { (void)t; }
void pvsync_thread_detach(PvThread *t) { (void)t; }
void pvsync_block_begin(PvThread *t) { (void)t; }
void pvsync_block_end(PvThread *t) { (void)t; }
void pvsync_atomic_begin(PvThread *t) { (void)t; }
void pvsync_atomic_end(PvThread *t) { (void)t; }
void pvsync_gc_stop_world(PvThread *t) { (void)t; }
void pvsync_gc_start_world(PvThread *t) { (void)t; }
bool pvsync_set_option(const char *name, const char *value) { (void)name; (void)value; return false; }
const char *pvsync_options_help(void) { return ""; }
