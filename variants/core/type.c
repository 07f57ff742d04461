/* type.c — `type` and `object`: builtin and user-defined classes, instances, the MRO,
 * attribute lookup and assignment, descriptors (functions, static/class methods,
 * properties), and super().
 *
 * Lookups through the MRO are cached per thread, keyed by (type, name) and validated by
 * a global class epoch that is bumped whenever an attribute of a class is assigned or
 * deleted after the class was created; special methods of user classes are cached in
 * the type (dunder[]) under the same epoch. Thread-private caches need no locking. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"

_Atomic uint64_t pv_class_epoch = 1;
PvObject pv_class_state = {.type = &pv_type_object};
#define class_epoch pv_class_epoch

/* ---- MRO ----------------------------------------------------------------------- */

bool pv_is_subtype(PvType *t, PvType *base)
{
    if (t == base) return true;
    if (t->mro) {
        PvTuple *m = PV_TUPLE(t->mro);
        for (int64_t i = 0; i < m->len; i++)
            if (PV_TYPE(m->items[i]) == base) return true;
        return false;
    }
    for (PvType *b = t->base; b; b = b->base)
        if (b == base) return true;
    return false;
}

/* C3 linearisation of a class with the given bases. */
static PvVal compute_mro(PvType *t, PvVal bases)
{
    int64_t nb = pv_tuple_len(bases);
    PvVal seqs = pv_list_new(0);             /* lists being merged */
    for (int64_t i = 0; i < nb; i++) {
        PvType *b = PV_TYPE(pv_tuple_get(bases, i));
        pv_list_append(seqs, pv_list_from(pv_tuple_len(b->mro), PV_TUPLE(b->mro)->items));
    }
    pv_list_append(seqs, pv_list_from(nb, PV_TUPLE(bases)->items));
    PvVal out = pv_list_new(0);
    pv_list_append(out, PV_VAL(t));
    int64_t nseq = pv_list_len(seqs);
    for (;;) {
        bool any = false;
        PvVal cand = PV_NULL;
        for (int64_t i = 0; i < nseq && !cand; i++) {
            PvVal s = pv_list_get(seqs, i);
            if (pv_list_len(s) == 0) continue;
            any = true;
            PvVal head = pv_list_get(s, 0);
            bool in_tail = false;
            for (int64_t j = 0; j < nseq && !in_tail; j++) {
                PvVal s2 = pv_list_get(seqs, j);
                for (int64_t k = 1; k < pv_list_len(s2); k++)
                    if (pv_list_get(s2, k) == head) { in_tail = true; break; }
            }
            if (!in_tail) cand = head;
        }
        if (!any) break;
        if (!cand) {
            pv_raise(pv_exc_TypeError,
                     "Cannot create a consistent method resolution order (MRO)");
            return PV_NULL;
        }
        pv_list_append(out, cand);
        for (int64_t i = 0; i < nseq; i++) {
            PvVal s = pv_list_get(seqs, i);
            if (pv_list_len(s) && pv_list_get(s, 0) == cand) pv_list_pop(s, 0);
        }
    }
    return pv_sequence_to_tuple(out);
}

/* ---- lookup ------------------------------------------------------------------- */

static PvVal lookup_uncached(PvType *t, PvVal name)
{
    PvTuple *m = PV_TUPLE(t->mro);
    for (int64_t i = 0; i < m->len; i++) {
        PvType *b = PV_TYPE(m->items[i]);
        PV_READ(pv_thread(), PV_OBJ(b));
        PvVal v = pv_dict_get_str(b->dict, name);
        if (v) return v;
    }
    return PV_NULL;
}

