/* hb_env.c — discovery of variants, workloads and machine facts (hb_env.h). */
#include "hb_env.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "hb_proc.h"

static bool hbenv_is_exec(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

char *hbenv_which(const char *cmd)
{
    if (strchr(cmd, '/')) return hbenv_is_exec(cmd) ? pv_xstrdup(cmd) : NULL;
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    PvBuf b;
    pvbuf_init(&b);
    for (const char *p = path; ; ) {
        const char *c = strchr(p, ':');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        b.len = 0;
        pvbuf_add(&b, n ? p : ".", n ? n : 1);
        pvbuf_addf(&b, "/%s", cmd);
        if (hbenv_is_exec(b.data)) return pvbuf_detach(&b);
        if (!c) break;
        p = c + 1;
    }
    pvbuf_free(&b);
    return NULL;
}

char *hbenv_find_pyrun(void)
{
    if (access("scripts/pyrun.py", R_OK) == 0) return realpath("scripts/pyrun.py", NULL);
    /* The harness lives in build/bin or build/MODE/bin: walk up from it. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 4; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash) break;
        *slash = '\0';
        PvBuf b;
        pvbuf_init(&b);
        pvbuf_addf(&b, "%s/scripts/pyrun.py", exe);
        if (access(b.data, R_OK) == 0) return pvbuf_detach(&b);
        pvbuf_free(&b);
    }
    return NULL;
}

static void hbenv_add(HbVariantSet *s, const char *name, HbVariantKind kind, const char *exe,
                      const char *pyrun)
{
    s->v = pv_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
    HbVariant *v = &s->v[s->n++];
    v->name = pv_xstrdup(name);
    v->kind = kind;
    v->exe = pv_xstrdup(exe);
    v->pyrun = pyrun ? pv_xstrdup(pyrun) : NULL;
}

void hbenv_variants_free(HbVariantSet *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].exe);
        free(s->v[i].pyrun);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

static int hbenv_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* parvm-NAME executables in bin_dir, sorted by name (bench excluded). */
static void hbenv_parvm_builds(const char *bin_dir, HbStrList *names)
{
    DIR *d = opendir(bin_dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "parvm-", 6) != 0 || !e->d_name[6]) continue;
        if (strcmp(e->d_name, "parvm-bench") == 0) continue;
        PvBuf b;
        pvbuf_init(&b);
        pvbuf_addf(&b, "%s/%s", bin_dir, e->d_name);
        if (hbenv_is_exec(b.data)) hb_strlist_push(names, e->d_name + 6);
        pvbuf_free(&b);
    }
    closedir(d);
    if (names->n) qsort(names->v, names->n, sizeof *names->v, hbenv_cmp_str);
}

void hbenv_available_variants(const char *bin_dir, HbStrList *names)
{
    hbenv_parvm_builds(bin_dir, names);
#define HBENV_PY_AVAIL(name, cmd) { char *p = hbenv_which(cmd); if (p) hb_strlist_push(names, name); free(p); }
    HBENV_PYTHONS(HBENV_PY_AVAIL)
#undef HBENV_PY_AVAIL
}

/* Add the variant `name`; 1 added, 0 not available (why in err). */
static int hbenv_add_named(HbVariantSet *s, const char *bin_dir, const char *name,
                           const char *pyrun, HbErr *err)
{
    const char *pycmd = NULL;
#define HBENV_PY_MATCH(vname, cmd) if (strcmp(name, vname) == 0) pycmd = cmd;
    HBENV_PYTHONS(HBENV_PY_MATCH)
#undef HBENV_PY_MATCH
    if (pycmd) {
        char *exe = hbenv_which(pycmd);
        if (!exe) {
            hb_err_set(err, "%s not on PATH, variant %s skipped", pycmd, name);
            return 0;
        }
        char *found = pyrun ? pv_xstrdup(pyrun) : hbenv_find_pyrun();
        if (!found) {
            hb_err_set(err, "scripts/pyrun.py not found (give --pyrun), variant %s skipped", name);
            free(exe);
            return 0;
        }
        hbenv_add(s, name, HBV_PYTHON, exe, found);
        free(found);
        free(exe);
        return 1;
    }
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_addf(&b, "%s/parvm-%s", bin_dir, name);
    int ok = hbenv_is_exec(b.data);
    if (ok) hbenv_add(s, name, HBV_PARVM, b.data, NULL);
    else hb_err_set(err, "no build %s", b.data);
    pvbuf_free(&b);
    return ok;
}

