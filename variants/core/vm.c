/* vm.c — the bytecode interpreter: frames, argument binding, the eval loop, generators,
 * class creation (__build_class__) and zero-argument super().
 *
 * The eval loop runs a chain of frames: a call from Python to a Python function
 * (positional, keyword or star arguments) pushes the callee's frame on the thread's
 * frame stack and continues in the same C invocation; only calls through C (builtins,
 * bound methods called with keywords, __init__ via type(), dunders) re-enter the loop
 * recursively. `entry` marks the frame whose return leaves the C invocation (every
 * invocation starts on such a frame, so the flag alone decides). Ticks (PVSYNC_TICK)
 * happen at loop back edges and at function entry; `at_base` is true only in the
 * outermost invocation of the thread, which in a backend that rolls back
 * (PVSYNC_RESTARTABLE) goes through eval_base, the restart point.
 *
 * Exceptions: an instruction that fails jumps to `error`, which records a traceback
 * entry for the frame, then pops blocks: a HANDLER block restores the previously
 * handled exception, a FINALLY block transfers control to its handler with the
 * exception pushed. A frame without handlers is popped and the exception continues in
 * its caller. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "thread.h"
#include "vm.h"
#include "opcodes.h"
#include "ast.h"
#include "strobj.h"

__thread PvThread *pv_tls_thread;

/* ---- threads ---------------------------------------------------------------------- */

PvThread *pv_thread_create(void)
{
    /* Whole cache lines of its own: a thread writes its counters (the first fields) at
     * every call and reads its tail fields (the backend's bias word, say) at every
     * allocation, and a calloc'd block shared its first and last lines with whatever
     * malloc put next to it, such as another thread's PvThread (raytrace, two no-GIL
     * threads: docs/architecture.md). */
    size_t size = (sizeof(PvThread) + 63) & ~(size_t)63;
    PvThread *t = aligned_alloc(64, size);
    if (!t) pv_fatal("out of memory (a thread's state)");
    memset(t, 0, size);
    t->fstack = mmap(NULL, PV_FRAME_STACK_BYTES, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (t->fstack == MAP_FAILED) pv_fatal("cannot allocate a frame stack");
    t->fstack_top = t->fstack;
    t->fstack_end = t->fstack + PV_FRAME_STACK_BYTES;
    pv_counters_register(&t->counters);
    return t;
}

void pv_thread_setup(PvThread *t)
{
    pv_tls_thread = t;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t size;
        pthread_attr_getstack(&attr, &addr, &size);
        t->stack_hi = (char *)addr + size;
        pthread_attr_destroy(&attr);
    }
    t->ident = (int64_t)(uintptr_t)pthread_self();
}

void pv_thread_destroy(PvThread *t)
{
    pv_counters_unregister(&t->counters);
    munmap(t->fstack, PV_FRAME_STACK_BYTES);
    free(t);
}

/* ---- frames ----------------------------------------------------------------------- */

size_t pv_frame_size(const PvCode *code)
{
    size_t nslots = (size_t)code->nlocals + (size_t)code->ncells + (size_t)code->nfree +
                    (size_t)code->stacksize;
    return sizeof(PvFrame) + nslots * sizeof(PvVal) + (size_t)code->maxblocks * sizeof(PvBlock);
}

static void frame_layout(PvFrame *f, PvCode *code)
{
    f->code = code;
    f->stack = f->slots + code->nlocals + code->ncells + code->nfree;
    f->sp = f->stack;
    f->blocks = (PvBlock *)(f->stack + code->stacksize);
    f->nblocks = 0;
    f->ip = (const uint16_t *)((PvBytes *)code->bytecode)->data;
}

static void frame_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvFrame *f = (PvFrame *)o;
    visit(PV_VAL(f->code), ctx);
    visit(PV_VAL(f->func), ctx);
    visit(f->globals, ctx);
    visit(f->locals, ctx);
    visit(f->gen, ctx);
    if (!f->code) return;
    /* Every slot, not just those below sp: sp is only saved when the frame calls out. */
    size_t n = (size_t)f->code->nlocals + f->code->ncells + f->code->nfree + f->code->stacksize;
    for (size_t i = 0; i < n; i++) visit(f->slots[i], ctx);
    for (int i = 0; i < f->code->maxblocks; i++) visit(f->blocks[i].saved, ctx);
}

PvType pv_type_frame = {.name = "frame", .size = sizeof(PvFrame), .trace = frame_trace};