PvVal pv_type_lookup(PvType *t, PvVal name)
{
    if (!(t->flags & PV_TYPE_HEAP) && !t->mro) return PV_NULL;
    PvThread *th = pv_thread();
    uint64_t epoch = atomic_load_explicit(&class_epoch, memory_order_acquire);
    size_t h = (((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 3)) & (PV_METHOD_CACHE_SIZE - 1);
    PvMethodCacheEntry *e = &th->mcache[h];
    if (e->type == t && e->name == name && e->epoch == epoch) {
        PV_READ_CLASSES(th);
        return e->value;
    }
    PvVal v = lookup_uncached(t, name);
    e->type = t;
    e->name = name;
    e->epoch = epoch;
    e->value = v;
    return v;
}

static const char *const dunder_names[PV_NDUNDERS] = {
#define PV_DUNDER_NAME(id, name) name,
    PV_DUNDERS(PV_DUNDER_NAME)
#undef PV_DUNDER_NAME
};
static PvVal dunder_strs[PV_NDUNDERS];

/* See PvType.plain_attrs. Called after the dunder slots were refreshed. */
static uint8_t plain_attrs(PvType *t)
{
    if ((t->flags & (PV_TYPE_HEAP | PV_TYPE_HAS_DICT)) != (PV_TYPE_HEAP | PV_TYPE_HAS_DICT) ||
        t->getattr || t->setattr || t->dunder[PV_DUNDER_setattr])
        return 0;
    PvTuple *m = PV_TUPLE(t->mro);
    for (int64_t i = 0; i < m->len; i++) {
        PvType *b = PV_TYPE(m->items[i]);
        if (!(b->flags & PV_TYPE_HEAP)) {
            if (b != &pv_type_object) return 0;
            continue;
        }
        int64_t pos = 0;
        PvVal k, v;
        while (pv_dict_next(b->dict, &pos, &k, &v))
            if (v && PV_HAS_TYPE(v, pv_type_property)) return 0;
    }
    return 1;
}

bool pv_type_plain_attrs(PvType *t)
{
    if (!(t->flags & PV_TYPE_HEAP)) return false;
    pv_type_dunder(t, PV_DUNDER_setattr);    /* refreshes the slots when stale */
    return __atomic_load_n(&t->plain_attrs, __ATOMIC_RELAXED);
}

/* Refreshes the cached special methods of a user class. Only methods defined by a
 * user class count (builtin bases supply their behaviour through the C slots). */
/* Threads may refresh the same class at once: the refresh runs in the class's
 * critical section, records the epoch it started from (a change during the refresh
 * leaves the slots marked stale), and the slots are single-word stores that a
 * lock-free reader sees whole (a value being replaced, never a torn one).
 * The slots and `version` are a cache, like the per-thread method cache and the
 * inline caches of vm.c: hints validated by the class epoch, stored without write
 * barriers. A backend that rolls back a write to a class dict must therefore bump
 * pv_class_epoch, so no cache filled from the rolled-back state is used again. */
static void refresh_dunders(PvType *t)
{
    PvThread *th = pv_thread();
    (void)th;                                /* unused when the hooks are empty */
    PV_CS_BEGIN(th, PV_OBJ(t));
    uint64_t epoch = atomic_load_explicit(&class_epoch, memory_order_acquire);
    if (__atomic_load_n(&t->version, __ATOMIC_RELAXED) != epoch) {
        for (int d = 0; d < PV_NDUNDERS; d++) {
            PvVal v = PV_NULL;
            PvTuple *m = PV_TUPLE(t->mro);
            for (int64_t i = 0; i < m->len; i++) {
                PvType *b = PV_TYPE(m->items[i]);
                if (!(b->flags & PV_TYPE_HEAP)) continue;
                v = pv_dict_get_str(b->dict, dunder_strs[d]);
                if (v) break;
            }
            __atomic_store_n(&t->dunder[d], v, __ATOMIC_RELAXED);
        }
        __atomic_store_n(&t->plain_attrs, plain_attrs(t), __ATOMIC_RELAXED);
        __atomic_store_n(&t->version, epoch, __ATOMIC_RELEASE);
    }
    PV_CS_END(th, PV_OBJ(t));
}

PvVal pv_dunder_str(PvDunder d) { return dunder_strs[d]; }

PvVal pv_type_dunder(PvType *t, PvDunder d)
{
    if (!(t->flags & PV_TYPE_HEAP)) return PV_NULL;
    if (PV_UNLIKELY(__atomic_load_n(&t->version, __ATOMIC_ACQUIRE) !=
                    atomic_load_explicit(&class_epoch, memory_order_relaxed)))
        refresh_dunders(t);
    return __atomic_load_n(&t->dunder[d], __ATOMIC_RELAXED);
}

PvVal pv_call_dunder(PvVal self, PvDunder d, int argc, PvVal *argv, bool *found)
{
    PvVal f = pv_type_dunder(pv_type(self), d);
    if (!f) {
        if (found) *found = false;
        return PV_NULL;
    }
    if (found) *found = true;
    PvVal args[8];
    if (argc > 7) pv_fatal("pv_call_dunder: too many arguments");
    args[0] = self;
    for (int i = 0; i < argc; i++) args[i + 1] = argv[i];
    return pv_call_unbound(f, self, argc + 1, args);
}

/* ---- descriptors -------------------------------------------------------------- */

/* What `obj.name` yields for a class attribute `v` found on type `owner`. */
static PvVal bind(PvVal v, PvVal obj, PvType *owner)
{
    if (PV_IS_SMALL(v)) return v;
    PvType *vt = PV_OBJ(v)->type;
    if (vt == &pv_type_function) return pv_method_new(v, obj);
    if (vt == &pv_type_builtin_function) {
        PvBuiltin *b = (PvBuiltin *)v;
        if (b->self) return v;               /* already bound (module function) */
        return pv_method_new(v, obj);
    }
    if (vt == &pv_type_staticmethod) return ((PvStaticMethod *)v)->func;
    if (vt == &pv_type_classmethod) return pv_method_new(((PvClassMethod *)v)->func, PV_VAL(owner));
    if (vt == &pv_type_property) {
        PvProperty *p = (PvProperty *)v;
        if (!p->fget) return pv_raise(pv_exc_AttributeError, "unreadable attribute");
        return pv_call1(p->fget, obj);
    }
    return v;
}

/* ---- attribute access ----------------------------------------------------------- */

static PvVal type_special_attr(PvType *t, PvVal name)
{
    const char *n = pv_str_data(name);
    if (n[0] != '_' || n[1] != '_') return PV_NULL;
    if (!strcmp(n, "__name__") || !strcmp(n, "__qualname__")) return t->name_str;
    if (!strcmp(n, "__mro__")) return t->mro;
    if (!strcmp(n, "__bases__")) return t->bases;
    if (!strcmp(n, "__base__")) return t->base ? PV_VAL(t->base) : pv_None;
    if (!strcmp(n, "__dict__")) return t->dict;
    if (!strcmp(n, "__module__")) return t->module ? t->module : pv_intern("builtins");
    if (!strcmp(n, "__class__")) return PV_VAL(&pv_type_type);
    return PV_NULL;
}

/* Attribute lookup on an object that is a class. */
static PvVal class_getattr(PvType *t, PvVal name)
{
    PvVal v = pv_type_lookup(t, name);
    if (v) {
        if (PV_IS_PTR(v)) {
            PvType *vt = PV_OBJ(v)->type;
            if (vt == &pv_type_staticmethod) return ((PvStaticMethod *)v)->func;
            if (vt == &pv_type_classmethod)
                return pv_method_new(((PvClassMethod *)v)->func, PV_VAL(t));
            if (vt == &pv_type_property) return v;
        }
        return v;
    }
    v = type_special_attr(t, name);
    if (v) return v;
    /* Methods of `type` itself (e.g. mro()). */
    v = pv_dict_get_str(pv_type_type.dict, name);
    if (v) return bind(v, PV_VAL(t), &pv_type_type);
    return PV_NULL;
}

/* An instance's dict, created on first use (most objects get one at their first
 * attribute store). */
static PvVal instance_dict(PvInstance *inst)
{
    PvThread *th = pv_thread();
    (void)th;
    PV_READ(th, PV_OBJ(inst));
    PvVal d = PV_LOAD_ACQUIRE(inst->dict);
    if (!d) {
        d = pv_dict_new();
        PV_WRITE(th, PV_OBJ(inst));
        PV_STORE_RELEASE(inst->dict, d);
    }
    return d;
}

PvVal pv_getattr_opt(PvVal o, PvVal name)
{
    PvType *t = pv_type(o);
    if (t == &pv_type_type) {
        PvVal v = class_getattr(PV_TYPE(o), name);
        return v;
    }
    if (t->getattr) {                        /* modules, functions, exceptions, ... */
        PvVal v = t->getattr(o, name);
        if (v || pv_err_occurred()) return v;
    }
    PvVal descr = pv_type_lookup(t, name);
    if (descr && PV_HAS_TYPE(descr, pv_type_property)) return bind(descr, o, t);
    if (t->flags & PV_TYPE_HAS_DICT) {
        PV_READ(pv_thread(), PV_OBJ(o));     /* the dict is created lazily */
        PvVal d = ((PvInstance *)o)->dict;
        if (d) {
            PvVal v = pv_dict_get_str(d, name);
            if (v) return v;
        }
    }
    if (descr) return bind(descr, o, t);
    if (!strcmp(pv_str_data(name), "__class__")) return PV_VAL(t);
    if (!strcmp(pv_str_data(name), "__dict__") && (t->flags & PV_TYPE_HAS_DICT))
        return instance_dict((PvInstance *)o);
    PvVal ga = pv_type_dunder(t, PV_DUNDER_getattr);
    if (ga) {
        PvVal args[2] = {o, name};
        PvVal r = pv_call_unbound(ga, o, 2, args);
        if (!r && pv_err_is(pv_exc_AttributeError)) pv_err_clear();
        return r;
    }
    return PV_NULL;
}

PvVal pv_getattr(PvVal o, PvVal name)
{
    PvVal v = pv_getattr_opt(o, name);
    if (v || pv_err_occurred()) return v;
    if (PV_IS_TYPE(o))
        return pv_raise(pv_exc_AttributeError, "type object '%s' has no attribute '%s'",
                        PV_TYPE(o)->name, pv_str_data(name));
    if (PV_HAS_TYPE(o, pv_type_module))
        return pv_raise(pv_exc_AttributeError, "module '%s' has no attribute '%s'",
                        pv_str_data(((PvModule *)o)->name), pv_str_data(name));
    return pv_raise(pv_exc_AttributeError, "'%s' object has no attribute '%s'",
                    pv_type_name(o), pv_str_data(name));
}

PvVal pv_getattrc(PvVal o, const char *name) { return pv_getattr(o, pv_intern(name)); }

int pv_setattr(PvVal o, PvVal name, PvVal value)
{
    PvType *t = pv_type(o);
    PvThread *th = pv_thread();
    (void)th;
    if (t == &pv_type_type) {
        PvType *cls = PV_TYPE(o);
        if (!(cls->flags & PV_TYPE_HEAP)) {
            pv_raise(pv_exc_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                     pv_str_data(name), cls->name);
            return -1;
        }
        PV_WRITE(th, PV_OBJ(cls));
        PV_WRITE(th, &pv_class_state);
        int r;
        if (value) r = pv_dict_set(cls->dict, name, value);
        else {
            r = pv_dict_del(cls->dict, name);
            if (r == 0) {
                pv_raise(pv_exc_AttributeError, "type object '%s' has no attribute '%s'",
                         cls->name, pv_str_data(name));
                return -1;
            }
            r = r < 0 ? -1 : 0;
        }
        atomic_fetch_add_explicit(&class_epoch, 1, memory_order_release);
        return r;
    }
    if (t->setattr) return t->setattr(o, name, value);
    PvVal descr = pv_type_lookup(t, name);
    if (descr && PV_HAS_TYPE(descr, pv_type_property)) {
        PvProperty *p = (PvProperty *)descr;
        if (!value || !p->fset) {
            pv_raise(pv_exc_AttributeError, "can't set attribute");
            return -1;
        }
        PvVal r = pv_call2(p->fset, o, value);
        return r ? 0 : -1;
    }
    PvVal sa = pv_type_dunder(t, PV_DUNDER_setattr);
    if (sa && value) {
        PvVal args[3] = {o, name, value};
        return pv_call_unbound(sa, o, 3, args) ? 0 : -1;
    }
    if (t->flags & PV_TYPE_HAS_DICT) {
        PvInstance *inst = (PvInstance *)o;
        PvVal dict = instance_dict(inst);
        if (value) return pv_dict_set(dict, name, value);
        int r = pv_dict_del(dict, name);
        if (r == 0) {
            pv_raise(pv_exc_AttributeError, "'%s' object has no attribute '%s'",
                     pv_type_name(o), pv_str_data(name));
            return -1;
        }
        return r < 0 ? -1 : 0;
    }
    if (pv_type_lookup(t, name))
        pv_raise(pv_exc_AttributeError, "'%s' object attribute '%s' is read-only",
                 pv_type_name(o), pv_str_data(name));
    else
        pv_raise(pv_exc_AttributeError, "'%s' object has no attribute '%s'",
                 pv_type_name(o), pv_str_data(name));
    return -1;
}

/* ---- instances ----------------------------------------------------------------- */

static void instance_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvInstance *)o)->dict, ctx);
}

