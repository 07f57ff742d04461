/* object.h — values, object layouts and the core's object API.
 *
 * A value (PvVal) is one machine word: either a small int (low bit 1, the int in the
 * upper 63 bits) or a pointer to a heap object (low bit 0). Ints that do not fit in 63
 * bits but fit in 64 are boxed (PvInt); beyond 64 bits, OverflowError (a documented
 * deviation from Python). PV_NULL (0) is never a Python value: a function returning
 * PvVal returns PV_NULL exactly when it has raised an exception (pv_thread()->exc).
 *
 * Every heap object starts with PvObject: its type and the backend's header fields.
 * Objects are allocated by the GC (gc.h), zero-filled, never moved.
 *
 * Mutable containers (list, dict, set, instance and class dicts, cells) keep their
 * storage in a separate GC object that carries its own capacity, so a reader racing
 * with a resize (no-GIL build) still reads inside a valid, maybe stale, array. */
#ifndef PARVM_OBJECT_H
#define PARVM_OBJECT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include "util.h"
#include "config.h"
#include "sync.h"

typedef uintptr_t PvVal;
#define PV_NULL ((PvVal)0)

typedef struct PvType PvType;
typedef struct PvThread PvThread;

typedef struct PvObject {
    PvType *type;
    PVSYNC_OBJ_HEADER
} PvObject;

/* The header of an object that no critical section ever takes (every layout but those
 * of lists, dicts and sets, types, random generators and str iterators; their types
 * carry PV_TYPE_LOCKABLE). A backend whose header fields serve only its critical
 * sections (PVSYNC_BARE_UNLOCKED, sync.h) leaves them out of these objects, which
 * then take the GIL build's slot sizes. Elsewhere it is PvObject. Either way `ob.type`
 * and PV_OBJ(v)->type are the type. */
#if PVSYNC_BARE_UNLOCKED
typedef struct PvBareObject { PvType *type; } PvBareObject;
#else
typedef PvObject PvBareObject;
#endif

#define PV_OBJ(v)        ((PvObject *)(v))
#define PV_VAL(p)        ((PvVal)(p))
#define PV_IS_SMALL(v)   (((v) & 1) != 0)
#define PV_IS_PTR(v)     (((v) & 1) == 0)
#define PV_SMALL_MIN     (-((int64_t)1 << 62))
#define PV_SMALL_MAX     (((int64_t)1 << 62) - 1)
#define PV_SMALL(n)      ((PvVal)(((uint64_t)(int64_t)(n) << 1) | 1))
#define PV_SMALL_VALUE(v) ((int64_t)(v) >> 1)

/* ---- types ------------------------------------------------------------------------ */

typedef void (*PvVisitFn)(PvVal v, void *ctx);
typedef PvVal (*PvCFunc)(int argc, PvVal *argv);          /* positional only */
typedef PvVal (*PvCFuncKw)(int argc, PvVal *argv, PvVal kwnames); /* + keywords */

enum {
    PV_TYPE_HEAP      = 1u << 0,  /* a class created by a `class` statement */
    PV_TYPE_BASETYPE  = 1u << 1,  /* may be subclassed */
    PV_TYPE_EXCEPTION = 1u << 2,  /* BaseException or a subclass */
    PV_TYPE_HAS_DICT  = 1u << 3,  /* instances have a __dict__ (PvInstance layout) */
    PV_TYPE_IMMUTABLE = 1u << 4,  /* instances never change after creation: no barriers */
    PV_TYPE_LOCKABLE  = 1u << 5,  /* instances may be a critical section's object: their
                                     header is PvObject, never PvBareObject */
};

/* Special methods looked up on user classes are cached in the type (the slot holds the
 * resolved function or PV_NULL), refreshed when a class attribute is assigned. */
