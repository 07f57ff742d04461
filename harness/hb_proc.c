/* hb_proc.c — fork/exec with a timeout, captured stderr tail and optional stdout
 * (hb_proc.h). The parent waits by polling waitpid with a short sleep: the child's
 * measured region is timed by the child itself, so polling granularity only affects
 * how quickly the next repetition starts, never a number in the database. */
#include "hb_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hb_common.h"

/* The process group of the running child (0: none); read by the signal handler. */
static volatile sig_atomic_t hbproc_child_pgid;
static volatile sig_atomic_t hbproc_stop;

static void hbproc_on_signal(int sig)
{
    hbproc_stop = sig;
    if (hbproc_child_pgid > 0) kill(-(pid_t)hbproc_child_pgid, SIGKILL);
}

void hbproc_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = hbproc_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool hbproc_interrupted(void) { return hbproc_stop != 0; }

char *hbproc_tempfile(const char *tag)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_addf(&b, "%s/parvm-bench-%s-XXXXXX", dir, tag);
    char *path = pvbuf_detach(&b);
    int fd = mkstemp(path);
    if (fd < 0) pv_fatal("cannot create a temporary file %s: %s", path, strerror(errno));
    close(fd);
    return path;
}

static void hbproc_sleep_ns(long ns)
{
    struct timespec ts = { 0, ns };
    nanosleep(&ts, NULL);
}

void hbproc_run(char *const *argv, double timeout_s, bool capture_stdout, size_t tail_bytes,
                HbProcResult *out)
{
    memset(out, 0, sizeof *out);
    char *err_path = hbproc_tempfile("stderr");
    char *out_path = capture_stdout ? hbproc_tempfile("stdout") : NULL;
    int64_t t0 = pv_now_ns();

    pid_t pid = fork();
    if (pid < 0) pv_fatal("fork: %s", strerror(errno));
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        int in = open("/dev/null", O_RDONLY);
        int o = open(out_path ? out_path : "/dev/null", O_WRONLY | O_TRUNC);
        int e = open(err_path, O_WRONLY | O_TRUNC);
        if (in < 0 || o < 0 || e < 0) _exit(127);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        execvp(argv[0], argv);
        fprintf(stderr, "parvm-bench: cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    /* Both sides call setpgid so the group exists before either relies on it. */
    setpgid(pid, pid);
    hbproc_child_pgid = pid;
    if (hbproc_stop) kill(-pid, SIGKILL);

    int64_t deadline = timeout_s > 0 ? t0 + (int64_t)(timeout_s * 1e9) : INT64_MAX;
    long nap = 1000000;   /* 1 ms, growing to 20 ms */
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) pv_fatal("waitpid: %s", strerror(errno));
        if (pv_now_ns() >= deadline && !out->timed_out) {
            out->timed_out = true;
            kill(-pid, SIGKILL);
        }
        hbproc_sleep_ns(nap);
        if (nap < 20000000) nap += 1000000;
    }
    hbproc_child_pgid = 0;
    /* Whatever the child left in its group (helper processes) goes too. */
    kill(-pid, SIGKILL);
    out->elapsed_ns = pv_now_ns() - t0;
    out->interrupted = hbproc_stop != 0;
    if (WIFSIGNALED(status)) {
        out->signal = WTERMSIG(status);
        out->exit_code = -1;
    } else {
        out->exit_code = WEXITSTATUS(status);
    }
    out->started = !(out->exit_code == 127 && !out->signal);

    size_t len = 0;
    char *text = hb_read_file(err_path, &len);
    out->stderr_tail = text ? hb_tail(text, len, tail_bytes) : pv_xstrdup("");
    free(text);
    unlink(err_path);
    free(err_path);
    if (out_path) {
        out->stdout_text = hb_read_file(out_path, NULL);
        if (!out->stdout_text) out->stdout_text = pv_xstrdup("");
        unlink(out_path);
        free(out_path);
    }
}

void hbproc_result_free(HbProcResult *r)
{
    free(r->stdout_text);
    free(r->stderr_tail);
    memset(r, 0, sizeof *r);
}