/* Fresh and empty: its dict is created on the first attribute store (pv_setattr). */
PvVal pv_instance_new(PvType *cls)
{
    PvInstance *o = pvgc_alloc(pv_thread(), cls, cls->size);
    return PV_VAL(o);
}

static PvVal object_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)argv;
    int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
    if ((argc || nkw) && !pv_type_dunder(type, PV_DUNDER_init)) {
        if (type == &pv_type_object)
            return pv_raise(pv_exc_TypeError, "object() takes no arguments");
        return pv_raise(pv_exc_TypeError, "%s() takes no arguments", type->name);
    }
    if (type->flags & PV_TYPE_EXCEPTION) return pv_exc_new(type, pv_empty_tuple);
    return pv_instance_new(type);
}

static PvVal object_repr(PvVal self)
{
    PvType *t = pv_type(self);
    if (t->module && !pv_str_eq(t->module, pv_intern("builtins")))
        return pv_str_fmt("<%s.%s object at %p>", pv_str_data(t->module), t->name,
                          (void *)self);
    return pv_str_fmt("<%s object at %p>", t->name, (void *)self);
}

static int64_t object_hash(PvVal self)
{
    int64_t h = (int64_t)((uintptr_t)self >> 4);
    return h == -1 ? -2 : h;
}