#define PV_DUNDERS(X) \
    X(init, "__init__") X(new, "__new__") X(repr, "__repr__") X(str, "__str__") \
    X(eq, "__eq__") X(ne, "__ne__") X(lt, "__lt__") X(le, "__le__") X(gt, "__gt__") \
    X(ge, "__ge__") X(hash, "__hash__") X(bool, "__bool__") X(len, "__len__") \
    X(getitem, "__getitem__") X(setitem, "__setitem__") X(delitem, "__delitem__") \
    X(contains, "__contains__") X(iter, "__iter__") X(next, "__next__") \
    X(call, "__call__") X(enter, "__enter__") X(exit, "__exit__") \
    X(getattr, "__getattr__") X(setattr, "__setattr__") X(index, "__index__") \
    X(neg, "__neg__") X(pos, "__pos__") X(abs, "__abs__") X(invert, "__invert__") \
    X(int, "__int__") X(float, "__float__")

typedef enum PvDunder {
#define PV_DUNDER_ENUM(id, name) PV_DUNDER_##id,
    PV_DUNDERS(PV_DUNDER_ENUM)
#undef PV_DUNDER_ENUM
    PV_NDUNDERS
} PvDunder;

struct PvType {
    PvObject ob;
    const char *name;          /* C string (builtin) or the class's name (heap) */
    PvType *base;              /* first base; NULL only for object */
    PvVal bases;               /* tuple of types */
    PvVal mro;                 /* tuple of types, self first */
    PvVal dict;                /* the class namespace: a dict */
    PvVal name_str;            /* str */
    PvVal module;              /* str or PV_NULL */
    uint32_t flags;
    uint32_t size;             /* size of an instance in bytes (fixed-size types) */
    PvType *solid;             /* nearest builtin ancestor: decides the layout */
    PvVal dunder[PV_NDUNDERS]; /* heap types: cached special methods (see above) */
    uint64_t version;          /* bumped when the class or a base changes */
    /* Heap types, valid while `version` is the class epoch: 1 when an instance
     * attribute is found only in the instance dict, with nothing in the class in the
     * way: no property anywhere in the MRO, no __setattr__, no C-level getattr or
     * setattr. The inline caches of vm.c then serve every such type from one entry. */
    uint8_t plain_attrs;

    /* Behaviour of builtin types. NULL means "not supported". Heap types inherit these
     * from their solid base and are dispatched through dunder[] first. */
    void (*trace)(PvObject *o, PvVisitFn visit, void *ctx);
    PvVal (*repr)(PvVal self);
    PvVal (*str)(PvVal self);
    int64_t (*hash)(PvVal self);              /* -1 with exception set = error */
    PvVal (*richcompare)(PvVal a, PvVal b, int op);  /* may return pv_NotImplemented */
    PvVal (*iter)(PvVal self);
    PvVal (*iternext)(PvVal self);            /* PV_NULL w/o exception = exhausted */
    PvVal (*call)(PvVal self, int argc, PvVal *argv, PvVal kwnames);
    PvVal (*getattr)(PvVal self, PvVal name); /* instance-level lookup override */
    int (*setattr)(PvVal self, PvVal name, PvVal value); /* value PV_NULL = delete */
    int64_t (*len)(PvVal self);               /* -1 = error */
    PvVal (*getitem)(PvVal self, PvVal key);
    int (*setitem)(PvVal self, PvVal key, PvVal value);   /* value PV_NULL = delete */
    int (*contains)(PvVal self, PvVal key);   /* 1, 0, -1 = error */
    PvVal (*new_)(PvType *type, int argc, PvVal *argv, PvVal kwnames);
    PvVal (*descr_get)(PvVal descr, PvVal obj, PvType *owner); /* descriptors */
};

/* ---- object layouts ------------------------------------------------------------- */

typedef struct PvInt   { PvBareObject ob; int64_t value; } PvInt;     /* boxed 64-bit int */
#if PVSYNC_LEAN_FLOATS                                              /* see sync.h */
typedef struct PvFloat { PvType *type; double value; } PvFloat;
#else
typedef struct PvFloat { PvObject ob; double value; } PvFloat;
#endif
typedef struct PvBool  { PvBareObject ob; int64_t value; } PvBool;

typedef struct PvStr {
    PvBareObject ob;
    int64_t hash;        /* 0 = not computed yet (a real hash of 0 is stored as 1) */
    int64_t len;         /* bytes of UTF-8 */
    int64_t ncp;         /* code points */
    uint8_t interned;
    char data[];         /* len bytes, then a NUL */
} PvStr;