int hbenv_variants(const char *bin_dir, const HbStrList *requested, const char *pyrun,
                   bool notes, HbVariantSet *out, HbErr *err)
{
    out->v = NULL;
    out->n = 0;
    HbErr why;
    if (requested) {
        for (size_t i = 0; i < requested->n; i++) {
            const char *name = requested->v[i];
            for (size_t j = 0; j < i; j++) {
                if (strcmp(requested->v[j], name) == 0) {
                    hb_err_set(err, "--variants: '%s' given twice", name);
                    hbenv_variants_free(out);
                    return -1;
                }
            }
            if (!hbenv_add_named(out, bin_dir, name, pyrun, &why)) {
                HbStrList avail = { 0 };
                hbenv_available_variants(bin_dir, &avail);
                char *list = hb_strlist_join(&avail, ", ");
                hb_err_set(err, "--variants: '%s' is not available (%s); available: %s",
                           name, why.msg, avail.n ? list : "none");
                free(list);
                hb_strlist_free(&avail);
                hbenv_variants_free(out);
                return -1;
            }
        }
        return 0;
    }
    HbStrList builds = { 0 };
    hbenv_parvm_builds(bin_dir, &builds);
    for (size_t i = 0; i < builds.n; i++) {
        /* 'none' is the single-threaded reference: only when asked for by name. */
        if (strcmp(builds.v[i], "none") == 0) continue;
        hbenv_add_named(out, bin_dir, builds.v[i], pyrun, &why);
    }
    hb_strlist_free(&builds);
#define HBENV_PY_DEFAULT(vname, cmd) \
    if (!hbenv_add_named(out, bin_dir, vname, pyrun, &why) && notes) \
        fprintf(stderr, "parvm-bench: note: %s\n", why.msg);
    HBENV_PYTHONS(HBENV_PY_DEFAULT)
#undef HBENV_PY_DEFAULT
    if (out->n == 0) {
        hb_err_set(err, "no variants found (no parvm-* in %s, no python3/pypy3 on PATH)", bin_dir);
        return -1;
    }
    return 0;
}

char **hbenv_bench_argv(const HbVariant *v, const char *workload_path, int64_t threads,
                        const char *size, const char *stats_path, const char *events,
                        int64_t repeat_id)
{
    char **a = pv_xcalloc(20, sizeof *a);
    int n = 0;
    char num[32];
    a[n++] = pv_xstrdup(v->exe);
    if (v->kind == HBV_PYTHON) a[n++] = pv_xstrdup(v->pyrun);
    a[n++] = pv_xstrdup("--bench");
    a[n++] = pv_xstrdup(workload_path);
    a[n++] = pv_xstrdup("--threads");
    snprintf(num, sizeof num, "%lld", (long long)threads);
    a[n++] = pv_xstrdup(num);
    a[n++] = pv_xstrdup("--size");
    a[n++] = pv_xstrdup(size);
    a[n++] = pv_xstrdup("--stats");
    a[n++] = pv_xstrdup(stats_path);
    if (events) {
        a[n++] = pv_xstrdup("--events");
        a[n++] = pv_xstrdup(events);
    }
    a[n++] = pv_xstrdup("--repeat-id");
    snprintf(num, sizeof num, "%lld", (long long)repeat_id);
    a[n++] = pv_xstrdup(num);
    a[n] = NULL;
    return a;
}

char **hbenv_flag_argv(const HbVariant *v, const char *flag)
{
    char **a = pv_xcalloc(4, sizeof *a);
    int n = 0;
    a[n++] = pv_xstrdup(v->exe);
    if (v->kind == HBV_PYTHON) a[n++] = pv_xstrdup(v->pyrun);
    a[n++] = pv_xstrdup(flag);
    return a;
}

char **hbenv_list_events_argv(const HbVariant *v, const char *events)
{
    char **a = pv_xcalloc(6, sizeof *a);
    int n = 0;
    a[n++] = pv_xstrdup(v->exe);
    if (v->kind == HBV_PYTHON) a[n++] = pv_xstrdup(v->pyrun);
    a[n++] = pv_xstrdup("--list-events");
    if (events) {
        a[n++] = pv_xstrdup("--events");
        a[n++] = pv_xstrdup(events);
    }
    return a;
}