static PvVal object_richcompare(PvVal a, PvVal b, int op)
{
    if (op == PV_EQ) return a == b ? pv_True : pv_NotImplemented;
    if (op == PV_NE) {
        /* Default __ne__ inverts __eq__ when the class defines one. */
        if (pv_type_dunder(pv_type(a), PV_DUNDER_eq)) {
            int r = pv_eq(a, b);
            if (r < 0) return PV_NULL;
            return pv_bool(!r);
        }
        return a != b ? pv_True : pv_NotImplemented;
    }
    return pv_NotImplemented;
}

static PvVal object_init(int argc, PvVal *argv)
{
    (void)argc; (void)argv;
    return pv_None;
}

/* object.__init_subclass__ etc. are not provided. */

PvType pv_type_object = {
    .ob = {.type = &pv_type_type},
    .name = "object",
    .size = sizeof(PvInstance),
    .flags = PV_TYPE_BASETYPE,
    .trace = instance_trace,
    .repr = object_repr,
    .hash = object_hash,
    .richcompare = object_richcompare,
    .new_ = object_new,
};

/* ---- type objects --------------------------------------------------------------- */

static void type_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvType *t = (PvType *)o;
    visit(t->bases, ctx);
    visit(t->mro, ctx);
    visit(t->dict, ctx);
    visit(t->name_str, ctx);
    visit(t->module, ctx);
    if (t->base) visit(PV_VAL(t->base), ctx);
    if (t->solid) visit(PV_VAL(t->solid), ctx);
    for (int i = 0; i < PV_NDUNDERS; i++) visit(t->dunder[i], ctx);
}

static PvVal type_repr(PvVal self)
{
    PvType *t = PV_TYPE(self);
    if (t->module && !pv_str_eq(t->module, pv_intern("builtins")))
        return pv_str_fmt("<class '%s.%s'>", pv_str_data(t->module), t->name);
    return pv_str_fmt("<class '%s'>", t->name);
}

