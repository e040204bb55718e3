/*
 * The probe of ./v4j bench, loaded with LD_PRELOAD into the C programs it measures (bench/floor.c,
 * v4l2-ctl, gst-launch-1.0), so that each is measured the same way, from inside, at the same
 * points: it wraps ioctl() and counts successful VIDIOC_DQBUFs of capture buffers. After
 * V4J_BENCH_WARMUP of them the window opens; after V4J_BENCH_FRAMES more it closes and one line
 * is appended to V4J_BENCH_OUT:
 *
 *   frames=N seconds=S cpu_ns=C thread_ns=T dropped=D rss_kb=R
 *
 * cpu_ns is CLOCK_PROCESS_CPUTIME_ID (utime + stime of every thread, before the kernel rounds it
 * to clock ticks for /proc/PID/stat), thread_ns CLOCK_THREAD_CPUTIME_ID of the thread that
 * dequeues (-1 if another thread closed the window), dropped the gaps in the driver's sequence
 * numbers inside the window, rss_kb VmRSS when it closed. With V4J_BENCH_MARKERS=1 it also looks
 * up the paths /v4j-bench-window-start/NAME and /v4j-bench-window-end/NAME (NAME from
 * V4J_BENCH_NAME) where the window opens and closes, so that an strace of the whole run can be
 * cut to the window (bench/syscalls.awk).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int (*real_ioctl)(int, unsigned long, ...);
static long warmup = -1, frames, dequeued, dropped;
static int markers;
static const char *out, *name = "program";
static long long wall0, cpu0, thread0;
static pid_t tid0;
static long long last_sequence = -1;

static long long now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

__attribute__((constructor)) static void init(void) {
    real_ioctl = (int (*)(int, unsigned long, ...)) dlsym(RTLD_NEXT, "ioctl");
    const char *w = getenv("V4J_BENCH_WARMUP"), *n = getenv("V4J_BENCH_FRAMES"), *m = getenv("V4J_BENCH_MARKERS");
    out = getenv("V4J_BENCH_OUT");
    if (getenv("V4J_BENCH_NAME")) name = getenv("V4J_BENCH_NAME");
    if (w && n && out) {
        warmup = atol(w);
        frames = atol(n);
    }
    markers = m && strcmp(m, "1") == 0;
    /* gst-launch forks gst-plugin-scanner, which inherits LD_PRELOAD: only measure once */
    unsetenv("LD_PRELOAD");
}

static void marker(const char *edge) {
    char path[256];
    snprintf(path, sizeof path, "/v4j-bench-window-%s/%s", edge, name);
    (void) access(path, F_OK);
}

static long rss_kb(void) {
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *line = strstr(buf, "VmRSS:");
    return line ? atol(line + 6) : -1;
}

static void dequeued_one(const struct v4l2_buffer *buf) {
    if (buf->type != V4L2_BUF_TYPE_VIDEO_CAPTURE && buf->type != V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE) return;
    dequeued++;
    if (dequeued > warmup && last_sequence >= 0 && buf->sequence > last_sequence + 1) {
        dropped += buf->sequence - last_sequence - 1;
    }
    last_sequence = buf->sequence;
    if (dequeued == warmup) {
        /* the thread's window inside the process's; the markers outside both */
        tid0 = gettid();
        wall0 = now(CLOCK_MONOTONIC);
        cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
        thread0 = now(CLOCK_THREAD_CPUTIME_ID);
        if (markers) marker("start");
    } else if (dequeued == warmup + frames) {
        if (markers) marker("end");
        long long thread = gettid() == tid0 ? now(CLOCK_THREAD_CPUTIME_ID) - thread0 : -1;
        long long cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
        long long wall = now(CLOCK_MONOTONIC) - wall0;
        char line[512];
        int len = snprintf(line, sizeof line, "frames=%ld seconds=%.6f cpu_ns=%lld thread_ns=%lld dropped=%ld rss_kb=%ld\n",
                           frames, wall / 1e9, cpu, thread, dropped, rss_kb());
        int fd = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0) {
            (void) !write(fd, line, (size_t) len);
            close(fd);
        }
    }
}

int ioctl(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    int r = real_ioctl(fd, request, arg);
    if (r == 0 && (unsigned int) request == VIDIOC_DQBUF && warmup >= 0) dequeued_one(arg);
    return r;
}
