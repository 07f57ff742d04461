/* module.c — imports and running files.
 *
 * `import NAME` looks in this order: modules already imported; builtin modules (C
 * modules registered by pv_register_builtin_module, and Python modules embedded in the
 * binary, such as threading); then NAME.py in the importing file's folder and in the
 * main script's folder. Dotted names and packages are not supported. A module is
 * entered in pv_modules before its body runs, so circular imports see the partly
 * initialised module as in Python. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "thread.h"
#include "vm.h"

PvVal pv_builtins;
PvVal pv_modules;
static PvVal main_dir;   /* str: folder of the main script */

typedef struct BuiltinModule {
    const char *name;
    PvVal (*make)(void);
} BuiltinModule;

static BuiltinModule builtin_modules[32];
static int nbuiltin_modules;

void pv_register_builtin_module(const char *name, PvVal (*make)(void))
{
    if (nbuiltin_modules == (int)PV_ARRAY_LEN(builtin_modules)) pv_fatal("too many builtin modules");
    builtin_modules[nbuiltin_modules].name = name;
    builtin_modules[nbuiltin_modules].make = make;
    nbuiltin_modules++;
}

/* File I/O cannot be rolled back: the thread's transaction becomes inevitable. */
static char *read_file(const char *path, size_t *len)
{
    PV_INEVITABLE(pv_thread());
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    PvBuf b;
    pvbuf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) pvbuf_add(&b, chunk, n);
    fclose(fp);
    *len = b.len;
    return pvbuf_detach(&b);
}

/* Runs source as module `name` (already created and registered). */
static PvVal exec_module(PvVal mod, const char *src, size_t len, const char *filename)
{
    PvCode *code = pv_compile(src, len, filename, "<module>");
    if (!code) return PV_NULL;
    PvVal d = ((PvModule *)mod)->dict;
    PvVal r = pv_eval_code(code, d, PV_NULL);
    return r ? mod : PV_NULL;
}

static PvVal new_module(const char *name, const char *file)
{
    PvVal m = pv_module_new(name);
    PvVal d = ((PvModule *)m)->dict;
    pv_dict_setc(d, "__builtins__", pv_builtins);
    if (file) pv_dict_setc(d, "__file__", pv_str_cstr(file));
    return m;
}

PvVal pv_import_file(const char *path, const char *modname)
{
    size_t len;
    char *src = read_file(path, &len);
    if (!src) return pv_raise(pv_exc_ImportError, "cannot read '%s': %s", path, strerror(errno));
    PvVal m = new_module(modname, path);
    pv_dict_set(pv_modules, pv_str_cstr(modname), m);
    PvVal r = exec_module(m, src, len, path);
    free(src);
    if (!r) pv_dict_del(pv_modules, pv_str_cstr(modname));
    return r;
}

/* Python modules shipped inside the binary (lib/NAME.py via .incbin). */
extern const char pv_lib_threading_py[];
extern const char pv_lib_threading_py_end[];

static PvVal embedded_module(const char *name, const char *src, size_t len)
{
    PvVal m = new_module(name, NULL);
    pv_dict_set(pv_modules, pv_str_cstr(name), m);
    char filename[64];
    snprintf(filename, sizeof filename, "<parvm>/%s.py", name);
    PvVal r = exec_module(m, src, len, filename);
    if (!r) pv_dict_del(pv_modules, pv_str_cstr(name));
    return r;
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

PvVal pv_import(PvVal name, PvVal importer_globals)
{
    PvVal m = pv_dict_get(pv_modules, name);
    if (m) return m;
    const char *n = pv_str_data(name);
    if (!*n) return pv_raise(pv_exc_ImportError, "relative imports are not supported");
    for (int i = 0; i < nbuiltin_modules; i++)
        if (!strcmp(builtin_modules[i].name, n)) {
            m = builtin_modules[i].make();
            if (!m) return PV_NULL;
            pv_dict_set(pv_modules, name, m);
            return m;
        }
    if (!strcmp(n, "threading"))
        return embedded_module("threading", pv_lib_threading_py,
                               (size_t)(pv_lib_threading_py_end - pv_lib_threading_py));
    if (strchr(n, '.'))
        return pv_raise(pv_exc_ModuleNotFoundError, "No module named '%s' (packages are not supported)", n);
    /* Sibling files: the importer's folder, then the main script's. */
    PvVal dirs[2] = {PV_NULL, main_dir};
    PvVal file = importer_globals ? pv_dict_getc(importer_globals, "__file__") : PV_NULL;
    if (file && PV_IS_STR(file)) {
        char *copy = pv_xstrdup(pv_str_data(file));
        dirs[0] = pv_str_cstr(dirname(copy));
        free(copy);
    }
    for (int i = 0; i < 2; i++) {
        if (!dirs[i]) continue;
        PvBuf p;
        pvbuf_init(&p);
        pvbuf_addf(&p, "%s/%s.py", pv_str_data(dirs[i]), n);
        if (file_exists(p.data)) {
            PvVal r = pv_import_file(p.data, n);
            pvbuf_free(&p);
            return r;
        }
        pvbuf_free(&p);
    }
    return pv_raise_value(pv_exc_new(pv_exc_ModuleNotFoundError,
                                     pv_tuple_pack(1, pv_str_fmt("No module named '%s'", n))));
}

void pv_module_init(const char *main_path)
{
    pv_modules = pv_dict_new();
    pvgc_add_root(&pv_modules);
    pvgc_add_root(&main_dir);
    if (main_path) {
        char *copy = pv_xstrdup(main_path);
        main_dir = pv_str_cstr(dirname(copy));
        free(copy);
    } else {
        main_dir = pv_str_cstr(".");
    }
}

/* Runs source text as __main__ (parvm -c CODE). */
PvVal pv_run_source(const char *src, size_t len, const char *filename)
{
    PvVal m = new_module("__main__", NULL);
    pv_dict_setc(pv_modules, "__main__", m);
    return exec_module(m, src, len, filename);
}

/* Runs `path` as __main__. Returns the module, or PV_NULL with the exception set. */
PvVal pv_run_main(const char *path)
{
    size_t len;
    char *src = read_file(path, &len);
    if (!src) {
        fprintf(stderr, "parvm: can't open file '%s': [Errno %d] %s\n", path, errno, strerror(errno));
        exit(2);
    }
    PvVal m = new_module("__main__", path);
    pv_dict_setc(pv_modules, "__main__", m);
    PvVal r = exec_module(m, src, len, path);
    free(src);
    return r;
}
