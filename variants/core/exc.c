/* exc.c — exceptions: the BaseException type and the builtin hierarchy, raising,
 * matching `except` clauses, chaining (__cause__, __context__) and printing a
 * Python-style traceback.
 *
 * The exception being raised lives in the current thread's `exc`; a function that
 * raises returns PV_NULL (or -1). The traceback is a list of (file, line, function)
 * tuples that the eval loop appends to as the exception leaves each frame. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"

#define PV_EXC_DEF(n, b) PvType *pv_exc_##n;
PV_EXCEPTIONS(PV_EXC_DEF)
#undef PV_EXC_DEF
PvType *pv_exc_BaseException = &pv_type_BaseException;

static PvVal exc_str(PvVal self);

/* ---- the type ------------------------------------------------------------------------ */

static void exc_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvException *e = (PvException *)o;
    visit(e->base.dict, ctx);
    visit(e->args, ctx);
    visit(e->traceback, ctx);
    visit(e->cause, ctx);
    visit(e->context, ctx);
}

/* The instance is fresh: no barrier for its fields. */
PvVal pv_exc_new(PvType *type, PvVal args)
{
    PvException *e = pvgc_alloc(pv_thread(), type, type->size);
    e->args = args;
    return PV_VAL(e);
}

static PvVal exc_new_slot(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)kwnames;
    return pv_exc_new(type, pv_tuple_from(argc, argv));
}

static PvVal exc_init(int argc, PvVal *argv)
{
    PvException *e = (PvException *)argv[0];
    PvVal args = pv_tuple_from(argc - 1, argv + 1);
    PV_WRITE(pv_thread(), PV_OBJ(e));
    e->args = args;
    return pv_None;
}

static PvVal exc_str(PvVal self)
{
    PvException *e = (PvException *)self;
    PV_READ(pv_thread(), PV_OBJ(e));
    PvVal args = e->args ? e->args : pv_empty_tuple;
    int64_t n = pv_tuple_len(args);
    if (pv_isinstance(self, pv_exc_KeyError) && n == 1) return pv_repr(pv_tuple_get(args, 0));
    if (n == 0) return pv_intern("");
    if (n == 1) return pv_str(pv_tuple_get(args, 0));
    return pv_repr(args);
}

static PvVal exc_repr(PvVal self)
{
    PvException *e = (PvException *)self;
    PV_READ(pv_thread(), PV_OBJ(e));
    PvVal args = e->args ? e->args : pv_empty_tuple;
    const char *name = pv_type_name(self);
    if (pv_tuple_len(args) == 1) {
        PvVal r = pv_repr(pv_tuple_get(args, 0));
        if (!r) return PV_NULL;
        return pv_str_fmt("%s(%s)", name, pv_str_data(r));
    }
    PvVal r = pv_repr(args);
    if (!r) return PV_NULL;
    if (pv_tuple_len(args) == 0) return pv_str_fmt("%s()", name);
    return pv_str_fmt("%s%s", name, pv_str_data(r));
}

static PvVal exc_getattr(PvVal self, PvVal name)
{
    PvException *e = (PvException *)self;
    const char *n = pv_str_data(name);
    PV_READ(pv_thread(), PV_OBJ(e));
    if (!strcmp(n, "args")) return e->args ? e->args : pv_empty_tuple;
    if (n[0] == '_' && n[1] == '_') {
        if (!strcmp(n, "__cause__")) return e->cause ? e->cause : pv_None;
        if (!strcmp(n, "__context__")) return e->context ? e->context : pv_None;
        if (!strcmp(n, "__suppress_context__")) return pv_bool(e->suppress_context);
        if (!strcmp(n, "__traceback__")) return e->traceback ? e->traceback : pv_None;
    }
    if (e->base.dict) {
        PvVal v = pv_dict_get_str(e->base.dict, name);
        if (v) return v;
    }
    if (pv_isinstance(self, pv_exc_StopIteration) && !strcmp(n, "value")) {
        PvVal a = e->args ? e->args : pv_empty_tuple;
        return pv_tuple_len(a) ? pv_tuple_get(a, 0) : pv_None;
    }
    if (pv_isinstance(self, pv_exc_SystemExit) && !strcmp(n, "code")) {
        PvVal a = e->args ? e->args : pv_empty_tuple;
        return pv_tuple_len(a) == 0 ? pv_None : pv_tuple_len(a) == 1 ? pv_tuple_get(a, 0) : a;
    }
    return PV_NULL;
}

