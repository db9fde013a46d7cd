#ifndef FOLIO_CLAUNCHER_H
#define FOLIO_CLAUNCHER_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) and `envp` (NULL-terminated, or NULL to
/// inherit this process's environment): stdin from /dev/null, stdout appended to
/// `stdout_path`, stderr appended to `stderr_path` (or sharing stdout when NULL), in
/// `directory` (or this process's working folder when NULL), with an empty signal mask and
/// every signal at its default action.
///
/// With `die_with_parent` set, the child is killed (SIGKILL) when this process ends in any
/// way, SIGKILL included (Linux: PR_SET_PDEATHSIG). Since that signal follows the thread
/// that forked the child, every child is forked by one helper thread that lives as long as
/// the process.
///
/// Returns the child's pid, or minus the errno of what failed (exec included).
pid_t folio_launch(const char *path, char *const argv[], char *const envp[],
                   const char *stdout_path, const char *stderr_path, const char *directory,
                   int die_with_parent);

#endif