typedef struct PvTuple {
    PvBareObject ob;
    int64_t len;
    int64_t hash;        /* cached, 0 = not computed */
    PvVal items[];
} PvTuple;

/* Storage of a list: carries its own capacity. Slots [len, cap) hold PV_NULL. */
typedef struct PvArray {
    PvBareObject ob;
    int64_t cap;
    PvVal items[];
} PvArray;
extern PvType pv_type_array;     /* written only with PV_WRITE_ITEMS (sync.h) */

typedef struct PvList {
    PvObject ob;
    PvArray *arr;        /* replaced (never shrunk in place) on resize */
    int64_t len;         /* invariant (single-threaded): len <= arr->cap */
} PvList;

/* Dict and set: CPython-style compact, insertion-ordered table. The whole table (index
 * array + entry array) is one GC object carrying its own sizes; a resize builds a new
 * table and swaps the pointer, so a racing reader sees an old but valid table. */
typedef struct PvDictEntry {
    int64_t hash;
    PvVal key;           /* PV_NULL = deleted entry */
    PvVal value;
} PvDictEntry;

typedef struct PvDictTable {
    PvBareObject ob;
    int64_t nslots;      /* power of two: size of the index array */
    int64_t cap;         /* capacity of the entry array (2/3 of nslots) */
    int64_t nentries;    /* entries used, deleted ones included */
    PvDictEntry *entries;/* points inside this object, after the indices */
    int32_t index[];     /* -1 empty, -2 deleted, else entry number */
} PvDictTable;

typedef struct PvDict {
    PvObject ob;
    PvDictTable *table;
    int64_t used;        /* live entries */
    uint64_t version;    /* a fresh, process-unique tag after every mutation: equal
                            tags mean the same dict in the same state (caches) */
} PvDict;

typedef PvDict PvSet;    /* a set is a dict whose values are ignored (True) */

typedef struct PvRange { PvBareObject ob; int64_t start, stop, step, len; } PvRange;
typedef struct PvSlice { PvBareObject ob; PvVal start, stop, step; } PvSlice;

typedef struct PvCell  { PvBareObject ob; PvVal value; } PvCell;   /* PV_NULL = empty */

typedef struct PvInstance {           /* instances of classes deriving from object */
    PvBareObject ob;
    PvVal dict;                       /* PvDict */
} PvInstance;

typedef struct PvException {         /* BaseException and subclasses */
    PvInstance base;                  /* dict at the same offset as PvInstance */
    PvVal args;                       /* tuple */
    PvVal traceback;                  /* list of (filename, line, funcname) tuples */
    PvVal cause, context;             /* PV_NULL or exception */
    bool suppress_context;
} PvException;

typedef struct PvModule {
    PvBareObject ob;
    PvVal dict;
    PvVal name;
} PvModule;

/* Bytecode (see opcodes.h): 16-bit words, low byte opcode, high byte argument,
 * EXTENDED_ARG prefixes for larger arguments. */
/* An inline cache entry: one per instruction word of a code object (vm.c says what
 * each instruction keeps in it). Entries are checked against `epoch`, the class epoch
 * that every class mutation and every collection bumps, so a stale entry is never
 * used and the values it holds need not be GC roots. */
typedef struct PvCache {
    uint64_t epoch;
    uintptr_t key;         /* type, PV_CACHE_PLAIN (vm.c), or globals dict version */
    uint64_t key2;         /* builtins dict version, or LOAD_METHOD's second type */
    PvVal value;           /* method or global value */
    int64_t index;         /* entry index in an instance dict, or LOAD_METHOD's
                              second method */
    PVSYNC_CACHE_FIELDS
} PvCache;