/* Creates a class: type(name, bases, namespace). */
PvVal pv_type_create(PvVal name, PvVal bases, PvVal ns)
{
    if (!PV_IS_STR(name)) return pv_raise(pv_exc_TypeError, "type() argument 1 must be str");
    if (pv_tuple_len(bases) == 0) bases = pv_tuple_pack(1, PV_VAL(&pv_type_object));
    PvType *solid = NULL;
    for (int64_t i = 0; i < pv_tuple_len(bases); i++) {
        PvVal b = pv_tuple_get(bases, i);
        if (!PV_IS_TYPE(b))
            return pv_raise(pv_exc_TypeError, "bases must be types");
        PvType *bt = PV_TYPE(b);
        if (!(bt->flags & PV_TYPE_BASETYPE))
            return pv_raise(pv_exc_TypeError, "type '%s' is not an acceptable base type",
                            bt->name);
        PvType *s = bt->solid ? bt->solid : bt;
        if (!solid || pv_is_subtype(s, solid)) solid = s;
        else if (!pv_is_subtype(solid, s))
            return pv_raise(pv_exc_TypeError,
                            "multiple bases have instance lay-out conflict");
    }
    PvType *t = PV_NEW(PvType, &pv_type_type);   /* fresh: no barriers below */
    t->name_str = pv_str_intern(name);
    t->name = pv_str_data(t->name_str);
    t->base = PV_TYPE(pv_tuple_get(bases, 0));
    t->bases = bases;
    t->solid = solid;
    /* Instances get a __dict__ only when the layout has one (object, exceptions);
     * subclasses of list, dict, str, int ... add methods but no instance attributes. */
    t->flags = PV_TYPE_HEAP | PV_TYPE_BASETYPE |
               (solid->flags & (PV_TYPE_EXCEPTION | PV_TYPE_LOCKABLE)) |
               (solid == &pv_type_object ? PV_TYPE_HAS_DICT : (solid->flags & PV_TYPE_HAS_DICT));
    t->size = solid->size;
    /* Behaviour comes from the solid base; special methods through dunder[]. */
    t->trace = solid->trace;
    t->repr = solid->repr;
    t->str = solid->str;
    t->hash = solid->hash;
    t->richcompare = solid->richcompare;
    t->iter = solid->iter;
    t->iternext = solid->iternext;
    t->call = solid->call;
    t->getattr = solid->getattr;
    t->setattr = NULL;
    t->len = solid->len;
    t->getitem = solid->getitem;
    t->setitem = solid->setitem;
    t->contains = solid->contains;
    t->new_ = solid->new_;
    t->dict = pv_dict_copy(ns);
    t->mro = compute_mro(t, bases);
    if (!t->mro) return PV_NULL;
    PvVal mod = pv_dict_getc(t->dict, "__module__");
    t->module = (mod && PV_IS_STR(mod)) ? mod : PV_NULL;
    /* __eq__ without __hash__ makes instances unhashable, as in Python. */
    if (pv_dict_getc(t->dict, "__eq__") && !pv_dict_getc(t->dict, "__hash__"))
        pv_dict_setc(t->dict, "__hash__", pv_None);
    refresh_dunders(t);
    return PV_VAL(t);
}

/* The builtin constructor of a subclass's solid base made `obj`, of the base type:
 * give it the subclass's type. Mutable containers are fresh objects and are retyped in
 * place; immutable ones may be shared (small ints, cached strings) and are copied. */
static PvVal retype(PvVal obj, PvType *t)
{
    PvType *s = t->solid;
    if (s == &pv_type_int) {
        PvInt *o = pvgc_alloc(pv_thread(), t, sizeof(PvInt));
        o->value = pv_int_value(obj);
        return PV_VAL(o);
    }
    if (s == &pv_type_float) {
        PvFloat *o = pvgc_alloc(pv_thread(), t, sizeof(PvFloat));
        o->value = PV_FLOAT(obj)->value;
        return PV_VAL(o);
    }
    if (s == &pv_type_str) {
        PvStr *src = PV_STR(obj);
        PvStr *o = pvgc_alloc(pv_thread(), t, sizeof(PvStr) + (size_t)src->len + 1);
        o->len = src->len;
        o->ncp = src->ncp;
        memcpy(o->data, src->data, (size_t)src->len + 1);
        return PV_VAL(o);
    }
    if (s == &pv_type_tuple) {
        PvTuple *src = PV_TUPLE(obj);
        PvTuple *o = pvgc_alloc(pv_thread(), t, sizeof(PvTuple) + (size_t)src->len * sizeof(PvVal));
        o->len = src->len;
        memcpy(o->items, src->items, (size_t)src->len * sizeof(PvVal));
        return PV_VAL(o);
    }
    if (PV_IS_PTR(obj) && (s == &pv_type_list || s == &pv_type_dict || s == &pv_type_set))
        PV_OBJ(obj)->type = t;
    return obj;
}

