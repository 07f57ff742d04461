/* frame.h — activation records of Python code.
 *
 * A frame holds one code object's execution state: instruction pointer, fast locals,
 * cells, value stack and block stack. Frames of ordinary calls are bump-allocated on
 * the thread's frame stack (t->fstack), which the collector scans; frames of
 * generators live inside the GC heap so they can outlive the call. Calls from Python
 * to Python do not recurse in C: the eval loop pushes the callee's frame and goes on. */
#ifndef PARVM_FRAME_H
#define PARVM_FRAME_H

#include "object.h"

enum { PV_BLOCK_FINALLY = 1, PV_BLOCK_HANDLER = 2 };

typedef struct PvBlock {
    int32_t type;            /* PV_BLOCK_* */
    int32_t handler;         /* FINALLY: handler word offset */
    int32_t level;           /* value stack depth to cut back to */
    PvVal saved;             /* HANDLER: the previously handled exception */
} PvBlock;

typedef struct PvFrame {
    PvBareObject ob;             /* type pv_type_frame (heap frames are GC objects) */
    struct PvFrame *back;    /* caller */
    PvCode *code;
    PvFunction *func;        /* NULL for module code */
    PvVal globals;           /* dict */
    PvVal locals;            /* dict for module and class bodies, else PV_NULL */
    const uint16_t *ip;      /* next instruction, saved while the frame is not running */
    PvVal *sp;               /* top of the value stack, saved likewise */
    PvVal *stack;            /* bottom of the value stack */
    PvBlock *blocks;
    int32_t nblocks;
    uint8_t entry;           /* returning from this frame leaves the eval loop */
    uint8_t in_heap;         /* generator frame */
    PvVal gen;               /* owning generator, or PV_NULL */
    PvVal slots[];           /* nlocals fast locals, ncells+nfree cells, stack, blocks */
} PvFrame;

typedef struct PvGenerator {
    PvBareObject ob;
    PvFrame *frame;          /* NULL once finished */
    PvVal name, qualname;
    bool running;
} PvGenerator;

size_t pv_frame_size(const PvCode *code);

#endif