static PvFrame *push_frame(PvThread *t, PvCode *code)
{
    size_t size = (pv_frame_size(code) + 15) & ~(size_t)15;
    if (PV_UNLIKELY(t->depth >= PV_RECURSION_LIMIT || t->fstack_top + size > t->fstack_end)) {
        pv_raise(pv_exc_RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    PvFrame *f = (PvFrame *)t->fstack_top;
    t->fstack_top += size;
    /* Locals and cells must start unbound; the stack and blocks need no clearing. */
    memset(f, 0, sizeof(PvFrame) + ((size_t)code->nlocals + code->ncells + code->nfree) * sizeof(PvVal));
    f->ob.type = &pv_type_frame;
    frame_layout(f, code);
    t->depth++;
    return f;
}

static void pop_frame(PvThread *t, PvFrame *f)
{
    t->depth--;
    if (!f->in_heap) t->fstack_top = (char *)f;
}

static PvFrame *heap_frame(PvCode *code)
{
    PvFrame *f = pvgc_alloc(pv_thread(), &pv_type_frame, pv_frame_size(code));
    frame_layout(f, code);
    f->in_heap = 1;
    return f;
}

/* ---- argument binding ---------------------------------------------------------- */

static const char *fname(PvFunction *fn)
{
    PV_READ(pv_thread(), PV_OBJ(fn));       /* __qualname__ is writable */
    return pv_str_data(fn->qualname);
}

/* Binds arguments into f's locals (and cells that are parameters). */
static bool bind_args(PvFrame *f, PvFunction *fn, int argc, PvVal *argv, PvVal kwnames)
{
    PvCode *co = fn->code;
    PvVal *locals = f->slots;
    int nparams = co->argcount;
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    /* Fast path: exact positional call. */
    if (PV_LIKELY(argc == nparams && !nkw && !(co->flags & (PV_CODE_VARARGS | PV_CODE_VARKW)) &&
                  co->kwonlycount == 0)) {
        if (argc) memcpy(locals, argv, (size_t)argc * sizeof(PvVal));
        goto cells;
    }
    int npos = argc < nparams ? argc : nparams;
    if (npos) memcpy(locals, argv, (size_t)npos * sizeof(PvVal));
    int slot = nparams + co->kwonlycount;
    if (co->flags & PV_CODE_VARARGS) {
        locals[slot++] = argc > nparams ? pv_tuple_from(argc - nparams, argv + nparams) : pv_empty_tuple;
    } else if (argc > nparams) {
        int ndef = fn->defaults ? (int)pv_tuple_len(fn->defaults) : 0;
        if (ndef)
            pv_raise(pv_exc_TypeError, "%s() takes from %d to %d positional arguments but %d %s given",
                     fname(fn), nparams - ndef, nparams, argc, argc == 1 ? "was" : "were");
        else
            pv_raise(pv_exc_TypeError, "%s() takes %d positional argument%s but %d %s given", fname(fn),
                     nparams, nparams == 1 ? "" : "s", argc, argc == 1 ? "was" : "were");
        return false;
    }
    PvVal kwdict = PV_NULL;
    if (co->flags & PV_CODE_VARKW) {
        kwdict = pv_dict_new();
        locals[slot] = kwdict;
    }
    for (int k = 0; k < nkw; k++) {
        PvVal name = pv_tuple_get(kwnames, k);
        PvVal value = argv[argc + k];
        int i;
        int total = nparams + co->kwonlycount;
        for (i = 0; i < total; i++) {
            PvVal vn = pv_tuple_get(co->varnames, i);
            if (vn == name || pv_str_eq(vn, name)) break;
        }
        if (i < total) {
            if (locals[i]) {
                pv_raise(pv_exc_TypeError, "%s() got multiple values for argument '%s'", fname(fn),
                         pv_str_data(name));
                return false;
            }
            locals[i] = value;
        } else if (kwdict) {
            if (pv_dict_set(kwdict, name, value) < 0) return false;
        } else {
            pv_raise(pv_exc_TypeError, "%s() got an unexpected keyword argument '%s'", fname(fn),
                     pv_str_data(name));
            return false;
        }
    }
    /* Defaults for missing positionals, then keyword-only defaults. */
    if (argc < nparams) {
        int ndef = fn->defaults ? (int)pv_tuple_len(fn->defaults) : 0;
        int missing = 0;
        for (int i = argc; i < nparams; i++) {
            if (locals[i]) continue;
            int di = i - (nparams - ndef);
            if (di >= 0) locals[i] = pv_tuple_get(fn->defaults, di);
            else missing++;
        }
        if (missing) {
            PvBuf b;
            pvbuf_init(&b);
            int seen = 0;
            for (int i = argc; i < nparams; i++) {
                if (locals[i]) continue;
                if (seen) pvbuf_adds(&b, seen == missing - 1 ? (missing > 2 ? ", and " : " and ") : ", ");
                pvbuf_addf(&b, "'%s'", pv_str_data(pv_tuple_get(co->varnames, i)));
                seen++;
            }
            pv_raise(pv_exc_TypeError, "%s() missing %d required positional argument%s: %s",
                     fname(fn), missing, missing == 1 ? "" : "s", b.data);
            pvbuf_free(&b);
            return false;
        }
    }
    for (int i = nparams; i < nparams + co->kwonlycount; i++) {
        if (locals[i]) continue;
        PvVal name = pv_tuple_get(co->varnames, i);
        PvVal d = fn->kwdefaults ? pv_dict_get(fn->kwdefaults, name) : PV_NULL;
        if (!d) {
            pv_raise(pv_exc_TypeError, "%s() missing 1 required keyword-only argument: '%s'",
                     fname(fn), pv_str_data(name));
            return false;
        }
        locals[i] = d;
    }
cells:
    if (PV_UNLIKELY(co->ncells | co->nfree)) {
        PvVal *cells = locals + co->nlocals;
        for (int i = 0; i < co->ncells; i++) {
            int a = co->cell2arg ? co->cell2arg[i] : -1;
            cells[i] = pv_cell_new(a >= 0 ? locals[a] : PV_NULL);
        }
        for (int i = 0; i < co->nfree; i++) cells[co->ncells + i] = pv_tuple_get(fn->closure, i);
    }
    return true;
}

/* ---- generators ---------------------------------------------------------------- */

static void gen_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvGenerator *g = (PvGenerator *)o;
    visit(PV_VAL(g->frame), ctx);
    visit(g->name, ctx);
    visit(g->qualname, ctx);
}

static PvVal eval_loop(PvThread *t, PvFrame *f, PvVal throwexc, bool *yielded);
#if PVSYNC_RESTARTABLE
/* The thread's outermost invocation goes through eval_base, the restart point of a
 * rolled-back transaction (see sync.h). */
static PvVal eval_base(PvThread *t, PvFrame *f, PvVal throwexc, bool *yielded);
PV_INLINE PvVal eval(PvThread *t, PvFrame *f, PvVal throwexc, bool *yielded)
{
    if (PV_UNLIKELY(t->c_depth == 0)) return eval_base(t, f, throwexc, yielded);
    return eval_loop(t, f, throwexc, yielded);
}
#else
#define eval eval_loop
#endif
static PvVal gen_close_method(int argc, PvVal *argv);

/* The frame and the generator are fresh: their stores here need no barrier. */
static PvVal make_generator(PvFunction *fn, int argc, PvVal *argv, PvVal kwnames)
{
    PvFrame *f = heap_frame(fn->code);
    f->func = fn;
    f->globals = fn->globals;
    if (!bind_args(f, fn, argc, argv, kwnames)) return PV_NULL;
    PvGenerator *g = PV_NEW(PvGenerator, &pv_type_generator);
    g->frame = f;
    PV_READ(pv_thread(), PV_OBJ(fn));        /* __name__ and __qualname__ are writable */
    g->name = fn->name;
    g->qualname = fn->qualname;
    f->gen = PV_VAL(g);
    return PV_VAL(g);
}

/* Resumes a generator with `value` (or throws `exc` into it). PV_NULL without an
 * exception means it finished; its return value goes to *retval if given.
 * The generator and its frame live in the heap across many transactions, and the eval
 * loop writes the frame's ip, sp, stack, locals and blocks while it runs, so both get
 * their write barrier here, once per resumption, before anything is stored. */
static PvVal gen_resume(PvVal gv, PvVal value, PvVal exc, PvVal *retval)
{
    PvGenerator *g = (PvGenerator *)gv;
    PvThread *t = pv_thread();
    if (retval) *retval = pv_None;
    PV_READ(t, PV_OBJ(g));
    if (g->running) return pv_raise(pv_exc_ValueError, "generator already executing");
    PvFrame *f = g->frame;
    if (!f) {
        if (exc) return pv_raise_value(exc);
        return PV_NULL;
    }
    PV_WRITE(t, PV_OBJ(g));
    PV_WRITE(t, PV_OBJ(f));
    bool started = f->ip != (const uint16_t *)((PvBytes *)f->code->bytecode)->data;
    if (!started && value != pv_None && !exc)
        return pv_raise(pv_exc_TypeError, "can't send non-None value to a just-started generator");
    if (started && !exc) *f->sp++ = value;
    f->back = t->frame;
    f->entry = 1;
    g->running = true;
    t->depth++;
    bool yielded = false;
    PvVal r = eval(t, f, exc, &yielded);
    /* Again after the run: the generator's bytecode boundaries ended the checking
     * build's grants. */
    PV_WRITE(t, PV_OBJ(g));
    g->running = false;
    if (yielded) return r;
    g->frame = NULL;
    if (!r) {
        if (pv_err_is(pv_exc_StopIteration)) {
            PvVal e = pv_err_fetch();
            /* `re` is fresh: no barrier for its fields. */
            PvVal re = pv_exc_new(pv_exc_RuntimeError, pv_tuple_pack(1, pv_intern("generator raised StopIteration")));
            ((PvException *)re)->cause = e;
            ((PvException *)re)->suppress_context = true;
            pv_raise_value(re);
        }
        return PV_NULL;
    }
    if (retval) *retval = r;
    return PV_NULL;
}

PvVal pv_gen_send(PvVal gen, PvVal value) { return gen_resume(gen, value, PV_NULL, NULL); }

/* next(): a generator that returns a value other than None raises StopIteration(value)
 * so that next() and `yield from` can see it; for-loops drop it (pv_next). */
static PvVal gen_iternext(PvVal self)
{
    PvVal ret;
    PvVal r = gen_resume(self, pv_None, PV_NULL, &ret);
    if (!r && !pv_err_occurred() && ret != pv_None)
        return pv_raise_value(pv_exc_new(pv_exc_StopIteration, pv_tuple_pack(1, ret)));
    return r;
}

static PvVal gen_send_method(int argc, PvVal *argv)
{
    (void)argc;
    PvVal ret;
    PvVal r = gen_resume(argv[0], argv[1], PV_NULL, &ret);
    if (!r && !pv_err_occurred())
        return pv_raise_value(pv_exc_new(pv_exc_StopIteration,
                                         ret == pv_None ? pv_empty_tuple : pv_tuple_pack(1, ret)));
    return r;
}

static PvVal gen_throw_method(int argc, PvVal *argv)
{
    PvVal exc = argv[1];
    if (PV_IS_TYPE(exc)) {
        exc = argc > 2 ? pv_call1(exc, argv[2]) : pv_call0(exc);
        if (!exc) return PV_NULL;
    }
    PvVal r = gen_resume(argv[0], pv_None, exc, NULL);
    if (!r && !pv_err_occurred()) return pv_raise_value(pv_exc_new(pv_exc_StopIteration, pv_empty_tuple));
    return r;
}

static PvVal gen_close_method(int argc, PvVal *argv)
{
    (void)argc;
    PvGenerator *g = (PvGenerator *)argv[0];
    PvThread *t = pv_thread();
    PV_READ(t, PV_OBJ(g));
    if (!g->frame) return pv_None;
    PV_READ(t, PV_OBJ(g->frame));
    bool started = g->frame->ip != (const uint16_t *)((PvBytes *)g->frame->code->bytecode)->data;
    if (!started) {
        PV_WRITE(t, PV_OBJ(g));
        g->frame = NULL;
        return pv_None;
    }
    PvVal r = gen_resume(argv[0], pv_None, pv_exc_new(pv_exc_GeneratorExit, pv_empty_tuple), NULL);
    if (r) return pv_raise(pv_exc_RuntimeError, "generator ignored GeneratorExit");
    if (pv_err_is(pv_exc_GeneratorExit) || pv_err_is(pv_exc_StopIteration)) {
        pv_err_clear();
        return pv_None;
    }
    return pv_err_occurred() ? PV_NULL : pv_None;
}

static PvVal gen_repr(PvVal self)
{
    return pv_str_fmt("<generator object %s at %p>", pv_str_data(((PvGenerator *)self)->qualname),
                      (void *)self);
}

static PvVal gen_self_iter(PvVal self) { return self; }

PvType pv_type_generator = {
    .name = "generator", .size = sizeof(PvGenerator), .trace = gen_trace, .repr = gen_repr,
    .iter = gen_self_iter, .iternext = gen_iternext,
};

/* ---- calls ------------------------------------------------------------------------ */

/* A Python function whose calls run in the caller's eval invocation (not a generator
 * function, whose call makes a generator). */
PV_INLINE bool plain_function(PvVal c)
{
    return PV_IS_FUNC(c) && !(((PvFunction *)c)->code->flags & PV_CODE_GENERATOR);
}

/* A new frame for a call of fn with its arguments bound, or NULL with an exception
 * set (no frame left pushed). */
PV_INLINE PvFrame *bound_frame(PvThread *t, PvFunction *fn, int argc, PvVal *argv, PvVal kwnames)
{
    PvFrame *f = push_frame(t, fn->code);
    if (!f) return NULL;
    f->func = fn;
    f->globals = fn->globals;
    if (!bind_args(f, fn, argc, argv, kwnames)) {
        pop_frame(t, f);
        return NULL;
    }
    return f;
}

PvVal pv_call_function(PvFunction *fn, int argc, PvVal *argv, PvVal kwnames)
{
    PvCode *co = fn->code;
    if (co->flags & PV_CODE_GENERATOR) return make_generator(fn, argc, argv, kwnames);
    PvThread *t = pv_thread();
    PvFrame *f = bound_frame(t, fn, argc, argv, kwnames);
    if (!f) return PV_NULL;
    f->back = t->frame;
    f->entry = 1;
    bool yielded;
    return eval(t, f, PV_NULL, &yielded);
}

/* Runs module or class-body code with the given namespaces. */
static PvVal run_code(PvCode *code, PvVal globals, PvVal locals, PvFunction *fn)
{
    PvThread *t = pv_thread();
    PvFrame *f = push_frame(t, code);
    if (!f) return PV_NULL;
    f->globals = globals;
    f->locals = locals;
    f->func = fn;
    if (fn && (code->ncells | code->nfree)) {
        PvVal *cells = f->slots + code->nlocals;
        for (int i = 0; i < code->ncells; i++) cells[i] = pv_cell_new(PV_NULL);
        for (int i = 0; i < code->nfree; i++) cells[code->ncells + i] = pv_tuple_get(fn->closure, i);
    }
    f->back = t->frame;
    f->entry = 1;
    bool yielded;
    return eval(t, f, PV_NULL, &yielded);
}

PvVal pv_eval_code(PvCode *code, PvVal globals, PvVal locals)
{
    return run_code(code, globals, locals, NULL);
}

static PvVal build_class(int argc, PvVal *argv, PvVal kwnames)
{
    if (kwnames && pv_tuple_len(kwnames))
        return pv_raise(pv_exc_TypeError, "class keywords (metaclass=...) are not supported");
    if (argc < 2 || !PV_IS_FUNC(argv[0]) || !PV_IS_STR(argv[1]))
        return pv_raise(pv_exc_TypeError, "__build_class__: bad arguments");
    PvFunction *body = (PvFunction *)argv[0];
    PvVal ns = pv_dict_new();
    PvVal modname = pv_dict_getc(body->globals, "__name__");
    if (modname) pv_dict_setc(ns, "__module__", modname);
    pv_dict_setc(ns, "__qualname__", body->qualname);
    PvVal cell = run_code(body->code, body->globals, ns, body);
    if (!cell) return PV_NULL;
    PvVal bases = pv_tuple_from(argc - 2, argv + 2);
    PvVal cls = pv_type_create(argv[1], bases, ns);
    if (!cls) return PV_NULL;
    PV_TYPE(cls)->name_str = argv[1];         /* cls is fresh */
    if (PV_HAS_TYPE(cell, pv_type_cell)) {
        /* The body's methods captured the cell and may have been published. */
        PV_WRITE(pv_thread(), PV_OBJ(cell));
        ((PvCell *)cell)->value = cls;
    }
    return cls;
}

PvVal pv_super_zero_args(void)
{
    PvThread *t = pv_thread();
    PvFrame *f = t->frame;
    if (!f || !f->code || f->code->argcount < 1)
        return pv_raise(pv_exc_RuntimeError, "super(): no arguments");
    PvVal self = f->slots[0];
    if (f->code->cell2arg)
        for (int i = 0; i < f->code->ncells; i++)
            if (f->code->cell2arg[i] == 0) {
                PvCell *c = (PvCell *)f->slots[f->code->nlocals + i];
                PV_READ(t, PV_OBJ(c));
                self = c->value;
            }
    PvCode *co = f->code;
    for (int i = 0; i < co->nfree; i++) {
        if (!strcmp(pv_str_data(pv_tuple_get(co->freevars, i)), "__class__")) {
            PvCell *c = (PvCell *)f->slots[co->nlocals + co->ncells + i];
            PV_READ(t, PV_OBJ(c));
            if (!c->value || !PV_IS_TYPE(c->value))
                return pv_raise(pv_exc_RuntimeError, "super(): empty __class__ cell");
            if (!self) return pv_raise(pv_exc_RuntimeError, "super(): arg[0] deleted");
            return pv_super_new(PV_TYPE(c->value), self);
        }
    }
    return pv_raise(pv_exc_RuntimeError, "super(): __class__ cell not found");
}

PvVal pv_current_globals(void)
{
    PvFrame *f = pv_thread()->frame;
    return f ? f->globals : pv_dict_new();
}

static int frame_line(PvFrame *f)
{
    const uint16_t *base = (const uint16_t *)((PvBytes *)f->code->bytecode)->data;
    int64_t off = f->ip - base - 1;
    if (off < 0) off = 0;
    if (off >= f->code->ncode) off = f->code->ncode - 1;
    return ((const int32_t *)((PvBytes *)f->code->linetable)->data)[off];
}

int pv_current_line(void)
{
    PvFrame *f = pv_thread()->frame;
    return f ? frame_line(f) : 0;
}

void pv_exc_add_traceback(PvVal exc, PvVal filename, int line, PvVal funcname);

/* ---- helpers used by the eval loop --------------------------------------------------- */

static PvVal format_value(PvVal v, int flags, PvVal spec)
{
    int conv = flags & 3;
    if (conv == 1) v = pv_str(v);
    else if (conv == 2) v = pv_repr(v);
    else if (conv == 3) v = pv_ascii(v);
    if (!v) return PV_NULL;
    if (!spec && PV_IS_STR(v)) return v;
    return pv_format(v, spec ? spec : pv_intern(""));
}

static bool unpack(PvVal seq, int before, int after, bool star, PvVal *out)
{
    /* out[0] is the first target; the caller pushes in reverse. */
    PvVal tup = pv_sequence_to_tuple(seq);
    if (!tup) {
        if (pv_err_is(pv_exc_TypeError)) {
            pv_err_clear();
            pv_raise(pv_exc_TypeError, "cannot unpack non-iterable %s object", pv_type_name(seq));
        }
        return false;
    }
    int64_t n = pv_tuple_len(tup);
    PvVal *items = PV_TUPLE(tup)->items;
    if (!star) {
        if (n != before) {
            if (n > before)
                pv_raise(pv_exc_ValueError, "too many values to unpack (expected %d)", before);
            else
                pv_raise(pv_exc_ValueError, "not enough values to unpack (expected %d, got %ld)",
                         before, (long)n);
            return false;
        }
        memcpy(out, items, (size_t)n * sizeof(PvVal));
        return true;
    }
    if (n < before + after) {
        pv_raise(pv_exc_ValueError, "not enough values to unpack (expected at least %d, got %ld)",
                 before + after, (long)n);
        return false;
    }
    memcpy(out, items, (size_t)before * sizeof(PvVal));
    out[before] = pv_list_from(n - before - after, items + before);
    memcpy(out + before + 1, items + n - after, (size_t)after * sizeof(PvVal));
    return true;
}

static PvVal load_name_error(PvVal name)
{
    return pv_raise(pv_exc_NameError, "name '%s' is not defined", pv_str_data(name));
}

static PvVal builtins_of(PvVal globals)
{
    (void)globals;
    return pv_builtins;
}

/* Instance-attribute inline caches (LOAD_ATTR, STORE_ATTR): the entry holds the index
 * of `name` in the instance dict, which the hit path checks against the key stored
 * there, and says for which types no class attribute gets in the way: one type (key =
 * the type), or every type whose plain_attrs flag is set (key = PV_CACHE_PLAIN), so
 * that a method of a base class running on instances of several subclasses hits for
 * all of them. The caller has checked that tp is a heap type with instance dicts and
 * no C-level attribute hook. An entry that already says the same is not rewritten:
 * in the builds whose threads share caches a fill is two atomic read-modify-writes on
 * a line other threads read. */
#define PV_CACHE_PLAIN ((uintptr_t)1)       /* never a type's address */
static void fill_attr_cache(PvCache *c, PvType *tp, uint64_t ep, PvVal obj, PvVal name)
{
    bool plain = pv_type_plain_attrs(tp);
    if (!plain) {
        PvVal descr = pv_type_lookup(tp, name);
        if (descr && PV_HAS_TYPE(descr, pv_type_property)) return;
    }
    int64_t ix = pv_dict_index_str(((PvInstance *)obj)->dict, name);
    if (ix < 0) return;
    uintptr_t key = plain ? PV_CACHE_PLAIN : (uintptr_t)tp;
    /* An identical entry is not written again (read without the sequence word: a
     * wrong answer only costs a fill or a later miss). */
    if (PV_CACHE_GET(c, key) == key && PV_CACHE_GET(c, epoch) == ep &&
        PV_CACHE_GET(c, index) == ix)
        return;
    PV_CACHE_FILL_BEGIN(c);
    PV_CACHE_SET(c->key, key);
    PV_CACHE_SET(c->epoch, ep);
    PV_CACHE_SET(c->index, ix);
    PV_CACHE_FILL_END(c);
}

/* LOAD_METHOD entries have two ways: (key, value) and (key2, index), the function
 * found for up to two types at one class epoch, so a base-class method calling a
 * method on instances of two classes hits for both. A site that meets a third type
 * in the same epoch is megamorphic: its second way is closed (key2 = PV_CACHE_MEGA,
 * never a type's address) and the entry is not written again until the epoch moves
 * on; its other types get the method from the per-thread method cache
 * (pv_type_lookup). In the builds whose threads share caches a fill is two atomic
 * read-modify-writes on a line the other threads read: rewriting the second way at
 * every miss made richards slower on two threads than on one, and rewriting it at
 * one miss in 16 still cost it 170,000 fills a run (docs/architecture.md). */
#define PV_CACHE_MEGA ((uint64_t)1)
static void fill_method_cache(PvCache *c, PvType *tp, uint64_t ep, PvVal m)
{
    /* What the entry holds, read first as hints (see fill_attr_cache), so that the
     * common "nothing to change" returns without a fill. Whatever a fill writes is
     * decided again on the entry as it is inside the fill, which no other fill can
     * enter: a decision made on the hints could pair one fill's key with another's
     * value (a thread that saw its own type in the first way and a different value
     * there, because another had meanwhile refilled the way for its type, wrote its
     * method under the other's type). Seen once: raytrace on two no-GIL threads
     * called Plane.color_at on a Sphere at a two-way site; this is the interleaving
     * that explains it (its window is a few loads wide; 300 more runs did not show
     * it again). */
    uintptr_t key = PV_CACHE_GET(c, key), key2 = PV_CACHE_GET(c, key2);
    bool fresh = !key || PV_CACHE_GET(c, epoch) != ep;
    if (!fresh && key == (uintptr_t)tp && PV_CACHE_GET(c, value) == m) return;
    if (!fresh && key != (uintptr_t)tp &&
        (key2 == PV_CACHE_MEGA || (key2 == (uintptr_t)tp && (PvVal)PV_CACHE_GET(c, index) == m)))
        return;
    PV_CACHE_FILL_BEGIN(c);
    key = PV_CACHE_GET(c, key);
    key2 = PV_CACHE_GET(c, key2);
    if (!key || PV_CACHE_GET(c, epoch) != ep) {
        PV_CACHE_SET(c->key, (uintptr_t)tp);
        PV_CACHE_SET(c->epoch, ep);
        PV_CACHE_SET(c->value, m);
        PV_CACHE_SET(c->key2, 0);
    } else if (key == (uintptr_t)tp) {
        PV_CACHE_SET(c->value, m);
    } else if (key2 == PV_CACHE_MEGA) {
        /* closed until the epoch moves on */
    } else if (key2 && key2 != (uintptr_t)tp) {
        PV_CACHE_SET(c->key2, PV_CACHE_MEGA);
    } else {
        PV_CACHE_SET(c->key2, (uintptr_t)tp);
        PV_CACHE_SET(c->index, (int64_t)m);
    }
    PV_CACHE_FILL_END(c);
}

/* obj.name for LOAD_METHOD: (method, self) when it can be called unbound. */
static PvVal load_method(PvVal obj, PvVal name, PvVal *self_out)
{
    PvType *t = pv_type(obj);
    if (t != &pv_type_type && t != &pv_type_module && !t->getattr) {
        PvVal descr = pv_type_lookup(t, name);
        if (descr && PV_IS_PTR(descr)) {
            PvType *dt = PV_OBJ(descr)->type;
            if (dt == &pv_type_function ||
                (dt == &pv_type_builtin_function && !((PvBuiltin *)descr)->self)) {
                bool shadowed = false;
                if (t->flags & PV_TYPE_HAS_DICT) {
                    PV_READ(pv_thread(), PV_OBJ(obj));   /* the dict is created lazily */
                    PvVal d = ((PvInstance *)obj)->dict;
                    if (d && pv_dict_get_str(d, name)) shadowed = true;
                }
                if (!shadowed) {
                    *self_out = obj;
                    return descr;
                }
            }
        }
    }
    *self_out = PV_NULL;
    return pv_getattr(obj, name);
}

/* A float, allocated inline (the eval loop's arithmetic fast paths). */
PV_INLINE PvVal float_new(PvThread *t, double d)
{
    PvFloat *o = pvgc_alloc(t, &pv_type_float, sizeof(PvFloat));
    o->value = d;
    return PV_VAL(o);
}

/* ---- the eval loop ------------------------------------------------------------------ */

#define PV_OPCODE_LABEL(name, effect, jump) &&L_##name,

static PvVal eval_loop(PvThread *t, PvFrame *f, PvVal throwexc, bool *yielded)
{
    static const void *const targets[256] = {PV_OPCODES(PV_OPCODE_LABEL)};
    const uint16_t *ip, *code_base;
    PvVal *sp, *locals;
    PvVal *consts, *names;
    PvVal retval = PV_NULL;
    PvFrame *callee;         /* enter_callee: a bound frame to run next */
    unsigned op;
    int arg;
    int64_t nops = 0, ncalls = 0;   /* flushed to the thread's counters on exit */
    bool reraise = false;
    *yielded = false;
#ifdef PV_LAYOUT_PAD
    /* A layout experiment (make LAYOUT_PAD=N, scripts/layouts.sh): N bytes of no-ops,
     * run once per call, shift everything after them within its cache lines. */
#define PV_LAYOUT_STR_(x) #x
#define PV_LAYOUT_STR(x) PV_LAYOUT_STR_(x)
    __asm__ volatile(".skip " PV_LAYOUT_STR(PV_LAYOUT_PAD) ", 0x90");
#endif

    if (PV_UNLIKELY(!pv_enter_c_call())) {
        if (!f->in_heap) pop_frame(t, f);
        else t->depth--;
        return PV_NULL;
    }
    const bool at_base = t->c_depth == 1;
    (void)at_base;
    t->frame = f;

#define LOAD_FRAME() do { \
        ip = f->ip; sp = f->sp; locals = f->slots; \
        code_base = (const uint16_t *)((PvBytes *)f->code->bytecode)->data; \
        consts = PV_TUPLE(f->code->consts)->items; names = PV_TUPLE(f->code->names)->items; \
    } while (0)
#define SAVE_FRAME() do { f->ip = ip; f->sp = sp; } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define THIRD() (sp[-3])
#define PEEK(n) (sp[-(n)])
#define DISPATCH() do { \
        uint16_t w_ = *ip++; op = w_ & 0xff; arg = w_ >> 8; nops++; \
        PVCHECK_BOUNDARY(t); \
        goto *targets[op]; \
    } while (0)