static PvVal type_call(PvVal self, int argc, PvVal *argv, PvVal kwnames)
{
    PvType *t = PV_TYPE(self);
    if (t == &pv_type_type) {
        int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
        if (argc == 1 && !nkw) return PV_VAL(pv_type(argv[0]));
        if (argc == 3 && !nkw) {
            if (!PV_IS_TUPLE(argv[1]) || !PV_IS_DICT(argv[2]))
                return pv_raise(pv_exc_TypeError, "type() arguments must be (str, tuple, dict)");
            return pv_type_create(argv[0], argv[1], argv[2]);
        }
        return pv_raise(pv_exc_TypeError, "type() takes 1 or 3 arguments");
    }
    if (!t->new_) return pv_raise(pv_exc_TypeError, "cannot create '%s' instances", t->name);
    PvVal obj;
    PvVal newf = pv_type_dunder(t, PV_DUNDER_new);
    if (newf) {
        PvVal fn = newf;
        if (PV_HAS_TYPE(fn, pv_type_staticmethod)) fn = ((PvStaticMethod *)fn)->func;
        int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
        PvVal tmp = pv_tuple_new(argc + nkw + 1);
        PV_TUPLE(tmp)->items[0] = self;
        for (int i = 0; i < argc + nkw; i++) PV_TUPLE(tmp)->items[i + 1] = argv[i];
        obj = pv_call(fn, argc + 1, PV_TUPLE(tmp)->items, kwnames);
    } else {
        obj = t->new_(t, argc, argv, kwnames);
        if (obj && (t->flags & PV_TYPE_HEAP) && pv_type(obj) == t->solid && t->solid != &pv_type_object)
            obj = retype(obj, t);
    }
    if (!obj) return PV_NULL;
    if (!pv_isinstance(obj, t)) return obj;
    PvVal init = pv_type_dunder(t, PV_DUNDER_init);
    if (init) {
        int nkw = kwnames ? (int)pv_tuple_len(kwnames) : 0;
        PvVal tmp = pv_tuple_new(argc + nkw + 1);
        PV_TUPLE(tmp)->items[0] = obj;
        for (int i = 0; i < argc + nkw; i++) PV_TUPLE(tmp)->items[i + 1] = argv[i];
        PvVal r = pv_call(init, argc + 1, PV_TUPLE(tmp)->items, kwnames);
        if (!r) return PV_NULL;
        if (r != pv_None)
            return pv_raise(pv_exc_TypeError, "__init__() should return None, not '%s'",
                            pv_type_name(r));
    }
    return obj;
}

static PvVal type_mro_method(int argc, PvVal *argv)
{
    (void)argc;
    return pv_sequence_to_list(PV_TYPE(argv[0])->mro);
}

static int64_t type_hash(PvVal self) { return object_hash(self); }

PvType pv_type_type = {
    .ob = {.type = &pv_type_type},
    .name = "type",
    .flags = PV_TYPE_LOCKABLE,
    .size = sizeof(PvType),
    .trace = type_trace,
    .repr = type_repr,
    .hash = type_hash,
    .richcompare = object_richcompare,
    .call = type_call,
};

/* ---- builtin type set-up ------------------------------------------------------ */

/* Special methods of builtin types, so that super().__setitem__(k, v) and friends in
 * a subclass reach the builtin behaviour. Each wrapper calls the slot of the receiver's
 * builtin base (its solid type), never the generic operation, which would dispatch
 * back to the subclass's override. */
static PvType *solid_of(PvVal self) { return pv_type(self)->solid ? pv_type(self)->solid : pv_type(self); }

static PvVal w_getitem(int argc, PvVal *argv) { (void)argc; return solid_of(argv[0])->getitem(argv[0], argv[1]); }
static PvVal w_setitem(int argc, PvVal *argv)
{
    (void)argc;
    return solid_of(argv[0])->setitem(argv[0], argv[1], argv[2]) < 0 ? PV_NULL : pv_None;
}
static PvVal w_delitem(int argc, PvVal *argv)
{
    (void)argc;
    return solid_of(argv[0])->setitem(argv[0], argv[1], PV_NULL) < 0 ? PV_NULL : pv_None;
}
static PvVal w_len(int argc, PvVal *argv)
{
    (void)argc;
    int64_t n = solid_of(argv[0])->len(argv[0]);
    return n < 0 ? PV_NULL : pv_int(n);
}
static PvVal w_contains(int argc, PvVal *argv)
{
    (void)argc;
    int r = solid_of(argv[0])->contains(argv[0], argv[1]);
    return r < 0 ? PV_NULL : pv_bool(r);
}
static PvVal w_iter(int argc, PvVal *argv) { (void)argc; return solid_of(argv[0])->iter(argv[0]); }
static PvVal w_repr(int argc, PvVal *argv) { (void)argc; return solid_of(argv[0])->repr(argv[0]); }
static PvVal w_hash(int argc, PvVal *argv)
{
    (void)argc;
    int64_t h = solid_of(argv[0])->hash(argv[0]);
    return h == -1 ? PV_NULL : pv_int(h);
}
static PvVal w_cmp(PvVal *argv, int op) { return solid_of(argv[0])->richcompare(argv[0], argv[1], op); }
static PvVal w_eq(int argc, PvVal *argv) { (void)argc; return w_cmp(argv, PV_EQ); }
static PvVal w_ne(int argc, PvVal *argv) { (void)argc; return w_cmp(argv, PV_NE); }
static PvVal w_lt(int argc, PvVal *argv) { (void)argc; return w_cmp(argv, PV_LT); }
static PvVal w_le(int argc, PvVal *argv) { (void)argc; return w_cmp(argv, PV_LE); }
static PvVal w_gt(int argc, PvVal *argv) { (void)argc; return w_cmp(argv, PV_GT); }
static PvVal w_ge(int argc, PvVal *argv) { (void)argc; return w_cmp(argv, PV_GE); }

