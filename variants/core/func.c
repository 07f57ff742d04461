/* func.c — callables and their containers: code objects, Python functions, builtin
 * (C) functions, bound methods, cells, modules and raw bytes. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "pvhash.h"

/* ---- bytes (raw, internal) --------------------------------------------------------- */

PvVal pv_bytes_new(const void *data, int64_t len)
{
    PvBytes *b = pvgc_alloc(pv_thread(), &pv_type_bytes, sizeof(PvBytes) + (size_t)len + 1);
    b->len = len;
    if (data && len) memcpy(b->data, data, (size_t)len);
    return PV_VAL(b);
}

PvType pv_type_bytes = {.name = "bytes", .size = sizeof(PvBytes), .flags = PV_TYPE_IMMUTABLE};

/* ---- code ------------------------------------------------------------------------- */

static void code_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvCode *c = (PvCode *)o;
    visit(c->bytecode, ctx);
    visit(c->consts, ctx);
    visit(c->names, ctx);
    visit(c->varnames, ctx);
    visit(c->cellvars, ctx);
    visit(c->freevars, ctx);
    visit(c->name, ctx);
    visit(c->qualname, ctx);
    visit(c->filename, ctx);
    visit(c->linetable, ctx);
    visit(c->cell2arg_store, ctx);
    visit(c->caches_store, ctx);
}

static PvVal code_repr(PvVal self)
{
    PvCode *c = (PvCode *)self;
    return pv_str_fmt("<code object %s, file \"%s\", line %d>", pv_str_data(c->name),
                      pv_str_data(c->filename), c->firstline);
}

PvType pv_type_code = {.name = "code", .size = sizeof(PvCode), .flags = PV_TYPE_IMMUTABLE,
                       .trace = code_trace, .repr = code_repr};

/* ---- functions --------------------------------------------------------------------- */

static void function_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvFunction *f = (PvFunction *)o;
    visit(PV_VAL(f->code), ctx);
    visit(f->globals, ctx);
    visit(f->defaults, ctx);
    visit(f->kwdefaults, ctx);
    visit(f->closure, ctx);
    visit(f->name, ctx);
    visit(f->qualname, ctx);
    visit(f->dict, ctx);
    visit(f->module, ctx);
}

/* Of a function's fields only __name__, __qualname__ and the attribute dict change
 * after creation (code, globals, defaults, kwdefaults and closure are set once, on the
 * fresh object, by MAKE_FUNCTION), so only those take barriers. */
PvVal pv_function_new(PvCode *code, PvVal globals, PvVal qualname)
{
    PvFunction *f = PV_NEW(PvFunction, &pv_type_function);
    f->code = code;
    f->globals = globals;
    f->name = code->name;
    f->qualname = qualname ? qualname : code->qualname;
    PvVal mod = pv_dict_getc(globals, "__name__");
    f->module = mod ? mod : pv_None;
    return PV_VAL(f);
}

static PvVal function_repr(PvVal self)
{
    PV_READ(pv_thread(), PV_OBJ(self));
    return pv_str_fmt("<function %s at %p>", pv_str_data(((PvFunction *)self)->qualname),
                      (void *)self);
}

static PvVal function_call(PvVal self, int argc, PvVal *argv, PvVal kwnames)
{
    return pv_call_function((PvFunction *)self, argc, argv, kwnames);
}

/* The attribute dict, created on first use. */
static PvVal function_dict(PvThread *t, PvFunction *f)
{
    if (!f->dict) {
        PvVal d = pv_dict_new();
        PV_WRITE(t, PV_OBJ(f));
        f->dict = d;
    }
    return f->dict;
}

static PvVal function_getattr(PvVal self, PvVal name)
{
    PvThread *t = pv_thread();
    PvFunction *f = (PvFunction *)self;
    const char *n = pv_str_data(name);
    PV_READ(t, PV_OBJ(f));
    if (n[0] == '_' && n[1] == '_') {
        if (!strcmp(n, "__name__")) return f->name;
        if (!strcmp(n, "__qualname__")) return f->qualname;
        if (!strcmp(n, "__module__")) return f->module;
        if (!strcmp(n, "__defaults__")) return f->defaults ? f->defaults : pv_None;
        if (!strcmp(n, "__code__")) return PV_VAL(f->code);
        if (!strcmp(n, "__globals__")) return f->globals;
        if (!strcmp(n, "__doc__")) {
            PvVal c0 = pv_tuple_len(f->code->consts) ? pv_tuple_get(f->code->consts, 0) : pv_None;
            return PV_IS_STR(c0) && (f->code->flags & PV_CODE_NEWLOCALS) ? c0 : pv_None;
        }
        if (!strcmp(n, "__dict__")) return function_dict(t, f);
    }
    if (f->dict) return pv_dict_get_str(f->dict, name);
    return PV_NULL;
}