typedef struct PvCode {
    PvBareObject ob;
    PvVal bytecode;        /* PvBytes: uint16_t words */
    int64_t ncode;         /* number of words */
    PvVal consts;          /* tuple */
    PvVal names;           /* tuple of str (globals, attributes) */
    PvVal varnames;        /* tuple of str: parameters, then other locals */
    PvVal cellvars;        /* tuple of str: locals captured by inner functions */
    PvVal freevars;        /* tuple of str: captured from enclosing functions */
    PvVal name, qualname, filename;  /* str */
    PvVal linetable;       /* PvBytes: int32 line per word */
    int32_t argcount;      /* positional parameters */
    int32_t kwonlycount;
    int32_t nlocals;       /* len(varnames) */
    int32_t ncells, nfree;
    int32_t stacksize;
    int32_t maxblocks;
    int32_t firstline;
    uint32_t flags;        /* PV_CODE_* */
    int32_t *cell2arg;     /* for each cell that is also a parameter: its index, or -1;
                              points into cell2arg_store (NULL when no cells) */
    PvCache *caches;       /* ncode entries, inside caches_store */
    PvVal cell2arg_store, caches_store;   /* PvBytes owning the two arrays above */
} PvCode;

enum {
    PV_CODE_VARARGS   = 1u << 0,
    PV_CODE_VARKW     = 1u << 1,
    PV_CODE_GENERATOR = 1u << 2,
    PV_CODE_NEWLOCALS = 1u << 3,   /* function (fast locals) vs module/class body */
    PV_CODE_CLASSCELL = 1u << 4,   /* class body defines __class__ cell for super() */
};

typedef struct PvBytes {           /* raw immutable bytes (bytecode, line tables) */
    PvBareObject ob;
    int64_t len;
    _Alignas(8) unsigned char data[];
} PvBytes;

typedef struct PvFunction {
    PvBareObject ob;
    PvCode *code;
    PvVal globals;         /* dict */
    PvVal defaults;        /* tuple or PV_NULL */
    PvVal kwdefaults;      /* dict or PV_NULL */
    PvVal closure;         /* tuple of cells or PV_NULL */
    PvVal name, qualname;  /* str */
    PvVal dict;            /* function attributes: dict or PV_NULL */
    PvVal module;          /* str */
} PvFunction;

typedef struct PvBuiltin {         /* a function implemented in C */
    PvBareObject ob;
    const char *name;
    PvCFunc fn;            /* exactly one of fn / fnkw is set */
    PvCFuncKw fnkw;
    PvVal self;            /* bound receiver for methods of builtin types, or PV_NULL */
    int min_args, max_args;/* positional arity check for fn (max -1 = any) */
} PvBuiltin;

typedef struct PvMethod {          /* a bound method */
    PvBareObject ob;
    PvVal func;
    PvVal self;
} PvMethod;

typedef struct PvStaticMethod { PvBareObject ob; PvVal func; } PvStaticMethod;
typedef struct PvClassMethod  { PvBareObject ob; PvVal func; } PvClassMethod;
typedef struct PvProperty { PvBareObject ob; PvVal fget, fset; } PvProperty;
typedef struct PvSuper { PvBareObject ob; PvType *type; PvVal obj; PvType *obj_type; } PvSuper;

/* Iterators of builtin containers. */
typedef struct PvSeqIter {
    PvBareObject ob;
    PvVal seq;             /* PV_NULL once exhausted */
    int64_t index;
    int64_t end;           /* for ranges: count; others unused */
    int64_t start, step;   /* ranges */
    uint64_t version;      /* dict iterators: detect mutation */
    int kind;              /* which container / which dict view */
} PvSeqIter;

/* ---- singletons and builtin types ---------------------------------------------- */

extern PvObject pv_None_obj, pv_NotImplemented_obj, pv_Ellipsis_obj;
extern PvBool pv_True_obj, pv_False_obj;
#define pv_None  PV_VAL(&pv_None_obj)
#define pv_True  PV_VAL(&pv_True_obj)
#define pv_False PV_VAL(&pv_False_obj)
#define pv_NotImplemented PV_VAL(&pv_NotImplemented_obj)
#define pv_Ellipsis PV_VAL(&pv_Ellipsis_obj)
#define pv_bool(c) ((c) ? pv_True : pv_False)