#define JUMPTO(x) (ip = code_base + (x))
#define ERROR_IF(c) do { if (PV_UNLIKELY(c)) goto error; } while (0)

    LOAD_FRAME();
    if (throwexc) {
        /* Throw into a suspended generator. If it is delegating (suspended in
         * YIELD_FROM, ip rewound onto it), the sub-generator gets the exception first:
         * close() for GeneratorExit, throw() otherwise. */
        if ((*ip & 0xff) == OP_YIELD_FROM && PV_HAS_TYPE(TOP(), pv_type_generator)) {
            PvVal sub = TOP();
            if (pv_isinstance(throwexc, pv_exc_GeneratorExit)) {
                PvVal args[1] = {sub};
                if (!gen_close_method(1, args)) goto error;
                pv_raise_value(throwexc);
                goto error;
            }
            PvVal ret;
            PvVal r = gen_resume(sub, pv_None, throwexc, &ret);
            if (r) {
                retval = r;
                SAVE_FRAME();
                *yielded = true;
                goto leave;
            }
            if (pv_err_occurred()) goto error;
            sp--;
            PUSH(ret);
            ip++;
            DISPATCH();
        }
        pv_raise_value(throwexc);
        goto error;
    }
    if (f->func) {
        ncalls++;
        PVSYNC_TICK(t, at_base);
    }
    DISPATCH();