static int function_setattr(PvVal self, PvVal name, PvVal value)
{
    PvThread *t = pv_thread();
    PvFunction *f = (PvFunction *)self;
    PV_WRITE(t, PV_OBJ(f));
    if (!strcmp(pv_str_data(name), "__name__") && value && PV_IS_STR(value)) { f->name = value; return 0; }
    if (!strcmp(pv_str_data(name), "__qualname__") && value && PV_IS_STR(value)) { f->qualname = value; return 0; }
    PvVal d = function_dict(t, f);
    if (value) return pv_dict_set(d, name, value);
    return pv_dict_del(d, name) > 0 ? 0 : -1;
}

PvType pv_type_function = {
    .name = "function", .size = sizeof(PvFunction), .trace = function_trace,
    .repr = function_repr, .call = function_call, .getattr = function_getattr,
    .setattr = function_setattr,
};

/* ---- builtin functions ------------------------------------------------------------- */

static void builtin_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvBuiltin *)o)->self, ctx);
}

PvVal pv_builtin_new(const char *name, PvCFunc fn, int min_args, int max_args)
{
    PvBuiltin *b = PV_NEW(PvBuiltin, &pv_type_builtin_function);
    b->name = name;
    b->fn = fn;
    b->min_args = min_args;
    b->max_args = max_args;
    return PV_VAL(b);
}

PvVal pv_builtin_kw(const char *name, PvCFuncKw fn)
{
    PvBuiltin *b = PV_NEW(PvBuiltin, &pv_type_builtin_function);
    b->name = name;
    b->fnkw = fn;
    b->max_args = -1;
    return PV_VAL(b);
}

/* Calls a builtin with the receiver (if bound) prepended. */
PvVal pv_builtin_call(PvBuiltin *b, int argc, PvVal *argv, PvVal kwnames)
{
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    if (b->fn) {
        if (nkw)
            return pv_raise(pv_exc_TypeError, "%s() takes no keyword arguments", b->name);
        if (argc < b->min_args || (b->max_args >= 0 && argc > b->max_args)) {
            /* Report in Python terms: methods do not count self. */
            bool method = b->min_args > 0 && argc > 0 && b->self == PV_NULL && false;
            (void)method;
            if (b->min_args == b->max_args)
                return pv_raise(pv_exc_TypeError, "%s() takes exactly %d argument%s (%d given)",
                                b->name, b->min_args, b->min_args == 1 ? "" : "s", argc);
            if (argc < b->min_args)
                return pv_raise(pv_exc_TypeError, "%s expected at least %d argument%s, got %d",
                                b->name, b->min_args, b->min_args == 1 ? "" : "s", argc);
            return pv_raise(pv_exc_TypeError, "%s expected at most %d argument%s, got %d",
                            b->name, b->max_args, b->max_args == 1 ? "" : "s", argc);
        }
        return b->fn(argc, argv);
    }
    return b->fnkw(argc, argv, kwnames);
}

static PvVal builtin_call_slot(PvVal self, int argc, PvVal *argv, PvVal kwnames)
{
    PvBuiltin *b = (PvBuiltin *)self;
    if (!b->self) return pv_builtin_call(b, argc, argv, kwnames);
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    PvVal tmp = pv_tuple_new(argc + nkw + 1);
    PV_TUPLE(tmp)->items[0] = b->self;
    memcpy(PV_TUPLE(tmp)->items + 1, argv, (size_t)(argc + nkw) * sizeof(PvVal));
    return pv_builtin_call(b, argc + 1, PV_TUPLE(tmp)->items, kwnames);
}

static PvVal builtin_repr(PvVal self)
{
    PvBuiltin *b = (PvBuiltin *)self;
    return pv_str_fmt("<built-in function %s>", b->name);
}

static PvVal builtin_getattr(PvVal self, PvVal name)
{
    if (!strcmp(pv_str_data(name), "__name__") || !strcmp(pv_str_data(name), "__qualname__"))
        return pv_str_cstr(((PvBuiltin *)self)->name);
    return PV_NULL;
}

PvType pv_type_builtin_function = {
    .name = "builtin_function_or_method", .size = sizeof(PvBuiltin), .trace = builtin_trace,
    .repr = builtin_repr, .call = builtin_call_slot, .getattr = builtin_getattr,
};

/* ---- bound methods ------------------------------------------------------------------ */

static void method_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvMethod *)o)->func, ctx);
    visit(((PvMethod *)o)->self, ctx);
}

PvVal pv_method_new(PvVal func, PvVal self)
{
    PvMethod *m = PV_NEW(PvMethod, &pv_type_method);
    m->func = func;
    m->self = self;
    return PV_VAL(m);
}

static PvVal method_call(PvVal selfv, int argc, PvVal *argv, PvVal kwnames)
{
    PvMethod *m = (PvMethod *)selfv;
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    PvVal small[8];
    PvVal *args = small;
    PvVal tmp = PV_NULL;
    if (argc + nkw + 1 > 8) {
        tmp = pv_tuple_new(argc + nkw + 1);
        args = PV_TUPLE(tmp)->items;
    }
    args[0] = m->self;
    memcpy(args + 1, argv, (size_t)(argc + nkw) * sizeof(PvVal));
    PvVal r = pv_call(m->func, argc + 1, args, kwnames);
    (void)tmp;
    return r;
}