#define PV_BUILTIN_TYPES(X) \
    X(object) X(type) X(NoneType) X(NotImplementedType) X(ellipsis) X(int) X(bool) \
    X(float) X(str) X(tuple) X(list) X(dict) X(set) X(frozenset) X(range) X(slice) \
    X(bytes) X(array) X(dicttable) X(cell) X(module) X(code) X(function) \
    X(builtin_function) X(method) X(staticmethod) X(classmethod) X(property) \
    X(super) X(seqiter) X(generator) X(frame) \
    X(dict_keys) X(dict_values) X(dict_items) X(enumerate) X(zip) X(map) X(filter) \
    X(reversed) X(BaseException)

#define PV_TYPE_EXTERN(n) extern PvType pv_type_##n;
PV_BUILTIN_TYPES(PV_TYPE_EXTERN)
#undef PV_TYPE_EXTERN

/* Exception classes: name, base. Each is `PvType *pv_exc_NAME`. */
#define PV_EXCEPTIONS(X) \
    X(Exception, BaseException) X(SystemExit, BaseException) \
    X(KeyboardInterrupt, BaseException) X(GeneratorExit, BaseException) \
    X(StopIteration, Exception) X(ArithmeticError, Exception) \
    X(ZeroDivisionError, ArithmeticError) X(OverflowError, ArithmeticError) \
    X(AssertionError, Exception) X(AttributeError, Exception) \
    X(LookupError, Exception) X(IndexError, LookupError) X(KeyError, LookupError) \
    X(NameError, Exception) X(UnboundLocalError, NameError) \
    X(RuntimeError, Exception) X(RecursionError, RuntimeError) \
    X(NotImplementedError, RuntimeError) X(TypeError, Exception) \
    X(ValueError, Exception) X(ImportError, Exception) \
    X(ModuleNotFoundError, ImportError) X(SyntaxError, Exception) \
    X(IndentationError, SyntaxError) X(MemoryError, Exception) \
    X(OSError, Exception) X(UnicodeError, ValueError) X(StopAsyncIteration, Exception)

#define PV_EXC_EXTERN(n, b) extern PvType *pv_exc_##n;
PV_EXCEPTIONS(PV_EXC_EXTERN)
#undef PV_EXC_EXTERN
extern PvType *pv_exc_BaseException;

/* ---- type tests ------------------------------------------------------------------ */

PV_INLINE PvType *pv_type(PvVal v)
{
    return PV_IS_SMALL(v) ? &pv_type_int : PV_OBJ(v)->type;
}
#define PV_HAS_TYPE(v, T) (PV_IS_PTR(v) && PV_OBJ(v)->type == &(T))
#define PV_IS_STR(v)   PV_HAS_TYPE(v, pv_type_str)
#define PV_IS_FLOAT(v) PV_HAS_TYPE(v, pv_type_float)
#define PV_IS_LIST(v)  PV_HAS_TYPE(v, pv_type_list)
#define PV_IS_TUPLE(v) PV_HAS_TYPE(v, pv_type_tuple)
#define PV_IS_DICT(v)  PV_HAS_TYPE(v, pv_type_dict)
#define PV_IS_FUNC(v)  PV_HAS_TYPE(v, pv_type_function)
#define PV_IS_TYPE(v)  PV_HAS_TYPE(v, pv_type_type)
#define PV_IS_BOXINT(v) PV_HAS_TYPE(v, pv_type_int)
#define PV_IS_BOOL(v)  PV_HAS_TYPE(v, pv_type_bool)
#define PV_IS_SET(v)   (PV_IS_PTR(v) && (PV_OBJ(v)->type == &pv_type_set || \
                                         PV_OBJ(v)->type == &pv_type_frozenset))
/* int in the Python sense, bools excluded */
#define PV_IS_INT(v)   (PV_IS_SMALL(v) || PV_IS_BOXINT(v))

bool pv_is_subtype(PvType *t, PvType *base);
PV_INLINE bool pv_isinstance(PvVal v, PvType *t)
{
    PvType *vt = pv_type(v);
    return vt == t || pv_is_subtype(vt, t);
}

#define PV_STR(v)   ((PvStr *)(v))
#define PV_LIST(v)  ((PvList *)(v))
#define PV_TUPLE(v) ((PvTuple *)(v))
#define PV_DICT(v)  ((PvDict *)(v))
#define PV_FLOAT(v) ((PvFloat *)(v))
#define PV_TYPE(v)  ((PvType *)(v))

