/*
 * A /stream client for ./v4j bench --serve: what a dashboard does, in C so that the client costs
 * the same whichever server it watches. GET the multipart MJPEG stream from 127.0.0.1:PORT, read
 * every part to its last byte for SECONDS, and say how many parts came and how old each was on
 * arrival, when its last byte came: v4j's X-Timestamp is the frame's capture time on the wall
 * clock (CLOCK_REALTIME); ustreamer's X-Timestamp is the time it sends the part, so with
 * ?extra_headers=1 its X-UStreamer-Grab-Time (CLOCK_MONOTONIC, when it took the frame) is used
 * instead. HTTP/1.0, so that no server chunks the body.
 *
 *   mjpeg-client PORT SECONDS [PATH]
 *   prints: parts=N bytes=B age_median_ms=X age_p95_ms=Y stamped=S first_ms=F
 * (F: from connecting to the first whole part, -1 if none came).
 */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PARTS 100000

static char buf[8 << 20];
static size_t len;       /* bytes in buf */
static double ages[MAX_PARTS];
static int fd;
static double deadline;  /* CLOCK_MONOTONIC, seconds */

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void die(const char *what) {
    fprintf(stderr, "mjpeg-client: %s: %s\n", what, errno ? strerror(errno) : "unexpected data");
    exit(1);
}

/* Reads more into buf; 0 when the time is up or the server closed. */
static int fill(void) {
    double left = deadline - now(CLOCK_MONOTONIC);
    if (left <= 0 || len == sizeof buf) return 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, (int) (left * 1000) + 1);
    if (r < 0) die("poll");
    if (r == 0) return 0;
    ssize_t n = read(fd, buf + len, sizeof buf - len);
    if (n < 0) die("read");
    if (n == 0) return 0;
    len += (size_t) n;
    return 1;
}

/* The offset just past the next blank line (end of a header block), reading as needed; -1 at the end. */
static long headers_end(void) {
    char *end;
    while ((end = memmem(buf, len, "\r\n\r\n", 4)) == NULL) {
        if (!fill()) return -1;
    }
    return end - buf + 4;
}

static void consume(size_t n) {
    memmove(buf, buf + n, len - n);
    len -= n;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: mjpeg-client PORT SECONDS [PATH]\n");
        return 2;
    }
    const char *path = argc > 3 ? argv[3] : "/stream";
    double start = now(CLOCK_MONOTONIC), first = -1;
    deadline = start + atof(argv[2]);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[1]))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &a, sizeof a) < 0) die("connect");
    char request[256];
    int n = snprintf(request, sizeof request, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, request, (size_t) n) != n) die("write");

    long end = headers_end();
    if (end < 0) die("no HTTP response");
    if (len < 12 || memcmp(buf + 9, "200", 3) != 0) {
        errno = 0;
        fprintf(stderr, "mjpeg-client: %.*s\n", (int) (memchr(buf, '\r', len) ? (char *) memchr(buf, '\r', len) - buf : 0), buf);
        return 1;
    }
    consume((size_t) end);

    long parts = 0, stamped = 0;
    unsigned long long bytes = 0;
    for (;;) {
        end = headers_end();
        if (end < 0) break;
        buf[end - 1] = '\0'; /* the headers as a string, for strstr */
        char *cl = strcasestr(buf, "Content-Length:");
        char *grab = strcasestr(buf, "X-UStreamer-Grab-Time:");
        char *ts = strcasestr(buf, "X-Timestamp:");
        if (cl == NULL) die("a part without Content-Length");
        size_t body = strtoul(cl + 15, NULL, 10);
        double stamp = grab ? atof(grab + 22) : ts ? atof(ts + 12) : 0;
        clockid_t clock = grab ? CLOCK_MONOTONIC : CLOCK_REALTIME;
        consume((size_t) end);
        while (len < body) {
            if (!fill()) goto done;
        }
        if (stamp > 0 && stamped < MAX_PARTS) ages[stamped++] = (now(clock) - stamp) * 1000;
        consume(body);
        if (parts == 0) first = (now(CLOCK_MONOTONIC) - start) * 1000;
        parts++;
        bytes += body;
    }
done:
    qsort(ages, (size_t) stamped, sizeof ages[0], by_value);
    printf("parts=%ld bytes=%llu age_median_ms=%.1f age_p95_ms=%.1f stamped=%ld first_ms=%.0f\n", parts, bytes,
           stamped ? ages[stamped / 2] : -1.0, stamped ? ages[stamped * 95 / 100] : -1.0, stamped, first);
    return 0;
}
