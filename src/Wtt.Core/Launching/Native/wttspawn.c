// Copyright (c) Wtt developers. Licensed under the MIT license.
//
// libwttspawn: start a process straight into its cgroup.
//
// glibc's posix_spawn (before 2.39's posix_spawnattr_setcgroup_np) starts a child in its parent's cgroup, so a
// launcher that gives each process a cgroup of its own must move it there afterwards. That move takes the kernel's
// cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period and holds back every fork on the
// machine meanwhile, and until it is done the child can fork outside its cgroup. clone3 with CLONE_INTO_CGROUP
// (Linux 5.7) puts the child in the cgroup from its first instruction, under the lock's cheap read side.
//
// The child is made as glibc makes posix_spawn's: CLONE_VM | CLONE_VFORK on a stack of its own, with every signal
// blocked in the parent across the clone, so only the async-signal-safe steps below run in it, and the parent resumes
// once the child has called execve (or failed, reporting its errno through the shared memory). No managed code runs
// in the child. Built for x86_64 only; elsewhere wtt_spawn returns ENOSYS and the launcher uses posix_spawn.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define WTT_STDIO_INHERIT (-1)
#define WTT_STDIO_DEVNULL (-2)

#ifndef CLONE_VM
#define CLONE_VM 0x00000100
#endif
#ifndef CLONE_VFORK
#define CLONE_VFORK 0x00004000
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

// The request, laid out as Spawn.Native.cs's NativeRequest struct.
typedef struct
{
    const char* path;
    char* const* argv;
    char* const* envp;
    const char* cwd;      // NULL: the parent's
    int32_t stdio[3];     // a descriptor to dup2, WTT_STDIO_INHERIT or WTT_STDIO_DEVNULL
    int32_t new_session;  // setsid()
    int32_t new_group;    // setpgid(0, 0), when not new_session
    const char* cgroup;   // a cgroup v2 folder to make (if need be) and start in, or NULL
} wtt_spawn_request;

// What failed, when wtt_spawn returns an errno.
#define WTT_FAILED_CGROUP 1 // making or opening the cgroup folder: nothing was started
#define WTT_FAILED_CLONE 2  // clone3 itself (ENOSYS, or EPERM under a seccomp filter): nothing was started
#define WTT_FAILED_CHILD 3  // the child, before or in execve: it has exited and been reaped

// The kernel's struct clone_args (CLONE_ARGS_SIZE_VER2).
typedef struct
{
    uint64_t flags;
    uint64_t pidfd;
    uint64_t child_tid;
    uint64_t parent_tid;
    uint64_t exit_signal;
    uint64_t stack;
    uint64_t stack_size;
    uint64_t tls;
    uint64_t set_tid;
    uint64_t set_tid_size;
    uint64_t cgroup;
} wtt_clone_args;

typedef struct
{
    const wtt_spawn_request* request;
    volatile int error; // the child's errno, read by the parent once the child has exec'd or exited
} wtt_child;

#define WTT_CHILD_STACK (64 * 1024)
#define WTT_EXPORT __attribute__((visibility("default")))

#if defined(__x86_64__)

// clone3 whose child runs fn(arg) on the stack in the args and exits with its result, as glibc's __clone3 does:
// the child must not return through the caller's frames, which are the parent's (CLONE_VM).
// rdi = args, rsi = size, rdx = fn, rcx = arg; returns the pid or -errno.
long wtt_clone3(wtt_clone_args* args, size_t size, int (*fn)(void*), void* arg);
__asm__(
    ".pushsection .text\n"
    ".p2align 4\n"
    ".type wtt_clone3,@function\n"
    "wtt_clone3:\n"
    "    mov %rcx, %r8\n"      // the argument, kept across the syscall
    "    mov $435, %eax\n"     // SYS_clone3
    "    syscall\n"
    "    test %rax, %rax\n"
    "    jz 1f\n"
    "    ret\n"
    "1:  xor %ebp, %ebp\n"     // the child, on its own stack
    "    mov %r8, %rdi\n"
    "    call *%rdx\n"
    "    mov %eax, %edi\n"
    "    mov $231, %eax\n"     // SYS_exit_group
    "    syscall\n"
    "    hlt\n"
    ".size wtt_clone3, .-wtt_clone3\n"
    ".popsection\n");

static int raw_errno(long rc) { return rc < 0 ? (int)-rc : 0; }

// dup2 that also clears close-on-exec when the descriptor already is the target, as posix_spawn's adddup2 does.
static int child_stdio(int source, int target)
{
    if (source == WTT_STDIO_INHERIT)
    {
        return 0;
    }

    if (source == WTT_STDIO_DEVNULL)
    {
        int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0);
        if (fd < 0)
        {
            return errno;
        }

        if (fd != target)
        {
            if (syscall(SYS_dup2, fd, target) < 0)
            {
                return errno;
            }

            syscall(SYS_close, fd);
        }

        return 0;
    }

    if (source == target)
    {
        int flags = (int)syscall(SYS_fcntl, source, F_GETFD);
        return flags < 0 || syscall(SYS_fcntl, source, F_SETFD, flags & ~FD_CLOEXEC) < 0 ? errno : 0;
    }

    return syscall(SYS_dup2, source, target) < 0 ? errno : 0;
}

// Waits for a child of this process to end, through interruptions; returns waitpid's result.
static pid_t reap(long pid, int* status)
{
    pid_t waited;
    while ((waited = waitpid((pid_t)pid, status, __WALL)) < 0 && errno == EINTR)
    {
    }

    return waited;
}

