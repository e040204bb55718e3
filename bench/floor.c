/*
 * The floor of ./v4j bench: the least a C program does to capture every frame of a V4L2 device
 * and read it. open, S_FMT, S_PARM, REQBUFS (MMAP, 4), QUERYBUF + mmap, QBUF all, STREAMON, then
 * for each frame: poll, DQBUF, read every byte of the payload (as 64-bit words, summed), QBUF.
 * Gaps in the driver's sequence numbers are counted as dropped frames.
 *
 *   floor DEVICE WIDTH HEIGHT FPS FRAMES
 *
 * It measures nothing itself: ./v4j bench loads bench/probe.c into it (LD_PRELOAD), as into
 * v4l2-ctl and gst-launch-1.0, so that every C program is measured the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define BUFFERS 4

static const char *device;

static void die(const char *what) {
    fprintf(stderr, "floor: %s: %s (%s)\n", device, what, strerror(errno));
    exit(1);
}

static int xioctl(int fd, unsigned long request, void *arg) {
    int r;
    do {
        r = ioctl(fd, request, arg);
    } while (r == -1 && errno == EINTR);
    return r;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: floor DEVICE WIDTH HEIGHT FPS FRAMES\n");
        return 2;
    }
    device = argv[1];
    unsigned width = (unsigned) atoi(argv[2]), height = (unsigned) atoi(argv[3]), fps = (unsigned) atoi(argv[4]);
    long frames = atol(argv[5]);
    enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

    int fd = open(device, O_RDWR | O_NONBLOCK);
    if (fd < 0) die("open");

    struct v4l2_format fmt = {.type = type};
    fmt.fmt.pix.width = width;
    fmt.fmt.pix.height = height;
    fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
    fmt.fmt.pix.field = V4L2_FIELD_ANY;
    if (xioctl(fd, VIDIOC_S_FMT, &fmt)) die("VIDIOC_S_FMT");
    if (fmt.fmt.pix.width != width || fmt.fmt.pix.height != height || fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_YUYV) {
        fprintf(stderr, "floor: %s: the driver chose %ux%u instead of %ux%u YUYV\n", device,
                fmt.fmt.pix.width, fmt.fmt.pix.height, width, height);
        return 1;
    }

    struct v4l2_streamparm parm = {.type = type};
    parm.parm.capture.timeperframe.numerator = 1;
    parm.parm.capture.timeperframe.denominator = fps;
    if (xioctl(fd, VIDIOC_S_PARM, &parm)) die("VIDIOC_S_PARM");

    struct v4l2_requestbuffers req = {.count = BUFFERS, .type = type, .memory = V4L2_MEMORY_MMAP};
    if (xioctl(fd, VIDIOC_REQBUFS, &req)) die("VIDIOC_REQBUFS");
    void *start[BUFFERS];
    size_t length[BUFFERS];
    unsigned count = req.count < BUFFERS ? req.count : BUFFERS;
    for (unsigned i = 0; i < count; i++) {
        struct v4l2_buffer buf = {.index = i, .type = type, .memory = V4L2_MEMORY_MMAP};
        if (xioctl(fd, VIDIOC_QUERYBUF, &buf)) die("VIDIOC_QUERYBUF");
        length[i] = buf.length;
        start[i] = mmap(NULL, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, buf.m.offset);
        if (start[i] == MAP_FAILED) die("mmap");
    }
    for (unsigned i = 0; i < count; i++) {
        struct v4l2_buffer buf = {.index = i, .type = type, .memory = V4L2_MEMORY_MMAP};
        if (xioctl(fd, VIDIOC_QBUF, &buf)) die("VIDIOC_QBUF");
    }
    if (xioctl(fd, VIDIOC_STREAMON, &type)) die("VIDIOC_STREAMON");

    uint64_t sum = 0;
    long got = 0, dropped = 0;
    int64_t last = -1;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (got < frames) {
        int n = poll(&p, 1, 2000);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) die(n == 0 ? "no frame within 2 s" : "poll");
        struct v4l2_buffer buf = {.type = type, .memory = V4L2_MEMORY_MMAP};
        if (xioctl(fd, VIDIOC_DQBUF, &buf)) {
            if (errno == EAGAIN) continue;
            die("VIDIOC_DQBUF");
        }
        const unsigned char *data = start[buf.index];
        size_t used = buf.bytesused < length[buf.index] ? buf.bytesused : length[buf.index], i = 0;
        for (; i + 8 <= used; i += 8) {
            uint64_t word;
            memcpy(&word, data + i, 8);
            sum += word;
        }
        for (; i < used; i++) sum += data[i];
        if (last >= 0 && buf.sequence > last + 1) dropped += buf.sequence - last - 1;
        last = buf.sequence;
        got++;
        if (xioctl(fd, VIDIOC_QBUF, &buf)) die("VIDIOC_QBUF");
    }
    if (xioctl(fd, VIDIOC_STREAMOFF, &type)) die("VIDIOC_STREAMOFF");
    for (unsigned i = 0; i < count; i++) munmap(start[i], length[i]);
    close(fd);
    printf("floor: %ld frames from %s %ux%u YUYV at %u fps, dropped %ld, checksum %016llx\n",
           got, device, width, height, fps, dropped, (unsigned long long) sum);
    return 0;
}
