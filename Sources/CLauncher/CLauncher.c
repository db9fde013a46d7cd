#define _GNU_SOURCE
#include "CLauncher.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

extern char **environ;

struct launch_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *stdout_path;
    const char *stderr_path;
    const char *directory;
    int die_with_parent;
    pid_t result;
    int done;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct launch_request *pending = NULL;
static pthread_once_t helper_once = PTHREAD_ONCE_INIT;
static int helper_error = 0;

/// Runs in the forked child: only async-signal-safe calls until exec. On failure, writes
/// errno to `report` and exits.
static void become_child(const struct launch_request *request, int report, pid_t parent) {
    int failure;
#ifdef __linux__
    if (request->die_with_parent) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) goto fail;
        // The parent may have died before prctl took effect.
        if (getppid() != parent) _exit(127);
    }
#else
    (void)parent;
#endif
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    sigemptyset(&defaults.sa_mask);
    for (int signal = 1; signal < NSIG; signal++) sigaction(signal, &defaults, NULL);  // KILL/STOP fail harmlessly
    sigset_t empty;
    sigemptyset(&empty);
    if (sigprocmask(SIG_SETMASK, &empty, NULL) != 0) goto fail;

    int input = open("/dev/null", O_RDONLY);
    if (input < 0 || dup2(input, 0) < 0) goto fail;
    int output = open(request->stdout_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (output < 0 || dup2(output, 1) < 0) goto fail;
    if (request->stderr_path) {
        int errors = open(request->stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (errors < 0 || dup2(errors, 2) < 0) goto fail;
    } else if (dup2(1, 2) < 0) {
        goto fail;
    }
    if (request->directory && chdir(request->directory) != 0) goto fail;
    execve(request->path, request->argv, request->envp ? request->envp : environ);
fail:
    failure = errno;
    (void)!write(report, &failure, sizeof failure);
    _exit(127);
}

static pid_t launch(const struct launch_request *request) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -errno;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        int failure = errno;
        close(report[0]);
        close(report[1]);
        return -failure;
    }
    if (child == 0) become_child(request, report[1], parent);
    close(report[1]);
    int failure = 0;
    ssize_t got;
    do {
        got = read(report[0], &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof failure) {
        // exec failed: the child has exited; reap it so it leaves no zombie.
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        return -failure;
    }
    return child;
}

static void *helper_main(void *unused) {
    (void)unused;
    // Signals are for the other threads: block them all here, so none lands on this one.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    pthread_mutex_lock(&lock);
    for (;;) {
        while (pending == NULL) pthread_cond_wait(&changed, &lock);
        struct launch_request *request = pending;
        pending = NULL;
        pthread_mutex_unlock(&lock);
        pid_t result = launch(request);
        pthread_mutex_lock(&lock);
        request->result = result;
        request->done = 1;
        pthread_cond_broadcast(&changed);
    }
    return NULL;
}

static void start_helper(void) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    helper_error = pthread_create(&thread, &attributes, helper_main, NULL);
    pthread_attr_destroy(&attributes);
}

pid_t folio_launch(const char *path, char *const argv[], char *const envp[],
                   const char *stdout_path, const char *stderr_path, const char *directory,
                   int die_with_parent) {
    struct launch_request request = {
        path, argv, envp, stdout_path, stderr_path, directory, die_with_parent, 0, 0,
    };
    if (!die_with_parent) return launch(&request);
    pthread_once(&helper_once, start_helper);
    if (helper_error != 0) return -helper_error;
    pthread_mutex_lock(&lock);
    while (pending != NULL) pthread_cond_wait(&changed, &lock);  // one request at a time
    pending = &request;
    pthread_cond_broadcast(&changed);
    while (!request.done) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    return request.result;
}