static int child_main(void* arg)
{
    wtt_child* child = (wtt_child*)arg;
    const wtt_spawn_request* request = child->request;
    int error;
    if (request->path == NULL)
    {
        syscall(SYS_exit_group, 0); // wtt_probe's child
    }

    // Every signal back to its default disposition (an ignored signal stays ignored across exec, and the runtime
    // ignores SIGPIPE; a handler would run the parent's code in this child), then an empty mask. The kernel's own
    // sigaction, not glibc's, which refuses glibc's internal signals.
    struct
    {
        void* handler;
        unsigned long flags;
        void* restorer;
        uint64_t mask;
    } dfl = { SIG_DFL, 0, NULL, 0 };
    for (int sig = 1; sig < 65; sig++)
    {
        if (sig != SIGKILL && sig != SIGSTOP)
        {
            syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(uint64_t));
        }
    }

    if (request->new_session ? syscall(SYS_setsid) < 0 : request->new_group && syscall(SYS_setpgid, 0, 0) < 0)
    {
        goto fail;
    }

    for (int fd = 0; fd < 3; fd++)
    {
        if ((error = child_stdio(request->stdio[fd], fd)) != 0)
        {
            child->error = error;
            syscall(SYS_exit_group, 127);
        }
    }

    if (request->cwd != NULL && syscall(SYS_chdir, request->cwd) < 0)
    {
        goto fail;
    }

    uint64_t empty = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty, NULL, sizeof(uint64_t));
    syscall(SYS_execve, request->path, request->argv, request->envp);

fail:
    child->error = errno;
    syscall(SYS_exit_group, 127);
    return 127;
}

WTT_EXPORT int wtt_spawn(const wtt_spawn_request* request, int32_t* pid_out, int32_t* pidfd_out, int32_t* failed)
{
    *pid_out = -1;
    *pidfd_out = -1;
    *failed = 0;
    int cgroup_fd = -1;
    if (request->cgroup != NULL)
    {
        if (mkdir(request->cgroup, 0755) != 0 && errno != EEXIST)
        {
            *failed = WTT_FAILED_CGROUP;
            return errno;
        }

        if ((cgroup_fd = open(request->cgroup, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
        {
            *failed = WTT_FAILED_CGROUP;
            return errno;
        }
    }

    void* stack = malloc(WTT_CHILD_STACK);
    if (stack == NULL)
    {
        if (cgroup_fd >= 0)
        {
            close(cgroup_fd);
        }

        *failed = WTT_FAILED_CLONE;
        return ENOMEM;
    }

    // Every signal blocked across the clone, glibc's internal ones too (its pthread_sigmask leaves those out), so no
    // handler of the parent's runs in the child before it has reset them; as glibc's posix_spawn does.
    uint64_t all = ~(uint64_t)0, old = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, &old, sizeof(uint64_t));

    wtt_child child = { request, 0 };
    int pidfd = -1;
    wtt_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_VFORK | CLONE_PIDFD | (cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0);
    args.pidfd = (uint64_t)(uintptr_t)&pidfd;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t)(uintptr_t)stack;
    args.stack_size = WTT_CHILD_STACK;
    args.cgroup = cgroup_fd >= 0 ? (uint64_t)cgroup_fd : 0;

    long pid = wtt_clone3(&args, sizeof args, child_main, &child);
    int saved = raw_errno(pid);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, sizeof(uint64_t));
    free(stack);
    if (cgroup_fd >= 0)
    {
        close(cgroup_fd);
    }

    if (pid < 0)
    {
        *failed = WTT_FAILED_CLONE;
        return saved;
    }

    if (child.error != 0)
    {
        // Exited without exec: reaped here, its pidfd closed, and its errno returned.
        int status;
        reap(pid, &status);
        close(pidfd);
        *failed = WTT_FAILED_CHILD;
        return child.error;
    }

    *pid_out = (int32_t)pid;
    *pidfd_out = pidfd;
    return 0;
}

// Starts a child in the cgroup folder that exits at once, and tells how it ended: 0 when it exited by itself, the signal
// that ended it, or -errno when it could not be started or waited for. Some kernels (6.18 seen) kill a child started
// by CLONE_INTO_CGROUP when the kill count (cgroup.kill) of its cgroup differs from that of its parent's: this shows
// whether the caller's own cgroup is such.
WTT_EXPORT int wtt_probe(const char* cgroup)
{
    wtt_spawn_request request;
    memset(&request, 0, sizeof request);
    request.stdio[0] = request.stdio[1] = request.stdio[2] = WTT_STDIO_INHERIT;
    request.cgroup = cgroup;
    int32_t pid, pidfd, failed;
    int rc = wtt_spawn(&request, &pid, &pidfd, &failed);
    if (rc != 0)
    {
        return -rc;
    }

    int status;
    pid_t waited = reap(pid, &status);
    int result = waited < 0 ? -errno : WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status) == 0 ? 0 : -EIO;
    close(pidfd);
    return result;
}

#else

WTT_EXPORT int wtt_probe(const char* cgroup)
{
    (void)cgroup;
    return -ENOSYS;
}

WTT_EXPORT int wtt_spawn(const void* request, int32_t* pid_out, int32_t* pidfd_out, int32_t* failed)
{
    (void)request;
    *pid_out = -1;
    *pidfd_out = -1;
    *failed = 2; // WTT_FAILED_CLONE
    return ENOSYS;
}

#endif