void hbenv_argv_free(char **argv)
{
    if (!argv) return;
    for (char **p = argv; *p; p++) free(*p);
    free(argv);
}

int hbenv_workloads(const char *dir, const HbStrList *requested, HbStrList *out, HbErr *err)
{
    if (requested) {
        for (size_t i = 0; i < requested->n; i++) {
            PvBuf b;
            pvbuf_init(&b);
            pvbuf_addf(&b, "%s/%s.py", dir, requested->v[i]);
            bool ok = access(b.data, R_OK) == 0;
            pvbuf_free(&b);
            if (!ok) {
                hb_err_set(err, "--workloads: no workload '%s' (no file %s/%s.py)",
                           requested->v[i], dir, requested->v[i]);
                return -1;
            }
            if (hb_strlist_has(out, requested->v[i])) {
                hb_err_set(err, "--workloads: '%s' given twice", requested->v[i]);
                return -1;
            }
            hb_strlist_push(out, requested->v[i]);
        }
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        hb_err_set(err, "--workloads-dir: cannot read '%s': %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0) continue;
        if (strcmp(e->d_name, "parvm.py") == 0 || e->d_name[0] == '_' || e->d_name[0] == '.')
            continue;
        e->d_name[n - 3] = '\0';
        hb_strlist_push(out, e->d_name);
    }
    closedir(d);
    if (out->n) qsort(out->v, out->n, sizeof *out->v, hbenv_cmp_str);
    if (out->n == 0) {
        hb_err_set(err, "--workloads-dir: no workloads (*.py) in '%s'", dir);
        return -1;
    }
    return 0;
}

int64_t hbenv_nproc(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

/* First line of a command's stdout (trimmed), or NULL. */
static char *hbenv_first_line(char *const *argv)
{
    char *exe = hbenv_which(argv[0]);
    if (!exe) return NULL;
    free(exe);
    HbProcResult r;
    hbproc_run(argv, 10.0, true, 256, &r);
    char *line = NULL;
    if (r.started && !r.signal && r.exit_code == 0 && r.stdout_text && *r.stdout_text) {
        size_t n = strcspn(r.stdout_text, "\n");
        line = pv_xmalloc(n + 1);
        memcpy(line, r.stdout_text, n);
        line[n] = '\0';
    }
    hbproc_result_free(&r);
    return line;
}

void hbenv_machine(HbMachine *m)
{
    memset(m, 0, sizeof *m);
    struct utsname u;
    if (uname(&u) == 0) {
        m->machine = pv_xstrdup(u.nodename);
        PvBuf b;
        pvbuf_init(&b);
        pvbuf_addf(&b, "%s %s %s %s", u.sysname, u.release, u.version, u.machine);
        m->kernel = pvbuf_detach(&b);
    }
    m->cores = hbenv_nproc();
    char *info = hb_read_file("/proc/cpuinfo", NULL);
    if (info) {
        char *p = strstr(info, "model name");
        if (p && (p = strchr(p, ':')) != NULL) {
            p++;
            while (*p == ' ' || *p == '\t') p++;
            size_t n = strcspn(p, "\n");
            m->cpu_model = pv_xmalloc(n + 1);
            memcpy(m->cpu_model, p, n);
            m->cpu_model[n] = '\0';
        }
        free(info);
    }
    char *const git_head[] = { "git", "rev-parse", "HEAD", NULL };
    m->git_commit = hbenv_first_line(git_head);
    m->git_dirty = -1;
    if (m->git_commit) {
        char *const git_status[] = { "git", "status", "--porcelain", "--untracked-files=no", NULL };
        HbProcResult r;
        hbproc_run(git_status, 10.0, true, 256, &r);
        if (r.started && !r.signal && r.exit_code == 0)
            m->git_dirty = r.stdout_text && *r.stdout_text ? 1 : 0;
        hbproc_result_free(&r);
    }
    char *const papi[] = { "papi_version", NULL };
    char *pv = hbenv_first_line(papi);
    if (pv) {
        const char *prefix = "PAPI Version: ";
        if (strncmp(pv, prefix, strlen(prefix)) == 0) memmove(pv, pv + strlen(prefix), strlen(pv) - strlen(prefix) + 1);
        m->papi_version = pv;
    }
}

void hbenv_machine_free(HbMachine *m)
{
    free(m->machine);
    free(m->cpu_model);
    free(m->kernel);
    free(m->git_commit);
    free(m->papi_version);
    memset(m, 0, sizeof *m);
}
