/* vm.h — the interpreter's internal API: compiling, running code, calling, generators,
 * classes, imports and start-up. */
#ifndef PARVM_VM_H
#define PARVM_VM_H

#include <stdio.h>
#include "object.h"
#include "frame.h"
#include "thread.h"

/* Calling convention of every callable: argv[0..argc) positional arguments, then one
 * value per name in `kwnames` (a tuple of str, or PV_NULL when there are none). */
#define pv_call_unbound(f, self, argc, argv) pv_call((f), (argc), (argv), PV_NULL)

/* compile.c: source -> code object. Raises SyntaxError (returns NULL) on bad input. */
PvCode *pv_compile(const char *src, size_t len, const char *filename, const char *name);
void pv_disassemble(PvCode *code, FILE *out);   /* --dis */

/* vm.c */
PvVal pv_eval_code(PvCode *code, PvVal globals, PvVal locals);  /* module/class body */
PvVal pv_call_function(PvFunction *f, int argc, PvVal *argv, PvVal kwnames);
PvVal pv_gen_send(PvVal gen, PvVal value);        /* PV_NULL w/o exc = exhausted */
PvVal pv_super_zero_args(void);
int pv_current_line(void);
void pv_vm_init(void);
extern PvType pv_type_generator;

/* type.c */
extern _Atomic uint64_t pv_class_epoch;
/* Stands for the contents of every class dict, for backends that log reads: every
 * change of a class attribute writes it (PV_WRITE) and every lookup answered from a
 * cache keyed by pv_class_epoch reads it (PV_READ), so a cached lookup and a class
 * change in two transactions conflict like any other read and write. */
extern PvObject pv_class_state;
PvVal pv_type_create(PvVal name, PvVal bases, PvVal ns);
PvVal pv_type_dunder(PvType *t, PvDunder d);
PvVal pv_dunder_str(PvDunder d);                 /* the interned name, "__enter__" say */
/* PvType.plain_attrs, refreshed first when stale (slow path). The fast path:
 * pv_type_plain_now. */
bool pv_type_plain_attrs(PvType *t);
PV_INLINE bool pv_type_plain_now(PvType *t, uint64_t epoch)
{
    return __atomic_load_n(&t->version, __ATOMIC_ACQUIRE) == epoch &&
           __atomic_load_n(&t->plain_attrs, __ATOMIC_RELAXED);
}
PvVal pv_super_new(PvType *type, PvVal obj);
void pv_type_invalidate_caches(void);
void pv_type_init(void);

/* module.c */
PvVal pv_run_main(const char *path);             /* runs a file as __main__ */
PvVal pv_run_source(const char *src, size_t len, const char *filename);  /* -c CODE */
PvVal pv_import_file(const char *path, const char *modname);
void pv_module_init(const char *main_path);

/* Defining builtin modules: an init function (listed in runtime.c) calls
 * pv_register_builtin_module(name, make) where make() builds and returns the module
 * the first time it is imported. Module functions get no self: argv[0] is the first
 * argument. */
void pv_module_add(PvVal m, const char *name, PvVal v);
void pv_module_add_func(PvVal m, const char *name, PvCFunc fn, int min_args, int max_args);
void pv_module_add_func_kw(PvVal m, const char *name, PvCFuncKw fn);
PvVal pv_builtin_call(PvBuiltin *b, int argc, PvVal *argv, PvVal kwnames);

/* runtime.c: initialisation of every subsystem, in order. */
void pv_runtime_init(int argc, char **argv);
void pv_runtime_fini(void);

/* Subsystem initialisers (each registers its types' methods). */
void pv_numbers_init(void);
void pv_str_init(void);
void pv_strmethods_init(void);
void pv_list_init(void);
void pv_tuple_init(void);
void pv_dict_init(void);
void pv_set_init(void);
void pv_func_init(void);
void pv_exc_init(void);
void pv_iter_init(void);
void pv_builtins_init(void);
void pv_mod_math_init(void);
void pv_mod_time_init(void);
void pv_mod_random_init(void);
void pv_mod_thread_init(void);
void pv_mod_parvm_init(void);

/* Kinds of the shared sequence iterator (iter.c). */
enum {
    PV_ITER_LIST, PV_ITER_TUPLE, PV_ITER_RANGE, PV_ITER_DICT_KEYS, PV_ITER_DICT_VALUES,
    PV_ITER_DICT_ITEMS, PV_ITER_GETITEM
};

/* Object internals shared between core files. */
PvVal pv_dict_view(PvVal d, PvType *kind);
int64_t pv_dict_index_str(PvVal d, PvVal key);
bool pv_dict_set_at(PvVal d, int64_t ix, PvVal key, PvVal value);
void pv_dict_rolled_back(PvObject *o);  /* a sync layer restored o's bytes (dict.c) */
PvVal pv_set_from_iterable(PvType *type, PvVal iterable);
void pv_set_clear(PvVal s);
PvVal pv_classmethod_new(PvVal f);
PvVal pv_staticmethod_new(PvVal f);
bool pv_repr_enter(PvVal o);      /* false if o is already being repr'd on this thread */
void pv_repr_leave(PvVal o);
PvVal pv_num_binop(PvVal a, PvVal b, int op);
PvVal pv_num_compare(PvVal a, PvVal b, int op);
PvVal pv_int_binop(int64_t a, int64_t b, int op);
PvVal pv_float_binop(double a, double b, int op);
PvVal pv_num_divmod(PvVal a, PvVal b);
PvVal pv_int_from_str(PvVal s, int base);
PvVal pv_list_concat(PvVal a, PvVal b);
PvVal pv_list_repeat(PvVal a, int64_t n);
PvVal pv_tuple_concat(PvVal a, PvVal b);
PvVal pv_tuple_repeat(PvVal a, int64_t n);
int pv_list_inplace_extend(PvVal list, PvVal iterable);
PvVal pv_seq_richcompare(PvVal *a, int64_t na, PvVal *b, int64_t nb, int op);
PvVal pv_list_getitem(PvVal self, PvVal key);
int pv_list_setitem(PvVal self, PvVal key, PvVal value);
PvVal pv_tuple_getitem(PvVal self, PvVal key);
int64_t pv_range_len(int64_t start, int64_t stop, int64_t step);

PvVal pv_exc_format_line(PvVal exc);          /* "Name: message" */
void pv_exc_add_traceback(PvVal exc, PvVal filename, int line, PvVal funcname);
PvVal pv_current_globals(void);
PvVal pv_list_snapshot_tuple(PvVal list);    /* consistent copy of a list's items */
void pv_abstract_init(void);

/* Re-entry from C into Python code is bounded; this raises RecursionError past it. */
bool pv_enter_c_call(void);
void pv_leave_c_call(void);

#endif