static PvVal method_repr(PvVal self)
{
    PvMethod *m = (PvMethod *)self;
    PvVal name = pv_getattr_opt(m->func, pv_intern("__qualname__"));
    PvVal r = pv_repr(m->self);
    if (!name || !r) { pv_err_clear(); return pv_intern("<bound method>"); }
    return pv_str_fmt("<bound method %s of %s>", pv_str_data(name), pv_str_data(r));
}

static PvVal method_getattr(PvVal self, PvVal name)
{
    PvMethod *m = (PvMethod *)self;
    if (!strcmp(pv_str_data(name), "__self__")) return m->self;
    if (!strcmp(pv_str_data(name), "__func__")) return m->func;
    return pv_getattr_opt(m->func, name);
}

static PvVal method_richcompare(PvVal a, PvVal b, int op)
{
    if ((op != PV_EQ && op != PV_NE) || !PV_HAS_TYPE(b, pv_type_method)) return pv_NotImplemented;
    PvMethod *x = (PvMethod *)a, *y = (PvMethod *)b;
    bool eq = x->func == y->func && x->self == y->self;
    return pv_bool(op == PV_EQ ? eq : !eq);
}

static int64_t method_hash(PvVal self)
{
    PvMethod *m = (PvMethod *)self;
    return pvhash_fix(pvhash_pointer((void *)m->func) ^ pvhash_pointer((void *)m->self));
}

PvType pv_type_method = {
    .name = "method", .size = sizeof(PvMethod), .trace = method_trace,
    .repr = method_repr, .call = method_call, .getattr = method_getattr,
    .richcompare = method_richcompare, .hash = method_hash,
};

PvVal pv_classmethod_new(PvVal f)
{
    PvClassMethod *c = PV_NEW(PvClassMethod, &pv_type_classmethod);
    c->func = f;
    return PV_VAL(c);
}

PvVal pv_staticmethod_new(PvVal f)
{
    PvStaticMethod *c = PV_NEW(PvStaticMethod, &pv_type_staticmethod);
    c->func = f;
    return PV_VAL(c);
}

/* ---- cells -------------------------------------------------------------------------- */

static void cell_trace(PvObject *o, PvVisitFn visit, void *ctx) { visit(((PvCell *)o)->value, ctx); }

PvVal pv_cell_new(PvVal v)
{
    PvCell *c = PV_NEW(PvCell, &pv_type_cell);
    c->value = v;
    return PV_VAL(c);
}

PvType pv_type_cell = {.name = "cell", .size = sizeof(PvCell), .trace = cell_trace};

/* ---- modules ------------------------------------------------------------------------ */

static void module_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvModule *)o)->dict, ctx);
    visit(((PvModule *)o)->name, ctx);
}

PvVal pv_module_new(const char *name)
{
    PvModule *m = PV_NEW(PvModule, &pv_type_module);
    m->name = pv_str_cstr(name);
    m->dict = pv_dict_new();
    pv_dict_setc(m->dict, "__name__", m->name);
    return PV_VAL(m);
}

static PvVal module_getattr(PvVal self, PvVal name)
{
    PvModule *m = (PvModule *)self;
    PvVal v = pv_dict_get_str(m->dict, name);
    if (v) return v;
    if (!strcmp(pv_str_data(name), "__dict__")) return m->dict;
    return PV_NULL;
}

static int module_setattr(PvVal self, PvVal name, PvVal value)
{
    PvModule *m = (PvModule *)self;
    if (value) return pv_dict_set(m->dict, name, value);
    int r = pv_dict_del(m->dict, name);
    if (r == 0) {
        pv_raise(pv_exc_AttributeError, "module has no attribute '%s'", pv_str_data(name));
        return -1;
    }
    return r < 0 ? -1 : 0;
}

static PvVal module_repr(PvVal self)
{
    return pv_str_fmt("<module '%s'>", pv_str_data(((PvModule *)self)->name));
}

PvType pv_type_module = {
    .name = "module", .size = sizeof(PvModule), .trace = module_trace, .repr = module_repr,
    .getattr = module_getattr, .setattr = module_setattr,
};

void pv_func_init(void)
{
    pv_type_ready(&pv_type_bytes);
    pv_type_ready(&pv_type_code);
    pv_type_ready(&pv_type_function);
    pv_type_ready(&pv_type_builtin_function);
    pv_type_ready(&pv_type_method);
    pv_type_ready(&pv_type_cell);
    pv_type_ready(&pv_type_module);
}

/* ---- helpers for defining builtin modules ------------------------------------------- */

void pv_module_add(PvVal m, const char *name, PvVal v)
{
    pv_dict_set(((PvModule *)m)->dict, pv_intern(name), v);
}

void pv_module_add_func(PvVal m, const char *name, PvCFunc fn, int min_args, int max_args)
{
    pv_module_add(m, name, pv_builtin_new(name, fn, min_args, max_args));
}

void pv_module_add_func_kw(PvVal m, const char *name, PvCFuncKw fn)
{
    pv_module_add(m, name, pv_builtin_kw(name, fn));
}