/* ---- ints and floats ----------------------------------------------------------------- */

PvVal pv_int_box(int64_t n);                /* n outside the small range */
PV_INLINE PvVal pv_int(int64_t n)
{
    if (PV_LIKELY(n >= PV_SMALL_MIN && n <= PV_SMALL_MAX)) return PV_SMALL(n);
    return pv_int_box(n);
}
/* v must satisfy PV_IS_INT or be a bool */
PV_INLINE int64_t pv_int_value(PvVal v)
{
    if (PV_IS_SMALL(v)) return PV_SMALL_VALUE(v);
    return ((PvInt *)v)->value;             /* PvBool has the same layout */
}
PvVal pv_float(double d);
PV_INLINE double pv_float_value(PvVal v) { return PV_FLOAT(v)->value; }
/* int, bool or float -> double; false if v is none of those. */
bool pv_as_double(PvVal v, double *out);
/* int or bool (or __index__) -> int64, raising TypeError naming `what` otherwise. */
bool pv_as_int64(PvVal v, int64_t *out, const char *what);
PvVal pv_overflow(void);                   /* raises OverflowError, returns PV_NULL */

/* ---- strings ----------------------------------------------------------------------- */

PvVal pv_str_new(const char *s, size_t len);      /* UTF-8, validated by the caller */
PvVal pv_str_cstr(const char *s);
PvVal pv_str_from_buf(PvBuf *b);                  /* takes the contents, frees b */
PvVal pv_str_intern(PvVal s);                     /* the canonical copy of s */
PvVal pv_intern(const char *s);                   /* interned str from a C string */
PvVal pv_str_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int64_t pv_str_hash(PvVal s);
/* The cached hash when there is one (every interned or dict-key str has it). */
PV_INLINE int64_t pv_str_hash_fast(PvVal s)
{
    int64_t h = __atomic_load_n(&PV_STR(s)->hash, __ATOMIC_RELAXED);
    return h ? h : pv_str_hash(s);
}
bool pv_str_eq(PvVal a, PvVal b);                 /* both str */
PV_INLINE const char *pv_str_data(PvVal s) { return PV_STR(s)->data; }
PV_INLINE int64_t pv_str_len(PvVal s) { return PV_STR(s)->len; }
PvVal pv_str_concat(PvVal a, PvVal b);
PvVal pv_str_char(uint32_t cp);                   /* one-code-point string (cached < 128) */
PvVal pv_str_getitem(PvVal s, PvVal key);
int pv_str_compare(PvVal a, PvVal b);             /* -1 / 0 / 1 by code points */
PvVal pv_str_mod(PvVal fmt, PvVal args);          /* `fmt % args` */
PvVal pv_format(PvVal v, PvVal spec);             /* format(v, spec) */

/* ---- tuples, lists ---------------------------------------------------------------- */

PvVal pv_tuple_new(int64_t n);                    /* items PV_NULL: fill before use */
PvVal pv_tuple_from(int64_t n, const PvVal *items);
PvVal pv_tuple_pack(int n, ...);
PV_INLINE int64_t pv_tuple_len(PvVal t) { return PV_TUPLE(t)->len; }
PV_INLINE PvVal pv_tuple_get(PvVal t, int64_t i) { return PV_TUPLE(t)->items[i]; }
extern PvVal pv_empty_tuple;

PvVal pv_list_new(int64_t len);                   /* len items, all None */
PvVal pv_list_from(int64_t n, const PvVal *items);
PvVal pv_list_with_capacity(int64_t cap);          /* empty list */
int pv_list_append(PvVal list, PvVal v);          /* 0 ok, -1 error */
int64_t pv_list_len(PvVal list);
PvVal pv_list_get(PvVal list, int64_t i);         /* bounds-checked, IndexError */
int pv_list_set(PvVal list, int64_t i, PvVal v);  /* bounds-checked */
PvVal pv_list_pop(PvVal list, int64_t i);
int pv_list_extend(PvVal list, PvVal iterable);
int pv_list_sort(PvVal list, PvVal key, bool reverse);