static void add_wrapper(PvType *t, const char *name, PvCFunc fn, int n)
{
    PvVal key = pv_intern(name);
    if (!pv_dict_get_str(t->dict, key)) pv_dict_set(t->dict, key, pv_builtin_new(name, fn, n, n));
}

static void add_slot_wrappers(PvType *t)
{
    if (t->getitem) add_wrapper(t, "__getitem__", w_getitem, 2);
    if (t->setitem) { add_wrapper(t, "__setitem__", w_setitem, 3); add_wrapper(t, "__delitem__", w_delitem, 2); }
    if (t->len) add_wrapper(t, "__len__", w_len, 1);
    if (t->contains) add_wrapper(t, "__contains__", w_contains, 2);
    if (t->iter) add_wrapper(t, "__iter__", w_iter, 1);
    if (t->repr && t != &pv_type_object) add_wrapper(t, "__repr__", w_repr, 1);
    if (t->hash && t != &pv_type_object) add_wrapper(t, "__hash__", w_hash, 1);
    if (t->richcompare && t != &pv_type_object && t != &pv_type_type) {
        add_wrapper(t, "__eq__", w_eq, 2);
        add_wrapper(t, "__ne__", w_ne, 2);
        add_wrapper(t, "__lt__", w_lt, 2);
        add_wrapper(t, "__le__", w_le, 2);
        add_wrapper(t, "__gt__", w_gt, 2);
        add_wrapper(t, "__ge__", w_ge, 2);
    }
}

/* Start-up only (one thread, before any Python code runs): no barriers here or in
 * the pv_type_add_* helpers below. */
void pv_type_ready(PvType *t)
{
    if (t->mro) return;
    t->ob.type = &pv_type_type;
    if (!t->base && t != &pv_type_object) t->base = &pv_type_object;
    if (t->base) pv_type_ready(t->base);
    if (!t->dict) t->dict = pv_dict_new();
    t->name_str = pv_intern(t->name);
    if (!t->solid) t->solid = t;
    /* Inherit unset slots from the base. */
    PvType *b = t->base;
    if (b) {
        /* A type with a layout of its own traces its own fields (or none). */
        if (!t->trace && (!t->size || t->size == b->size)) t->trace = b->trace;
        if (!t->repr) t->repr = b->repr;
        if (!t->hash && !t->richcompare) t->hash = b->hash;
        if (!t->richcompare) t->richcompare = b->richcompare;
        if (!t->getattr) t->getattr = b->getattr;
        if (!t->size) t->size = b->size;
        t->flags |= b->flags & PV_TYPE_EXCEPTION;
    }
    int n = 0;
    for (PvType *x = t; x; x = x->base) n++;
    PvVal mro = pv_tuple_new(n);
    int i = 0;
    for (PvType *x = t; x; x = x->base) PV_TUPLE(mro)->items[i++] = PV_VAL(x);
    t->mro = mro;
    t->bases = t->base ? pv_tuple_pack(1, PV_VAL(t->base)) : pv_empty_tuple;
    pvgc_add_static_object(t);
    add_slot_wrappers(t);
}

void pv_type_add_method(PvType *t, const char *name, PvCFunc fn, int min_args, int max_args)
{
    if (!t->dict) t->dict = pv_dict_new();
    pv_dict_set(t->dict, pv_intern(name), pv_builtin_new(name, fn, min_args, max_args));
}

void pv_type_add_method_kw(PvType *t, const char *name, PvCFuncKw fn)
{
    if (!t->dict) t->dict = pv_dict_new();
    pv_dict_set(t->dict, pv_intern(name), pv_builtin_kw(name, fn));
}

void pv_type_add_value(PvType *t, const char *name, PvVal v)
{
    if (!t->dict) t->dict = pv_dict_new();
    pv_dict_set(t->dict, pv_intern(name), v);
}

PvVal pv_type_name_str(PvVal v) { return pv_type(v)->name_str; }
const char *pv_type_name(PvVal v) { return pv_type(v)->name; }

/* ---- staticmethod, classmethod, property ---------------------------------------- */

static void wrap_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvStaticMethod *)o)->func, ctx);
}

static PvVal staticmethod_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)kwnames;
    if (argc != 1) return pv_raise(pv_exc_TypeError, "%s expected 1 argument", type->name);
    PvStaticMethod *s = PV_NEW(PvStaticMethod, type);
    s->func = argv[0];
    return PV_VAL(s);
}

