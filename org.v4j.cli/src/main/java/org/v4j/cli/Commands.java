package org.v4j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.v4j.api.stream.CaptureService;

/** Dispatches {@code ./v4j} subcommands. Exit codes: 0 done, 1 failed, 2 bad command line. */
final class Commands {
    static final int OK = 0, FAILED = 1, USAGE = 2;

    static final String USAGE_TEXT = """
            usage: v4j capture [-d DEVICE] [--count N] [--memory auto|TYPE,...] [--dmabuf-from DEVICE|heap|udmabuf]
                               [--size WxH] [--pixelformat FOURCC] [--png FILE] [--vm]
                   v4j serve [-d DEVICE]... [--port N] [--bind ADDRESS] [--memory auto|TYPE,...] [--quality Q]
                             [--user U (password in $V4J_HTTP_PASSWORD)] [--auth basic|none] [--vm]
                   v4j shell [--script FILE] [--vm]
                   v4j list | info [-d DEVICE] | set [-d DEVICE] NAME=VALUE... [--vm]
                   v4j soak [-d DEVICE] [--cycles N] [--dmabuf-from DEVICE|heap|udmabuf] [--vm]
                   v4j bench [--frames N] [--repeat R] [--warmup W] [--short] [--vm]
                   v4j encode [-d DEVICE] --to FILE [--count N] [--size WxH] [--pixelformat FOURCC] [--encoder NODE] [--vm]
                   v4j decode FILE [--png FILE] [--pixelformat FOURCC] [--decoder NODE] [--vm]
                   v4j convert [-d DEVICE] [--via NODE] [--pixelformat FOURCC] [--count N] [--size WxH] [--png FILE] [--vm]
              capture  stream N frames (default 50) from DEVICE (default: the first capture device)
                       and print one summary line; --png writes the last frame as a PNG.
                       --memory: auto (mmap, dmabuf, userptr) or types best first, e.g. dmabuf,mmap;
                       the stream swaps memory when providers come and go
              serve    DEVICE over HTTP at http://127.0.0.1:8080/ (a page with the live picture, /stream
                       MJPEG, /snapshot JPEG or ?format=png, /state JSON, /metrics Prometheus) until stopped
              list     the V4L2 devices and their nodes; info: capabilities, inputs, formats with sizes
                       and intervals, selections, controls with ranges, menus and values; set: controls
              soak     N cycles (default 100) of start, swap, stop over every memory type; compares
                       fds, mappings, threads and memory before and after
              shell    the gateway's Gogo shell (v4j:capture, v4j:await, v4j:streams, v4j:close,
                       stop/start BUNDLE); with --script, run the commands in FILE and exit
              encode   N frames (default 30) of DEVICE, 640x360 YUYV by default, through a stateful FWHT
                       encoder (vicodec) with no copy: the camera's buffers imported as dma-bufs
              decode   an FWHT file through a stateful decoder; --png writes the last frame
              convert  N frames (default 10) of DEVICE as RGB3 through a converter (vim2m by default) to
                       FOURCC (default BGR3, checked against Java's channel swap), zero-copy; --png last frame
              bench    v4j side by side with a C loop, v4l2-ctl and GStreamer on one device: one table
                       (the gateway's own part: bench [-d DEVICE] [--variants raw-mmap,stream-dmabuf,...]
                       [--warmup W] [--frames N] [--size WxH] [--fps F] [--markers])""";

    private Commands() {}

    /**
     * {@code v4j shell ...} on the process's own stdin, stdout and stderr (System.out is Gogo's
     * per-thread redirection by now, which must not be its own target).
     */
    static int shell(String[] args, org.apache.felix.service.command.CommandProcessor processor) {
        try {
            PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
            PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
            return ShellCommand.run(args, processor, new java.io.FileInputStream(java.io.FileDescriptor.in), out, err);
        } catch (UsageException e) {
            System.err.println("v4j: " + e.getMessage());
            System.err.println(USAGE_TEXT);
            return USAGE;
        }
    }

    /** The value of {@code -d} in {@code args}, or null. */
    static String device(String[] args) {
        String device = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-d", "--device" -> {
                    if (++i >= args.length) {
                        throw new UsageException(args[i - 1] + " needs a device");
                    }
                    device = args[i];
                }
                case "--vm" -> { }
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        return device;
    }

    static int run(String[] args, CaptureService capture, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "capture" -> new CaptureCommand(CaptureOptions.parse(rest), capture, out).run();
                case "list" -> ListCommand.run(out, err);
                case "info" -> InfoCommand.run(device(rest), out);
                case "set" -> SetCommand.run(rest, out);
                case "soak" -> {
                    try {
                        yield SoakCommand.run(rest, capture, out);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                case "bench" -> BenchCommand.run(rest, capture, out);
                case "serve" -> {
                    try {
                        yield ServeCommand.run(rest, capture, out);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                case "encode" -> EncodeCommand.run(rest, out);
                case "convert" -> ConvertCommand.run(rest, out);
                case "decode" -> DecodeCommand.run(rest, out, err);
                case "help", "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println("v4j: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (RuntimeException e) {
            err.println(e.getMessage() != null ? e.getMessage() : e.toString());
            return FAILED;
        }
    }
}