/* Sequence helpers: a tuple or list as (items, n) without copying; for a list this
 * is only valid while no other thread mutates it (use snapshot otherwise). */
bool pv_seq_view(PvVal v, PvVal **items, int64_t *n);
/* Materialise any iterable as a fresh list. */
PvVal pv_sequence_to_list(PvVal iterable);
PvVal pv_sequence_to_tuple(PvVal iterable);

/* ---- dicts and sets -------------------------------------------------------------- */

PvVal pv_dict_new(void);
PvVal pv_dict_get(PvVal d, PvVal key);            /* PV_NULL: missing (no exception)
                                                     or error (exception set) */
PvVal pv_dict_get_str(PvVal d, PvVal key);        /* key is an interned str: fast */
PvVal pv_dict_getc(PvVal d, const char *key);
int pv_dict_set(PvVal d, PvVal key, PvVal value); /* 0 ok, -1 error */
int pv_dict_setc(PvVal d, const char *key, PvVal value);
int pv_dict_del(PvVal d, PvVal key);              /* 1 deleted, 0 missing, -1 error */
int64_t pv_dict_len(PvVal d);
/* Iterates live entries: start with *pos = 0; returns false at the end. */
bool pv_dict_next(PvVal d, int64_t *pos, PvVal *key, PvVal *value);
PvVal pv_dict_copy(PvVal d);
int pv_dict_update(PvVal d, PvVal other);

PvVal pv_set_new(PvType *type);
int pv_set_add(PvVal s, PvVal key);
int pv_set_contains(PvVal s, PvVal key);          /* 1 / 0 / -1 */
int pv_set_discard(PvVal s, PvVal key);           /* 1 removed / 0 / -1 */

/* ---- other constructors -------------------------------------------------------------- */

PvVal pv_range_new(int64_t start, int64_t stop, int64_t step);
PvVal pv_slice_new(PvVal start, PvVal stop, PvVal step);
/* Resolves a slice against a sequence length: CPython's PySlice_GetIndicesEx. */
bool pv_slice_indices(PvVal slice, int64_t len, int64_t *start, int64_t *stop,
                      int64_t *step, int64_t *count);
PvVal pv_cell_new(PvVal v);
PvVal pv_bytes_new(const void *data, int64_t len);
PvVal pv_builtin_new(const char *name, PvCFunc fn, int min_args, int max_args);
PvVal pv_builtin_kw(const char *name, PvCFuncKw fn);
PvVal pv_method_new(PvVal func, PvVal self);
PvVal pv_module_new(const char *name);
PvVal pv_function_new(PvCode *code, PvVal globals, PvVal qualname);
PvVal pv_seqiter_new(PvVal seq, int kind);
PvVal pv_instance_new(PvType *cls);               /* uninitialised instance of a class */
PvType *pv_type_new_builtin_exception(const char *name, PvType *base);

/* Registers a C method on a builtin type (stored in its dict). */
void pv_type_add_method(PvType *t, const char *name, PvCFunc fn, int min_args, int max_args);
void pv_type_add_method_kw(PvType *t, const char *name, PvCFuncKw fn);
void pv_type_add_value(PvType *t, const char *name, PvVal v);
void pv_type_ready(PvType *t);                    /* fills mro/dict for a builtin type */

/* ---- generic operations (abstract.c) -------------------------------------------- */

enum { PV_LT, PV_LE, PV_EQ, PV_NE, PV_GT, PV_GE };

/* x op y for a comparison operator (PV_LT..PV_GE), one definition for every fast path.
 * For doubles NaN compares false except with !=, as in Python. */
#define PV_CMP_APPLY(x, y, op) \
    ((op) == PV_LT ? (x) < (y) : (op) == PV_LE ? (x) <= (y) : (op) == PV_EQ ? (x) == (y) : \
     (op) == PV_NE ? (x) != (y) : (op) == PV_GT ? (x) > (y) : (x) >= (y))