PvType pv_type_staticmethod = {
    .name = "staticmethod", .size = sizeof(PvStaticMethod), .trace = wrap_trace,
    .new_ = staticmethod_new, .flags = PV_TYPE_BASETYPE,
};
PvType pv_type_classmethod = {
    .name = "classmethod", .size = sizeof(PvClassMethod), .trace = wrap_trace,
    .new_ = staticmethod_new, .flags = PV_TYPE_BASETYPE,
};

static void property_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    visit(((PvProperty *)o)->fget, ctx);
    visit(((PvProperty *)o)->fset, ctx);
}

static PvVal property_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    PvVal a[4];
    if (!pv_parse_args("property", argc, argv, kwnames, 4, names, 0, a)) return PV_NULL;
    PvProperty *p = PV_NEW(PvProperty, type);
    p->fget = (a[0] && a[0] != pv_None) ? a[0] : PV_NULL;
    p->fset = (a[1] && a[1] != pv_None) ? a[1] : PV_NULL;
    return PV_VAL(p);
}

static PvVal property_setter(int argc, PvVal *argv)
{
    (void)argc;
    PvProperty *old = (PvProperty *)argv[0];
    PvProperty *p = PV_NEW(PvProperty, &pv_type_property);
    p->fget = old->fget;
    p->fset = argv[1];
    return PV_VAL(p);
}

PvType pv_type_property = {
    .name = "property", .size = sizeof(PvProperty), .trace = property_trace,
    .new_ = property_new,
};

/* ---- super() ----------------------------------------------------------------------- */

static void super_trace(PvObject *o, PvVisitFn visit, void *ctx)
{
    PvSuper *s = (PvSuper *)o;
    visit(PV_VAL(s->type), ctx);
    visit(s->obj, ctx);
    visit(PV_VAL(s->obj_type), ctx);
}

PvVal pv_super_new(PvType *type, PvVal obj)
{
    PvSuper *s = PV_NEW(PvSuper, &pv_type_super);
    s->type = type;
    s->obj = obj;
    s->obj_type = PV_IS_TYPE(obj) && pv_is_subtype(PV_TYPE(obj), type) ? PV_TYPE(obj) : pv_type(obj);
    return PV_VAL(s);
}

static PvVal super_getattr(PvVal self, PvVal name)
{
    PvSuper *s = (PvSuper *)self;
    PvTuple *m = PV_TUPLE(s->obj_type->mro);
    int64_t i = 0;
    while (i < m->len && PV_TYPE(m->items[i]) != s->type) i++;
    for (i++; i < m->len; i++) {
        PvType *b = PV_TYPE(m->items[i]);
        PvVal v = pv_dict_get_str(b->dict, name);
        if (v) {
            if (PV_IS_TYPE(s->obj) && s->obj_type == PV_TYPE(s->obj)) {
                /* super() in a classmethod: bind classmethods to the class. */
                if (PV_HAS_TYPE(v, pv_type_classmethod))
                    return pv_method_new(((PvClassMethod *)v)->func, s->obj);
                if (PV_HAS_TYPE(v, pv_type_staticmethod)) return ((PvStaticMethod *)v)->func;
                return v;
            }
            return bind(v, s->obj, s->obj_type);
        }
    }
    return pv_raise(pv_exc_AttributeError, "'super' object has no attribute '%s'",
                    pv_str_data(name));
}

static PvVal super_new(PvType *type, int argc, PvVal *argv, PvVal kwnames)
{
    (void)type; (void)kwnames;
    if (argc == 2) {
        if (!PV_IS_TYPE(argv[0]))
            return pv_raise(pv_exc_TypeError, "super() argument 1 must be a type");
        return pv_super_new(PV_TYPE(argv[0]), argv[1]);
    }
    if (argc == 0) return pv_super_zero_args();
    return pv_raise(pv_exc_TypeError, "super() takes 0 or 2 arguments");
}

PvType pv_type_super = {
    .name = "super", .size = sizeof(PvSuper), .trace = super_trace,
    .getattr = super_getattr, .new_ = super_new,
};

/* After a collection: objects may have died and their addresses been reused, so no
 * cache keyed by an address may survive. */
void pv_type_invalidate_caches(void)
{
    atomic_fetch_add_explicit(&class_epoch, 1, memory_order_release);
}

void pv_type_init(void)
{
    for (int d = 0; d < PV_NDUNDERS; d++) {
        dunder_strs[d] = pv_intern(dunder_names[d]);
        pvgc_add_root(&dunder_strs[d]);
    }
    pv_type_ready(&pv_type_object);
    pv_type_ready(&pv_type_type);
    pv_type_add_method(&pv_type_object, "__init__", object_init, 1, -1);
    pv_type_add_method(&pv_type_type, "mro", type_mro_method, 1, 1);
    pv_type_ready(&pv_type_staticmethod);
    pv_type_ready(&pv_type_classmethod);
    pv_type_ready(&pv_type_property);
    pv_type_add_method(&pv_type_property, "setter", property_setter, 2, 2);
    pv_type_ready(&pv_type_super);
}