static int exc_setattr(PvVal self, PvVal name, PvVal value)
{
    PvException *e = (PvException *)self;
    const char *n = pv_str_data(name);
    PvThread *th = pv_thread();
    if (!strcmp(n, "args") && value) {
        PvVal t = pv_sequence_to_tuple(value);    /* may run Python code */
        if (!t) return -1;
        PV_WRITE(th, PV_OBJ(e));
        e->args = t;
        return 0;
    }
    if (!strcmp(n, "__cause__")) {
        PV_WRITE(th, PV_OBJ(e));
        e->cause = (value && value != pv_None) ? value : PV_NULL;
        e->suppress_context = true;
        return 0;
    }
    if (!strcmp(n, "__context__")) {
        PV_WRITE(th, PV_OBJ(e));
        e->context = (value && value != pv_None) ? value : PV_NULL;
        return 0;
    }
    if (!strcmp(n, "__suppress_context__")) {
        bool v = value && pv_truthy(value) > 0;   /* __bool__ may run Python code */
        PV_WRITE(th, PV_OBJ(e));
        e->suppress_context = v;
        return 0;
    }
    PvVal sa = pv_type_dunder(pv_type(self), PV_DUNDER_setattr);
    if (sa && value) {
        PvVal args[3] = {self, name, value};
        return pv_call(sa, 3, args, PV_NULL) ? 0 : -1;
    }
    PV_READ(th, PV_OBJ(e));
    if (!e->base.dict) {
        PvVal d = pv_dict_new();
        PV_WRITE(th, PV_OBJ(e));
        e->base.dict = d;
    }
    if (value) return pv_dict_set(e->base.dict, name, value);
    return pv_dict_del(e->base.dict, name) > 0 ? 0 : -1;
}

static PvVal exc_with_traceback(int argc, PvVal *argv)
{
    (void)argc;
    return argv[0];
}

PvType pv_type_BaseException = {
    .name = "BaseException", .size = sizeof(PvException),
    .flags = PV_TYPE_BASETYPE | PV_TYPE_EXCEPTION | PV_TYPE_HAS_DICT,
    .trace = exc_trace, .repr = exc_repr, .str = exc_str, .getattr = exc_getattr,
    .setattr = exc_setattr, .new_ = exc_new_slot,
};

PvType *pv_type_new_builtin_exception(const char *name, PvType *base)
{
    PvType *t = PV_NEW(PvType, &pv_type_type);
    t->name = name;
    t->base = base;
    t->flags = PV_TYPE_BASETYPE | PV_TYPE_EXCEPTION | PV_TYPE_HAS_DICT;
    t->size = sizeof(PvException);
    t->solid = &pv_type_BaseException;
    t->trace = exc_trace;
    t->repr = exc_repr;
    t->str = exc_str;
    t->getattr = exc_getattr;
    t->setattr = exc_setattr;
    t->new_ = exc_new_slot;
    t->hash = base->hash;
    t->richcompare = base->richcompare;
    t->dict = pv_dict_new();
    t->name_str = pv_intern(name);
    int n = 0;
    for (PvType *x = t; x; x = x->base) n++;
    t->mro = pv_tuple_new(n);
    int i = 0;
    for (PvType *x = t; x; x = x->base) PV_TUPLE(t->mro)->items[i++] = PV_VAL(x);
    t->bases = pv_tuple_pack(1, PV_VAL(base));
    return t;
}