L_NOP:
    DISPATCH();
L_EXTENDED_ARG: {
    unsigned acc = (unsigned)arg;
    for (;;) {
        uint16_t w = *ip++;
        op = w & 0xff;
        acc = (acc << 8) | (w >> 8);
        if (op != OP_EXTENDED_ARG) break;
    }
    arg = (int)acc;
    goto *targets[op];
}
L_POP_TOP:
    sp--;
    DISPATCH();
L_ROT_TWO: {
    PvVal a = TOP();
    TOP() = SECOND();
    SECOND() = a;
    DISPATCH();
}
L_ROT_THREE: {
    PvVal a = TOP();
    TOP() = SECOND();
    SECOND() = THIRD();
    THIRD() = a;
    DISPATCH();
}
L_DUP_TOP: {
    PvVal a = TOP();
    PUSH(a);
    DISPATCH();
}
L_DUP_TOP_TWO: {
    PvVal a = SECOND(), b = TOP();
    PUSH(a);
    PUSH(b);
    DISPATCH();
}
L_LOAD_CONST:
    PUSH(consts[arg]);
    DISPATCH();
L_LOAD_FAST: {
    PvVal v = locals[arg];
    if (PV_UNLIKELY(!v)) {
        pv_raise(pv_exc_UnboundLocalError, "local variable '%s' referenced before assignment",
                 pv_str_data(pv_tuple_get(f->code->varnames, arg)));
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
L_STORE_FAST:
    locals[arg] = POP();
    DISPATCH();
L_DELETE_FAST:
    if (!locals[arg]) {
        pv_raise(pv_exc_UnboundLocalError, "local variable '%s' referenced before assignment",
                 pv_str_data(pv_tuple_get(f->code->varnames, arg)));
        goto error;
    }
    locals[arg] = PV_NULL;
    DISPATCH();
L_LOAD_DEREF: {
    PvCell *c = (PvCell *)locals[f->code->nlocals + arg];
    PV_READ(t, PV_OBJ(c));
    PvVal v = c->value;
    if (!v) {
        PvCode *co = f->code;
        const char *n = (int)arg < co->ncells ? pv_str_data(pv_tuple_get(co->cellvars, arg))
                                              : pv_str_data(pv_tuple_get(co->freevars, arg - co->ncells));
        if ((int)arg < co->ncells)
            pv_raise(pv_exc_UnboundLocalError, "local variable '%s' referenced before assignment", n);
        else
            pv_raise(pv_exc_NameError, "free variable '%s' referenced before assignment in enclosing scope", n);
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
L_STORE_DEREF: {
    PvCell *c = (PvCell *)locals[f->code->nlocals + arg];
    PV_WRITE(t, PV_OBJ(c));
    c->value = POP();
    DISPATCH();
}
L_DELETE_DEREF: {
    PvCell *c = (PvCell *)locals[f->code->nlocals + arg];
    PV_WRITE(t, PV_OBJ(c));
    c->value = PV_NULL;
    DISPATCH();
}
L_LOAD_CLOSURE:
    PUSH(locals[f->code->nlocals + arg]);
    DISPATCH();
L_LOAD_CLASSDEREF: {
    PvCode *co = f->code;
    PvVal name = (int)arg < co->ncells ? pv_tuple_get(co->cellvars, arg)
                                       : pv_tuple_get(co->freevars, arg - co->ncells);
    PvVal v = f->locals ? pv_dict_get_str(f->locals, name) : PV_NULL;
    if (!v) {
        PvCell *c = (PvCell *)locals[co->nlocals + arg];
        PV_READ(t, PV_OBJ(c));
        v = c->value;
        if (!v) { load_name_error(name); goto error; }
    }
    PUSH(v);
    DISPATCH();
}
L_LOAD_GLOBAL: {
    /* Cache: the value, valid while neither globals nor builtins changed (their
     * version tags are unique across dicts, so equal tags mean the same state). */
    PvCache *c = &f->code->caches[ip - code_base - 1];
    PV_CACHE_READ_BEGIN(c);
    uintptr_t c_key = PV_CACHE_GET(c, key);
    uint64_t c_key2 = PV_CACHE_GET(c, key2);
    PvVal c_value = PV_CACHE_GET(c, value);
    PvDict *gd = PV_DICT(f->globals), *bd = PV_DICT(builtins_of(f->globals));
    PV_READ(t, PV_OBJ(gd));
    if (PV_LIKELY(PV_CACHE_READ_OK(c) && c_key == PV_LOAD_RELAXED(gd->version) &&
                  c_key2 == PV_LOAD_RELAXED(bd->version))) {
        PUSH(c_value);
        DISPATCH();
    }
    PvVal name = names[arg];
    uint64_t gv = PV_LOAD_RELAXED(gd->version), bv = PV_LOAD_RELAXED(bd->version);
    PvVal v = pv_dict_get_str(f->globals, name);
    if (!v) {
        v = pv_dict_get_str(PV_VAL(bd), name);
        if (!v) { load_name_error(name); goto error; }
    }
    PV_CACHE_FILL_BEGIN(c);
    PV_CACHE_SET(c->key, gv);
    PV_CACHE_SET(c->key2, bv);
    PV_CACHE_SET(c->value, v);
    PV_CACHE_FILL_END(c);
    PUSH(v);
    DISPATCH();
}
L_STORE_GLOBAL:
    ERROR_IF(pv_dict_set(f->globals, names[arg], TOP()) < 0);
    sp--;
    DISPATCH();
L_DELETE_GLOBAL: {
    int r = pv_dict_del(f->globals, names[arg]);
    ERROR_IF(r < 0);
    if (r == 0) { load_name_error(names[arg]); goto error; }
    DISPATCH();
}
L_LOAD_NAME: {
    PvVal name = names[arg];
    PvVal v = f->locals ? pv_dict_get_str(f->locals, name) : PV_NULL;
    if (!v) v = pv_dict_get_str(f->globals, name);
    if (!v) v = pv_dict_get_str(builtins_of(f->globals), name);
    if (!v) { load_name_error(name); goto error; }
    PUSH(v);
    DISPATCH();
}
L_STORE_NAME:
    ERROR_IF(pv_dict_set(f->locals ? f->locals : f->globals, names[arg], TOP()) < 0);
    sp--;
    DISPATCH();
L_DELETE_NAME: {
    int r = pv_dict_del(f->locals ? f->locals : f->globals, names[arg]);
    ERROR_IF(r < 0);
    if (r == 0) { load_name_error(names[arg]); goto error; }
    DISPATCH();
}
L_LOAD_ATTR: {
    /* Cache: for instances whose class has no data descriptor of this name, the index
     * of the attribute in the instance dict; a hit costs one pointer comparison. */
    PvVal obj = TOP();
    PvVal v;
    PvType *tp = pv_type(obj);
    PvCache *c = &f->code->caches[ip - code_base - 1];
    uint64_t ep = atomic_load_explicit(&pv_class_epoch, memory_order_relaxed);
    PV_CACHE_READ_BEGIN(c);
    uint64_t c_epoch = PV_CACHE_GET(c, epoch);
    uintptr_t c_key = PV_CACHE_GET(c, key);
    int64_t c_index = PV_CACHE_GET(c, index);
    if (PV_CACHE_READ_OK(c) && c_epoch == ep &&
        (c_key == (uintptr_t)tp || (c_key == PV_CACHE_PLAIN && pv_type_plain_now(tp, ep)))) {
        PV_READ_CLASSES(t);         /* the class part of the answer is cached */
        PV_READ(t, PV_OBJ(obj));             /* the instance dict is created lazily */
        PvVal d = ((PvInstance *)obj)->dict;
        if (d) {
            PV_READ(t, PV_OBJ(d));
            PvDictTable *tb = atomic_load_explicit((_Atomic(PvDictTable *) *)&PV_DICT(d)->table,
                                                   memory_order_acquire);
            int64_t ix = c_index;
            if (ix < PV_LOAD_RELAXED(tb->nentries) &&
                PV_LOAD_ACQUIRE(tb->entries[ix].key) == names[arg]) {
                v = PV_LOAD_ACQUIRE(tb->entries[ix].value);
                if (v) {
                    TOP() = v;
                    DISPATCH();
                }
            }
        }
    }
    SAVE_FRAME();
    v = pv_getattr(obj, names[arg]);
    ERROR_IF(!v);
    if ((tp->flags & (PV_TYPE_HAS_DICT | PV_TYPE_HEAP)) == (PV_TYPE_HAS_DICT | PV_TYPE_HEAP) &&
        !tp->getattr && ((PvInstance *)obj)->dict)
        fill_attr_cache(c, tp, ep, obj, names[arg]);
    TOP() = v;
    DISPATCH();
}
L_STORE_ATTR: {
    /* Cache: as LOAD_ATTR, for classes without __setattr__ or a property of this name:
     * the entry index of an existing instance attribute. */
    PvVal obj = TOP(), v = SECOND();
    PvType *tp = pv_type(obj);
    PvCache *c = &f->code->caches[ip - code_base - 1];
    uint64_t ep = atomic_load_explicit(&pv_class_epoch, memory_order_relaxed);
    PV_CACHE_READ_BEGIN(c);
    uint64_t c_epoch = PV_CACHE_GET(c, epoch);
    uintptr_t c_key = PV_CACHE_GET(c, key);
    int64_t c_index = PV_CACHE_GET(c, index);
    if (PV_CACHE_READ_OK(c) && c_epoch == ep &&
        (c_key == (uintptr_t)tp || (c_key == PV_CACHE_PLAIN && pv_type_plain_now(tp, ep)))) {
        PV_READ_CLASSES(t);
        PV_READ(t, PV_OBJ(obj));
        PvVal d = ((PvInstance *)obj)->dict;
        if (d && pv_dict_set_at(d, c_index, names[arg], v)) {
            sp -= 2;
            DISPATCH();
        }
    }
    SAVE_FRAME();
    ERROR_IF(pv_setattr(obj, names[arg], v) < 0);
    if ((tp->flags & (PV_TYPE_HAS_DICT | PV_TYPE_HEAP)) == (PV_TYPE_HAS_DICT | PV_TYPE_HEAP) &&
        !tp->setattr && !pv_type_dunder(tp, PV_DUNDER_setattr) && ((PvInstance *)obj)->dict)
        fill_attr_cache(c, tp, ep, obj, names[arg]);
    sp -= 2;
    DISPATCH();
}
L_DELETE_ATTR:
    SAVE_FRAME();
    ERROR_IF(pv_setattr(TOP(), names[arg], PV_NULL) < 0);
    sp--;
    DISPATCH();
L_LOAD_METHOD: {
    /* Cache: the function found on the type, for types whose instances call it
     * unbound; still checks that the instance dict does not shadow it. */
    PvVal obj = TOP(), self;
    PvType *tp = pv_type(obj);
    PvCache *c = &f->code->caches[ip - code_base - 1];
    uint64_t ep = atomic_load_explicit(&pv_class_epoch, memory_order_relaxed);
    PV_CACHE_READ_BEGIN(c);
    uint64_t c_epoch = PV_CACHE_GET(c, epoch);
    uintptr_t c_key = PV_CACHE_GET(c, key);
    PvVal c_value = PV_CACHE_GET(c, value);
    uint64_t c_key2 = PV_CACHE_GET(c, key2);
    int64_t c_index = PV_CACHE_GET(c, index);
    PvVal cm = PV_NULL;
    if (PV_CACHE_READ_OK(c) && c_epoch == ep) {
        if (c_key == (uintptr_t)tp) cm = c_value;
        else if (c_key2 == (uintptr_t)tp) cm = (PvVal)c_index;
    }
    if (cm) {
        PV_READ_CLASSES(t);
        PvVal d = PV_NULL;
        if (tp->flags & PV_TYPE_HAS_DICT) {  /* the dict is created lazily */
            PV_READ(t, PV_OBJ(obj));
            d = ((PvInstance *)obj)->dict;
        }
        if (!d || !pv_dict_get_str(d, names[arg])) {
            TOP() = cm;
            PUSH(obj);
            DISPATCH();
        }
    }
    SAVE_FRAME();
    PvVal m = load_method(obj, names[arg], &self);
    if (m && self && tp != &pv_type_type && tp != &pv_type_module && !tp->getattr)
        fill_method_cache(c, tp, ep, m);
    ERROR_IF(!m);
    if (self) {
        TOP() = m;
        PUSH(self);
    } else {
        TOP() = PV_NULL;
        PUSH(m);
    }
    DISPATCH();
}
L_CALL_METHOD: {
    PvVal *args;
    int n;
    PvVal callable;
    if (PEEK(arg + 2)) {
        callable = PEEK(arg + 2);
        args = sp - arg - 1;
        n = (int)arg + 1;
    } else {
        callable = PEEK(arg + 1);
        args = sp - arg;
        n = (int)arg;
    }
    PvVal *base = sp - arg - 2;
    goto do_call_positional;

L_CALL_FUNCTION:
    callable = PEEK(arg + 1);
    args = sp - arg;
    n = (int)arg;
    base = sp - arg - 1;
do_call_positional:
    if (plain_function(callable)) {
        callee = bound_frame(t, (PvFunction *)callable, n, args, PV_NULL);
        ERROR_IF(!callee);
        sp = base;
        goto enter_callee;
    }
    SAVE_FRAME();
    f->sp = base;   /* the arguments stay below, reachable for the GC via the frame */
    PvVal r;
    if (PV_HAS_TYPE(callable, pv_type_builtin_function) && !((PvBuiltin *)callable)->self)
        r = pv_builtin_call((PvBuiltin *)callable, n, args, PV_NULL);
    else
        r = pv_call(callable, n, args, PV_NULL);
    sp = base;
    ERROR_IF(!r);
    PUSH(r);
    DISPATCH();
}
/* A Python function called with its arguments bound (callee): runs in this
 * invocation of the loop, like every Python-to-Python call. */
enter_callee:
    SAVE_FRAME();
    callee->back = f;
    callee->entry = 0;
    f = callee;
    t->frame = f;
    LOAD_FRAME();
    ncalls++;
    PVSYNC_TICK(t, at_base);
    DISPATCH();
L_CALL_FUNCTION_KW: {
    PvVal kwnames = POP();
    int nkw = (int)pv_tuple_len(kwnames);
    int npos = (int)arg - nkw;
    PvVal callable = PEEK(arg + 1);
    PvVal *args = sp - arg;
    if (plain_function(callable)) {
        callee = bound_frame(t, (PvFunction *)callable, npos, args, kwnames);
        ERROR_IF(!callee);
        sp -= arg + 1;
        goto enter_callee;
    }
    SAVE_FRAME();
    PvVal r = pv_call(callable, npos, args, kwnames);
    sp -= arg + 1;
    ERROR_IF(!r);
    PUSH(r);
    DISPATCH();
}
L_CALL_FUNCTION_EX: {
    PvVal kwargs = (arg & 1) ? POP() : PV_NULL;
    PvVal posargs = POP();
    PvVal callable = TOP();
    SAVE_FRAME();
    if (!PV_IS_TUPLE(posargs)) {
        posargs = pv_sequence_to_tuple(posargs);
        ERROR_IF(!posargs);
    }
    if (kwargs && pv_dict_len(kwargs)) {
        int64_t np = pv_tuple_len(posargs), nk = pv_dict_len(kwargs);
        PvVal all = pv_tuple_new(np + nk);
        PvVal kwn = pv_tuple_new(nk);
        memcpy(PV_TUPLE(all)->items, PV_TUPLE(posargs)->items, (size_t)np * sizeof(PvVal));
        int64_t pos = 0, i = 0;
        PvVal k, v;
        while (pv_dict_next(kwargs, &pos, &k, &v)) {
            if (!PV_IS_STR(k)) { pv_raise(pv_exc_TypeError, "keywords must be strings"); goto error; }
            PV_TUPLE(kwn)->items[i] = pv_str_intern(k);
            PV_TUPLE(all)->items[np + i] = v;
            i++;
        }
        posargs = all;
        kwargs = kwn;
    } else {
        kwargs = PV_NULL;
    }
    int np = (int)pv_tuple_len(posargs) - (kwargs ? (int)pv_tuple_len(kwargs) : 0);
    if (plain_function(callable)) {
        callee = bound_frame(t, (PvFunction *)callable, np, PV_TUPLE(posargs)->items, kwargs);
        ERROR_IF(!callee);
        sp--;
        goto enter_callee;
    }
    PvVal r = pv_call(callable, np, PV_TUPLE(posargs)->items, kwargs);
    ERROR_IF(!r);
    TOP() = r;
    DISPATCH();
}
L_MAKE_FUNCTION: {
    PvVal qualname = POP();
    PvCode *code = (PvCode *)POP();
    PvVal closure = (arg & 8) ? POP() : PV_NULL;
    PvVal kwdefaults = (arg & 2) ? POP() : PV_NULL;
    PvVal defaults = (arg & 1) ? POP() : PV_NULL;
    PvFunction *fn = (PvFunction *)pv_function_new(code, f->globals, qualname);
    /* fn is fresh, and these fields are never written again: no barrier here, and
     * none where calls read them. */
    fn->closure = closure;
    fn->kwdefaults = kwdefaults;
    fn->defaults = defaults;
    PUSH(PV_VAL(fn));
    DISPATCH();
}
L_BINARY_OP: {
    PvVal b = POP(), a = TOP();
    PvVal r;
    if (PV_IS_SMALL(a) && PV_IS_SMALL(b)) {
        int64_t x = PV_SMALL_VALUE(a), y = PV_SMALL_VALUE(b);
        switch (arg & 15) {
        case PV_OP_ADD: r = pv_int(x + y); goto binop_done;
        case PV_OP_SUB: r = pv_int(x - y); goto binop_done;
        default: break;
        }
    } else if ((PV_IS_FLOAT(a) || PV_IS_SMALL(a)) && (PV_IS_FLOAT(b) || PV_IS_SMALL(b))) {
        /* float op float, and float op int: the int converts exactly as Python does
         * (small ints have at most 62 bits, below 2**53 only approximately, which is
         * what float(int) gives too). */
        double x = PV_IS_SMALL(a) ? (double)PV_SMALL_VALUE(a) : pv_float_value(a);
        double y = PV_IS_SMALL(b) ? (double)PV_SMALL_VALUE(b) : pv_float_value(b);
        switch (arg & 15) {
        case PV_OP_ADD: r = float_new(t, x + y); goto binop_done;
        case PV_OP_SUB: r = float_new(t, x - y); goto binop_done;
        case PV_OP_MUL: r = float_new(t, x * y); goto binop_done;
        case PV_OP_TRUEDIV:
            if (y != 0.0) { r = float_new(t, x / y); goto binop_done; }
            break;
        default: break;
        }
    }
    SAVE_FRAME();
    r = (arg & PV_INPLACE) ? pv_inplace_binop(a, b, (int)(arg & 15)) : pv_binop(a, b, (int)arg);
    ERROR_IF(!r);
binop_done:
    TOP() = r;
    DISPATCH();
}
L_UNARY_OP: {
    SAVE_FRAME();
    PvVal r = pv_unaryop(TOP(), (int)arg);
    ERROR_IF(!r);
    TOP() = r;
    DISPATCH();
}
L_UNARY_NOT: {
    SAVE_FRAME();
    int r = pv_truthy(TOP());
    ERROR_IF(r < 0);
    TOP() = pv_bool(!r);
    DISPATCH();
}
L_COMPARE_OP: {
    PvVal b = POP(), a = TOP();
    if (PV_IS_SMALL(a) && PV_IS_SMALL(b)) {
        TOP() = pv_bool(pv_cmp_int(PV_SMALL_VALUE(a), PV_SMALL_VALUE(b), arg));
        DISPATCH();
    }
    if (PV_IS_FLOAT(a) && PV_IS_FLOAT(b)) {
        TOP() = pv_bool(pv_cmp_double(pv_float_value(a), pv_float_value(b), arg));
        DISPATCH();
    }
    SAVE_FRAME();
    PvVal r = pv_richcompare(a, b, (int)arg);
    ERROR_IF(!r);
    TOP() = r;
    DISPATCH();
}
L_IS_OP: {
    PvVal b = POP(), a = TOP();
    TOP() = pv_bool((a == b) != (arg != 0));
    DISPATCH();
}
L_CONTAINS_OP: {
    PvVal c = POP(), v = TOP();
    SAVE_FRAME();
    int r = pv_contains(c, v);
    ERROR_IF(r < 0);
    TOP() = pv_bool(r != (int)arg);
    DISPATCH();
}
L_BINARY_SUBSCR: {
    PvVal key = POP(), obj = TOP();
    PvVal r;
    if (PV_IS_LIST(obj) && PV_IS_SMALL(key)) {
        r = pv_list_get(obj, PV_SMALL_VALUE(key));
    } else {
        SAVE_FRAME();
        r = pv_getitem(obj, key);
    }
    ERROR_IF(!r);
    TOP() = r;
    DISPATCH();
}
L_STORE_SUBSCR: {
    PvVal key = TOP(), obj = SECOND(), v = THIRD();
    SAVE_FRAME();
    int r;
    if (PV_IS_LIST(obj) && PV_IS_SMALL(key)) r = pv_list_set(obj, PV_SMALL_VALUE(key), v);
    else r = pv_setitem(obj, key, v);
    ERROR_IF(r < 0);
    sp -= 3;
    DISPATCH();
}
L_DELETE_SUBSCR: {
    PvVal key = TOP(), obj = SECOND();
    SAVE_FRAME();
    ERROR_IF(pv_delitem(obj, key) < 0);
    sp -= 2;
    DISPATCH();
}
L_BUILD_TUPLE: {
    PvVal tup = pv_tuple_from(arg, sp - arg);
    sp -= arg;
    PUSH(tup);
    DISPATCH();
}
L_BUILD_LIST: {
    PvVal l = pv_list_from(arg, sp - arg);
    ERROR_IF(!l);
    sp -= arg;
    PUSH(l);
    DISPATCH();
}
L_BUILD_SET: {
    PvVal s = pv_set_new(&pv_type_set);
    SAVE_FRAME();
    for (int i = 0; i < arg; i++) ERROR_IF(pv_set_add(s, sp[-arg + i]) < 0);
    sp -= arg;
    PUSH(s);
    DISPATCH();
}
L_BUILD_MAP: {
    PvVal d = pv_dict_new();
    SAVE_FRAME();
    for (int i = 0; i < arg; i++)
        ERROR_IF(pv_dict_set(d, sp[-2 * arg + 2 * i], sp[-2 * arg + 2 * i + 1]) < 0);
    sp -= 2 * arg;
    PUSH(d);
    DISPATCH();
}
L_BUILD_SLICE: {
    PvVal step = arg == 3 ? POP() : pv_None;
    PvVal stop = POP(), start = TOP();
    TOP() = pv_slice_new(start, stop, step);
    DISPATCH();
}
L_BUILD_STRING: {
    PvBuf b;
    pvbuf_init(&b);
    for (int i = 0; i < arg; i++) {
        PvVal s = sp[-arg + i];
        pvbuf_add(&b, pv_str_data(s), (size_t)pv_str_len(s));
    }
    sp -= arg;
    PUSH(pv_str_from_buf(&b));
    DISPATCH();
}
L_LIST_APPEND: {
    PvVal v = POP();
    ERROR_IF(pv_list_append(PEEK(arg), v) < 0);
    DISPATCH();
}
L_SET_ADD: {
    PvVal v = POP();
    SAVE_FRAME();
    ERROR_IF(pv_set_add(PEEK(arg), v) < 0);
    DISPATCH();
}
L_MAP_ADD: {
    PvVal v = POP(), k = POP();
    SAVE_FRAME();
    ERROR_IF(pv_dict_set(PEEK(arg), k, v) < 0);
    DISPATCH();
}
L_LIST_EXTEND: {
    PvVal it = POP();
    SAVE_FRAME();
    if (pv_list_inplace_extend(PEEK(arg), it) < 0) {
        if (pv_err_is(pv_exc_TypeError) && !pv_type(it)->iter && !(pv_type(it)->flags & PV_TYPE_HEAP)) {
            pv_err_clear();
            pv_raise(pv_exc_TypeError, "Value after * must be an iterable, not %s", pv_type_name(it));
        }
        goto error;
    }
    DISPATCH();
}
L_SET_UPDATE: {
    PvVal it = POP();
    SAVE_FRAME();
    PvVal src = pv_set_from_iterable(&pv_type_set, it);
    ERROR_IF(!src);
    int64_t pos = 0;
    PvVal k;
    while (pv_dict_next(src, &pos, &k, NULL)) ERROR_IF(pv_set_add(PEEK(arg), k) < 0);
    DISPATCH();
}
L_DICT_UPDATE: {
    PvVal other = POP();
    SAVE_FRAME();
    ERROR_IF(pv_dict_update(PEEK(arg), other) < 0);
    DISPATCH();
}
L_DICT_MERGE: {
    PvVal other = POP();
    PvVal target = PEEK(arg);
    SAVE_FRAME();
    if (!PV_IS_DICT(other)) {
        PvVal keys = pv_getattr_opt(other, pv_intern("keys"));
        if (!keys) {
            pv_err_clear();
            pv_raise(pv_exc_TypeError, "argument after ** must be a mapping, not %s", pv_type_name(other));
            goto error;
        }
        PvVal d = pv_dict_new();
        ERROR_IF(pv_dict_update(d, other) < 0);
        other = d;
    }
    int64_t pos = 0;
    PvVal k, v;
    while (pv_dict_next(other, &pos, &k, &v)) {
        PvVal old = pv_dict_get(target, k);
        if (old) {
            pv_raise(pv_exc_TypeError, "got multiple values for keyword argument '%s'",
                     PV_IS_STR(k) ? pv_str_data(k) : "?");
            goto error;
        }
        ERROR_IF(pv_dict_set(target, k, v) < 0);
    }
    DISPATCH();
}
L_LIST_TO_TUPLE:
    TOP() = pv_sequence_to_tuple(TOP());
    DISPATCH();
L_UNPACK_SEQUENCE: {
    PvVal seq = POP();
    if (PV_IS_TUPLE(seq) && pv_tuple_len(seq) == (int64_t)arg) {
        for (int i = (int)arg - 1; i >= 0; i--) PUSH(PV_TUPLE(seq)->items[i]);
        DISPATCH();
    }
    PvVal tmp = pv_tuple_new(arg);
    SAVE_FRAME();
    ERROR_IF(!unpack(seq, (int)arg, 0, false, PV_TUPLE(tmp)->items));
    for (int i = (int)arg - 1; i >= 0; i--) PUSH(PV_TUPLE(tmp)->items[i]);
    DISPATCH();
}
L_UNPACK_EX: {
    int before = (int)(arg & 0xff), after = (int)(arg >> 8);
    PvVal seq = POP();
    PvVal tmp = pv_tuple_new(before + after + 1);
    SAVE_FRAME();
    ERROR_IF(!unpack(seq, before, after, true, PV_TUPLE(tmp)->items));
    for (int i = before + after; i >= 0; i--) PUSH(PV_TUPLE(tmp)->items[i]);
    DISPATCH();
}
L_FORMAT_VALUE: {
    PvVal spec = (arg & 4) ? POP() : PV_NULL;
    SAVE_FRAME();
    PvVal r = format_value(TOP(), (int)arg, spec);
    ERROR_IF(!r);
    TOP() = r;
    DISPATCH();
}
L_JUMP_FORWARD:
L_JUMP_ABSOLUTE:
    JUMPTO(arg);
    DISPATCH();
L_JUMP_BACKWARD:
    JUMPTO(arg);
    SAVE_FRAME();
    PVSYNC_TICK(t, at_base);
    DISPATCH();
L_POP_JUMP_IF_FALSE: {
    PvVal v = POP();
    if (v == pv_False) { JUMPTO(arg); DISPATCH(); }
    if (v == pv_True) DISPATCH();
    SAVE_FRAME();
    int r = pv_truthy(v);
    ERROR_IF(r < 0);
    if (!r) JUMPTO(arg);
    DISPATCH();
}
L_POP_JUMP_IF_TRUE: {
    PvVal v = POP();
    if (v == pv_True) { JUMPTO(arg); DISPATCH(); }
    if (v == pv_False) DISPATCH();
    SAVE_FRAME();
    int r = pv_truthy(v);
    ERROR_IF(r < 0);
    if (r) JUMPTO(arg);
    DISPATCH();
}
L_JUMP_IF_FALSE_OR_POP: {
    SAVE_FRAME();
    int r = pv_truthy(TOP());
    ERROR_IF(r < 0);
    if (!r) JUMPTO(arg); else sp--;
    DISPATCH();
}
L_JUMP_IF_TRUE_OR_POP: {
    SAVE_FRAME();
    int r = pv_truthy(TOP());
    ERROR_IF(r < 0);
    if (r) JUMPTO(arg); else sp--;
    DISPATCH();
}
L_GET_ITER: {
    PvVal o = TOP();
    if (PV_HAS_TYPE(o, pv_type_seqiter) || PV_HAS_TYPE(o, pv_type_generator)) DISPATCH();
    SAVE_FRAME();
    PvVal it = pv_iter(o);
    ERROR_IF(!it);
    TOP() = it;
    DISPATCH();
}
L_FOR_ITER: {
    PvVal it = TOP();
    PvVal v;
    if (PV_HAS_TYPE(it, pv_type_seqiter)) {
        PvSeqIter *si = (PvSeqIter *)it;
        /* The iterator lives across the loop's transactions: see seqiter_next. */
        PV_WRITE(t, PV_OBJ(si));
        if (si->kind == PV_ITER_RANGE && si->seq) {
            if (si->index < si->end) {
                v = pv_int(si->start + si->index * si->step);
                si->index++;
                PUSH(v);
                DISPATCH();
            }
            si->seq = PV_NULL;
            sp--;
            JUMPTO(arg);
            DISPATCH();
        }
        if (si->kind == PV_ITER_LIST && si->seq) {
            PvList *l = PV_LIST(si->seq);
            PV_READ(t, PV_OBJ(l));
            int64_t len = atomic_load_explicit((_Atomic int64_t *)&l->len, memory_order_acquire);
            PvArray *a = atomic_load_explicit((_Atomic(PvArray *) *)&l->arr, memory_order_acquire);
            if (si->index < len && si->index < a->cap) {
                v = a->items[si->index++];
                PUSH(v ? v : pv_None);
                DISPATCH();
            }
            si->seq = PV_NULL;
            sp--;
            JUMPTO(arg);
            DISPATCH();
        }
    }
    SAVE_FRAME();
    v = pv_next(it);
    if (v) {
        PUSH(v);
        DISPATCH();
    }
    ERROR_IF(pv_err_occurred());
    sp--;
    JUMPTO(arg);
    DISPATCH();
}
L_RETURN_VALUE:
    retval = POP();
    goto do_return;
L_YIELD_VALUE:
    retval = POP();
    SAVE_FRAME();
    *yielded = true;
    goto leave;
L_YIELD_FROM: {
    PvVal v = POP();
    PvVal it = TOP();
    PvVal r;
    SAVE_FRAME();
    if (PV_HAS_TYPE(it, pv_type_generator)) {
        PvVal ret;
        r = gen_resume(it, v, PV_NULL, &ret);
        if (!r && !pv_err_occurred()) {
            TOP() = ret;
            DISPATCH();
        }
    } else {
        if (v != pv_None) {
            PvVal send = pv_getattr(it, pv_intern("send"));
            ERROR_IF(!send);
            r = pv_call1(send, v);
            if (!r && pv_err_is(pv_exc_StopIteration)) {
                PvVal e = pv_err_fetch();
                TOP() = pv_stopiteration_value(e);
                DISPATCH();
            }
        } else {
            r = pv_next(it);
            if (!r && !pv_err_occurred()) {
                TOP() = pv_None;
                DISPATCH();
            }
        }
    }
    ERROR_IF(!r);
    /* Yield r out; on resume run YIELD_FROM again with the sent value. */
    ip--;
    retval = r;
    SAVE_FRAME();
    *yielded = true;
    goto leave;
}
L_SETUP_FINALLY: {
    PvBlock *b = &f->blocks[f->nblocks++];
    b->type = PV_BLOCK_FINALLY;
    b->handler = (int32_t)arg;
    b->level = (int32_t)(sp - f->stack);
    b->saved = PV_NULL;
    DISPATCH();
}
L_SETUP_WITH: {
    PvVal ctx = TOP();
    SAVE_FRAME();
    /* The names interned once (pv_intern hashed and probed them at every `with`:
     * 12% of bank's time, which enters two blocks per transfer). */
    PvVal enter = pv_type_lookup(pv_type(ctx), pv_dunder_str(PV_DUNDER_enter));
    PvVal exitf = pv_type_lookup(pv_type(ctx), pv_dunder_str(PV_DUNDER_exit));
    if (!enter || !exitf) {
        pv_raise(pv_exc_TypeError, "'%s' object does not support the context manager protocol",
                 pv_type_name(ctx));
        goto error;
    }
    PvVal bound_exit = pv_method_new(exitf, ctx);
    PvVal r = pv_call1(enter, ctx);
    ERROR_IF(!r);
    TOP() = bound_exit;
    PvBlock *b = &f->blocks[f->nblocks++];
    b->type = PV_BLOCK_FINALLY;
    b->handler = (int32_t)arg;
    b->level = (int32_t)(sp - f->stack);
    b->saved = PV_NULL;
    PUSH(r);
    DISPATCH();
}
L_POP_BLOCK:
    f->nblocks--;
    DISPATCH();
L_POP_EXCEPT: {
    PvBlock *b = &f->blocks[--f->nblocks];
    t->handled = b->saved;
    DISPATCH();
}
L_RERAISE: {
    PvVal exc = POP();
    t->exc = exc;
    reraise = true;
    goto error;
}
L_WITH_EXCEPT: {
    PvVal exc = TOP(), exitf = SECOND();
    SAVE_FRAME();
    PvVal args[3] = {PV_VAL(pv_type(exc)), exc, pv_None};
    PvVal r = pv_call(exitf, 3, args, PV_NULL);
    ERROR_IF(!r);
    int truth = pv_truthy(r);
    ERROR_IF(truth < 0);
    PUSH(pv_bool(truth));
    DISPATCH();
}
L_JUMP_IF_NOT_EXC_MATCH: {
    PvVal spec = POP(), exc = POP();
    if (PV_IS_TUPLE(spec)) {
        for (int64_t i = 0; i < pv_tuple_len(spec); i++)
            if (!PV_IS_TYPE(pv_tuple_get(spec, i)) ||
                !(PV_TYPE(pv_tuple_get(spec, i))->flags & PV_TYPE_EXCEPTION)) {
                pv_raise(pv_exc_TypeError,
                         "catching classes that do not inherit from BaseException is not allowed");
                goto error;
            }
    } else if (!PV_IS_TYPE(spec) || !(PV_TYPE(spec)->flags & PV_TYPE_EXCEPTION)) {
        pv_raise(pv_exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
        goto error;
    }
    if (!pv_exc_matches(exc, spec)) JUMPTO(arg);
    DISPATCH();
}
L_RAISE_VARARGS: {
    SAVE_FRAME();
    if (arg == 0) {
        if (!t->handled) {
            pv_raise(pv_exc_RuntimeError, "No active exception to reraise");
            goto error;
        }
        t->exc = t->handled;
        reraise = false;
        goto error;
    }
    PvVal cause = arg == 2 ? POP() : PV_NULL;
    PvVal exc = POP();
    if (PV_IS_TYPE(exc)) {
        if (!(PV_TYPE(exc)->flags & PV_TYPE_EXCEPTION)) {
            pv_raise(pv_exc_TypeError, "exceptions must derive from BaseException");
            goto error;
        }
        exc = pv_call0(exc);
        ERROR_IF(!exc);
    }
    if (!pv_isinstance(exc, pv_exc_BaseException)) {
        pv_raise(pv_exc_TypeError, "exceptions must derive from BaseException");
        goto error;
    }
    if (cause) {
        if (PV_IS_TYPE(cause)) {
            cause = pv_call0(cause);
            ERROR_IF(!cause);
        }
        if (cause != pv_None && !pv_isinstance(cause, pv_exc_BaseException)) {
            pv_raise(pv_exc_TypeError, "exception causes must derive from BaseException");
            goto error;
        }
        /* exc may be an instance made long before this raise. */
        PV_WRITE(t, PV_OBJ(exc));
        ((PvException *)exc)->cause = cause == pv_None ? PV_NULL : cause;
        ((PvException *)exc)->suppress_context = true;
    }
    pv_raise_value(exc);
    goto error;
}
L_LOAD_BUILD_CLASS: {
    static PvVal build_class_fn;
    if (!build_class_fn) {
        build_class_fn = pv_builtin_kw("__build_class__", build_class);
        pvgc_add_root(&build_class_fn);
    }
    PUSH(build_class_fn);
    DISPATCH();
}
L_IMPORT_NAME: {
    PvVal fromlist = POP();
    (void)fromlist;
    SAVE_FRAME();
    PvVal m = pv_import(names[arg], f->globals);
    ERROR_IF(!m);
    TOP() = m;
    DISPATCH();
}
L_IMPORT_FROM: {
    PvVal m = TOP();
    SAVE_FRAME();
    PvVal v = pv_getattr_opt(m, names[arg]);
    if (!v) {
        if (!pv_err_occurred()) {
            PvVal mn = PV_HAS_TYPE(m, pv_type_module) ? ((PvModule *)m)->name : pv_intern("?");
            pv_raise(pv_exc_ImportError, "cannot import name '%s' from '%s'", pv_str_data(names[arg]),
                     pv_str_data(mn));
        }
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
L_IMPORT_STAR: {
    PvVal m = POP();
    SAVE_FRAME();
    if (!PV_HAS_TYPE(m, pv_type_module)) { pv_raise(pv_exc_TypeError, "import * from a non-module"); goto error; }
    PvVal target = f->locals ? f->locals : f->globals;
    int64_t pos = 0;
    PvVal k, v;
    PvVal all = pv_dict_getc(((PvModule *)m)->dict, "__all__");
    if (all) {
        PvVal it = pv_iter(all);
        ERROR_IF(!it);
        while ((k = pv_next(it))) {
            v = pv_getattr(m, k);
            ERROR_IF(!v);
            ERROR_IF(pv_dict_set(target, k, v) < 0);
        }
        ERROR_IF(pv_err_occurred());
    } else {
        while (pv_dict_next(((PvModule *)m)->dict, &pos, &k, &v))
            if (PV_IS_STR(k) && pv_str_data(k)[0] != '_') ERROR_IF(pv_dict_set(target, k, v) < 0);
    }
    DISPATCH();
}
L_LOAD_ASSERTION_ERROR:
    PUSH(PV_VAL(pv_exc_AssertionError));
    DISPATCH();
L_SETUP_ANNOTATIONS:
    DISPATCH();

do_return:
    if (f->entry) {
        SAVE_FRAME();
        goto leave;
    }
    {
        PvFrame *caller = f->back;
        pop_frame(t, f);
        f = caller;
        t->frame = f;
        LOAD_FRAME();
        PUSH(retval);
        DISPATCH();
    }

error: {
    PvVal exc = t->exc;
    if (!exc) {
        pv_raise(pv_exc_RuntimeError, "internal error: an operation failed without an exception");
        exc = t->exc;
    }
    SAVE_FRAME();
    if (!reraise)
        pv_exc_add_traceback(exc, f->code->filename, frame_line(f),
                             f->func ? f->code->name : pv_intern("<module>"));
    reraise = false;
    for (;;) {
        while (f->nblocks > 0) {
            PvBlock *b = &f->blocks[--f->nblocks];
            sp = f->stack + b->level;
            if (b->type == PV_BLOCK_HANDLER) {
                t->handled = b->saved;
                continue;
            }
            PvBlock *h = &f->blocks[f->nblocks++];
            h->type = PV_BLOCK_HANDLER;
            h->level = b->level;
            h->saved = t->handled;
            t->handled = exc;
            t->exc = PV_NULL;
            PUSH(exc);
            JUMPTO(b->handler);
            DISPATCH();
        }
        /* No handler here: leave this frame. */
        retval = PV_NULL;
        if (f->entry) goto leave;
        PvFrame *caller = f->back;
        pop_frame(t, f);
        f = caller;
        t->frame = f;
        LOAD_FRAME();
        pv_exc_add_traceback(exc, f->code->filename, frame_line(f),
                             f->func ? f->code->name : pv_intern("<module>"));
    }
}

leave:
    t->frame = f->back;
    if (!*yielded) pop_frame(t, f);
    else t->depth--;
    pv_leave_c_call();
    PV_COUNT(t, bytecodes, nops);
    PV_COUNT(t, calls, ncalls);
    return retval;
}

#if PVSYNC_RESTARTABLE
/* After a rollback the backend has restored the frame stack and t->frame as they were
 * at the transaction's first tick, and longjmps here: the loop resumes the top frame
 * from its saved ip and sp, as it resumes a generator. The locals are volatile because
 * they live across the setjmp. */
static PV_NOINLINE PvVal eval_base(PvThread *t, PvFrame *f, PvVal throwexc, bool *yielded)
{
    PvFrame *volatile vf = f;
    volatile PvVal vexc = throwexc;
    if (PVSYNC_SETJMP(t)) {
        vf = t->frame;
        vexc = PV_NULL;
    }
    pvsync_base_enter(t);
    PvVal r = eval_loop(t, vf, vexc, yielded);
    pvsync_base_leave(t);
    return r;
}
#endif

void pv_vm_init(void)
{
    pv_type_ready(&pv_type_frame);
    pv_type_ready(&pv_type_generator);
    pv_type_add_method(&pv_type_generator, "send", gen_send_method, 2, 2);
    pv_type_add_method(&pv_type_generator, "throw", gen_throw_method, 2, 3);
    pv_type_add_method(&pv_type_generator, "close", gen_close_method, 1, 1);
}