PV_INLINE bool pv_cmp_int(int64_t x, int64_t y, int op) { return PV_CMP_APPLY(x, y, op); }
PV_INLINE bool pv_cmp_double(double x, double y, int op) { return PV_CMP_APPLY(x, y, op); }

PvVal pv_repr(PvVal v);                           /* str or PV_NULL */
PvVal pv_str(PvVal v);
int pv_truthy(PvVal v);                           /* 1 / 0 / -1 = error */
int64_t pv_hash(PvVal v);                         /* -1 = error */
int pv_eq(PvVal a, PvVal b);                      /* 1 / 0 / -1; identity first */
PvVal pv_richcompare(PvVal a, PvVal b, int op);
int pv_compare_bool(PvVal a, PvVal b, int op);    /* 1 / 0 / -1 */
PvVal pv_binop(PvVal a, PvVal b, int op);         /* op: PvBinOp */
PvVal pv_inplace_binop(PvVal a, PvVal b, int op); /* a op= b (list += etc.) */
PvVal pv_unaryop(PvVal v, int op);                /* op: PvUnaryOp except NOT */
int pv_contains(PvVal container, PvVal v);        /* 1 / 0 / -1 */
PvVal pv_getitem(PvVal o, PvVal key);
int pv_setitem(PvVal o, PvVal key, PvVal value);
int pv_delitem(PvVal o, PvVal key);
int64_t pv_len(PvVal o);                          /* -1 = error */
PvVal pv_iter(PvVal o);
PvVal pv_next(PvVal it);                          /* PV_NULL w/o exception = exhausted */
PvVal pv_getattr(PvVal o, PvVal name);            /* name: interned str */
PvVal pv_getattr_opt(PvVal o, PvVal name);        /* PV_NULL w/o exception if missing */
PvVal pv_getattrc(PvVal o, const char *name);
int pv_setattr(PvVal o, PvVal name, PvVal value); /* value PV_NULL = delete */
PvVal pv_type_lookup(PvType *t, PvVal name);      /* MRO lookup, no exception */
PvVal pv_call(PvVal f, int argc, PvVal *argv, PvVal kwnames);
PvVal pv_call0(PvVal f);
PvVal pv_call1(PvVal f, PvVal a);
PvVal pv_call2(PvVal f, PvVal a, PvVal b);
PvVal pv_call_method(PvVal obj, PvVal name, int argc, PvVal *argv);
/* Calls a special method of a heap type with self prepended; PV_NULL + no exception
 * if the type does not define it. */
PvVal pv_call_dunder(PvVal self, PvDunder d, int argc, PvVal *argv, bool *found);
PvVal pv_type_name_str(PvVal v);                  /* the type's __name__ */
const char *pv_type_name(PvVal v);

/* ---- exceptions (exc.c) ------------------------------------------------------------ */

PvVal pv_raise(PvType *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
PvVal pv_raise_value(PvVal exc);                  /* exc: instance or class */
PvVal pv_raise_str(PvType *type, PvVal msg);
PvVal pv_exc_new(PvType *type, PvVal args);       /* instance with args tuple */
bool pv_exc_matches(PvVal exc, PvVal spec);       /* except clause test */
bool pv_err_occurred(void);
PvVal pv_err_fetch(void);                         /* takes the current exception */
void pv_err_clear(void);
bool pv_err_is(PvType *type);                     /* current exception is a `type` */
void pv_print_exception(PvVal exc);               /* traceback to stderr */
PvVal pv_stopiteration_value(PvVal exc);

/* ---- modules ----------------------------------------------------------------------- */

PvVal pv_import(PvVal name, PvVal importer_globals);
void pv_register_builtin_module(const char *name, PvVal (*init)(void));
extern PvVal pv_builtins;                         /* dict of builtins */
extern PvVal pv_modules;                          /* dict: name -> module */

/* Argument parsing helper for C functions with keywords: fills out[] with positional
 * or keyword arguments for the given names (PV_NULL when absent); `nreq` required.
 * Raises TypeError with CPython-like messages. */
bool pv_parse_args(const char *fname, int argc, PvVal *argv, PvVal kwnames,
                   int nnames, const char *const *names, int nreq, PvVal *out);

#endif