/* ---- raising --------------------------------------------------------------------------- */

static void set_exc(PvVal exc)
{
    PvThread *t = pv_thread();
    t->exc = exc;
}

PvVal pv_raise_value(PvVal exc)
{
    if (PV_IS_TYPE(exc) && (PV_TYPE(exc)->flags & PV_TYPE_EXCEPTION)) {
        exc = pv_call0(exc);
        if (!exc) return PV_NULL;
    }
    if (!pv_isinstance(exc, pv_exc_BaseException))
        return pv_raise(pv_exc_TypeError, "exceptions must derive from BaseException");
    PvThread *t = pv_thread();
    PvException *e = (PvException *)exc;
    PV_READ(t, PV_OBJ(e));
    /* Implicit chaining: raised while handling another exception. */
    if (t->handled && t->handled != exc && !e->context) {
        PV_WRITE(t, PV_OBJ(e));
        e->context = t->handled;
    }
    set_exc(exc);
    return PV_NULL;
}

PvVal pv_raise_str(PvType *type, PvVal msg)
{
    PvVal e = pv_exc_new(type, pv_tuple_pack(1, msg));
    return pv_raise_value(e);
}

PvVal pv_raise(PvType *type, const char *fmt, ...)
{
    PvBuf b;
    pvbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    pvbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    return pv_raise_str(type, pv_str_from_buf(&b));
}

bool pv_err_occurred(void) { return pv_thread()->exc != PV_NULL; }

PvVal pv_err_fetch(void)
{
    PvThread *t = pv_thread();
    PvVal e = t->exc;
    t->exc = PV_NULL;
    return e;
}

void pv_err_clear(void) { pv_thread()->exc = PV_NULL; }

bool pv_err_is(PvType *type)
{
    PvVal e = pv_thread()->exc;
    return e && pv_isinstance(e, type);
}

bool pv_exc_matches(PvVal exc, PvVal spec)
{
    if (PV_IS_TUPLE(spec)) {
        for (int64_t i = 0; i < pv_tuple_len(spec); i++)
            if (pv_exc_matches(exc, pv_tuple_get(spec, i))) return true;
        return false;
    }
    if (!PV_IS_TYPE(spec)) return false;
    return pv_isinstance(exc, PV_TYPE(spec));
}

PvVal pv_stopiteration_value(PvVal exc)
{
    PvException *e = (PvException *)exc;
    PV_READ(pv_thread(), PV_OBJ(e));
    PvVal a = e->args ? e->args : pv_empty_tuple;
    return pv_tuple_len(a) ? pv_tuple_get(a, 0) : pv_None;
}

/* ---- printing ------------------------------------------------------------------------ */

/* "Name: message" as the last line of a traceback. */
PvVal pv_exc_format_line(PvVal exc)
{
    PvType *t = pv_type(exc);
    PvBuf b;
    pvbuf_init(&b);
    if (t->module && PV_IS_STR(t->module) && strcmp(pv_str_data(t->module), "__main__") &&
        strcmp(pv_str_data(t->module), "builtins"))
        pvbuf_addf(&b, "%s.", pv_str_data(t->module));
    pvbuf_adds(&b, t->name);
    PvVal s = pv_str(exc);
    if (!s) {
        pv_err_clear();
        pvbuf_adds(&b, ": <exception str() failed>");
    } else if (pv_str_len(s)) {
        pvbuf_adds(&b, ": ");
        pvbuf_add(&b, pv_str_data(s), (size_t)pv_str_len(s));
    }
    return pv_str_from_buf(&b);
}

