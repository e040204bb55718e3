/* The C side of DowncallBenchmark: the same ioctl(pipe, FIONREAD, &n), timed in rounds the way
 * JMH times its iterations; prints the median ns per call of the rounds. Build: gcc -O2. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10, calls = 1000000, p[2], n;
    double ns[64];
    if (rounds < 1 || rounds > 64 || pipe2(p, O_CLOEXEC) != 0) {
        return 2;
    }
    for (int i = 0; i < calls; i++) { /* warm-up, as JMH's warm-up iterations */
        if (ioctl(p[0], FIONREAD, &n) != 0) return 1;
    }
    for (int r = 0; r < rounds; r++) {
        double start = now_ns();
        for (int i = 0; i < calls; i++) {
            if (ioctl(p[0], FIONREAD, &n) != 0) return 1;
        }
        ns[r] = (now_ns() - start) / calls;
    }
    qsort(ns, rounds, sizeof ns[0], compare);
    printf("%.1f %.1f %.1f\n", ns[rounds / 2], ns[0], ns[rounds - 1]); /* median min max */
    return 0;
}