static void print_one(PvVal exc, int depth)
{
    PvException *e = (PvException *)exc;
    PV_READ(pv_thread(), PV_OBJ(e));
    if (depth < 20) {
        if (e->cause) {
            print_one(e->cause, depth + 1);
            fputs("\nThe above exception was the direct cause of the following exception:\n\n", stderr);
        } else if (e->context && !e->suppress_context) {
            print_one(e->context, depth + 1);
            fputs("\nDuring handling of the above exception, another exception occurred:\n\n", stderr);
        }
    }
    if (e->traceback && PV_IS_LIST(e->traceback) && pv_list_len(e->traceback)) {
        fputs("Traceback (most recent call last):\n", stderr);
        for (int64_t i = pv_list_len(e->traceback) - 1; i >= 0; i--) {
            PvVal ent = pv_list_get(e->traceback, i);
            fprintf(stderr, "  File \"%s\", line %ld, in %s\n",
                    pv_str_data(pv_tuple_get(ent, 0)), (long)pv_int_value(pv_tuple_get(ent, 1)),
                    pv_str_data(pv_tuple_get(ent, 2)));
        }
    }
    if (pv_isinstance(exc, pv_exc_SyntaxError) && e->base.dict) {
        /* File and line of the error, the line itself and a caret under the column. */
        PvVal fn = pv_dict_getc(e->base.dict, "filename");
        PvVal ln = pv_dict_getc(e->base.dict, "lineno");
        PvVal off = pv_dict_getc(e->base.dict, "offset");
        PvVal text = pv_dict_getc(e->base.dict, "text");
        if (fn && PV_IS_STR(fn) && ln && PV_IS_INT(ln)) {
            fprintf(stderr, "  File \"%s\", line %ld\n", pv_str_data(fn), (long)pv_int_value(ln));
            if (text && PV_IS_STR(text)) {
                const char *tx = pv_str_data(text);
                int skip = 0;
                while (tx[skip] == ' ' || tx[skip] == '\t') skip++;
                fprintf(stderr, "    %s\n", tx + skip);
                long col = off && PV_IS_INT(off) ? (long)pv_int_value(off) : 0;
                if (col > skip) fprintf(stderr, "    %*s^\n", (int)(col - 1 - skip), "");
            }
        }
        PvVal msg = pv_dict_getc(e->base.dict, "msg");
        fprintf(stderr, "%s: %s\n", pv_type(exc)->name, msg && PV_IS_STR(msg) ? pv_str_data(msg) : "invalid syntax");
        return;
    }
    PvVal line = pv_exc_format_line(exc);
    fprintf(stderr, "%s\n", pv_str_data(line));
}

void pv_print_exception(PvVal exc)
{
    PV_INEVITABLE(pv_thread());             /* output to stderr cannot be rolled back */
    fflush(stdout);
    print_one(exc, 0);
    fflush(stderr);
}

/* Appends a traceback entry as the exception leaves a frame. The exception may be an
 * instance made or raised before this transaction (a saved exception raised again). */
void pv_exc_add_traceback(PvVal exc, PvVal filename, int line, PvVal funcname)
{
    PvThread *t = pv_thread();
    PvException *e = (PvException *)exc;
    PV_READ(t, PV_OBJ(e));
    if (!e->traceback) {
        PvVal tb = pv_list_with_capacity(4);
        PV_WRITE(t, PV_OBJ(e));
        e->traceback = tb;
    }
    pv_list_append(e->traceback, pv_tuple_pack(3, filename, pv_int(line), funcname));
}

void pv_exc_init(void)
{
    pv_type_ready(&pv_type_BaseException);
    pv_type_add_method(&pv_type_BaseException, "__init__", exc_init, 1, -1);
    pv_type_add_method(&pv_type_BaseException, "with_traceback", exc_with_traceback, 2, 2);
#define PV_EXC_MAKE(n, b) \
    pv_exc_##n = pv_type_new_builtin_exception(#n, pv_exc_##b); \
    pvgc_add_root((uintptr_t *)&pv_exc_##n);
    PV_EXCEPTIONS(PV_EXC_MAKE)
#undef PV_EXC_MAKE
}
