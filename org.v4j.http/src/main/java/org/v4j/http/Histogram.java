package org.v4j.http;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/** A Prometheus histogram in seconds: fixed upper bounds, counts per bucket, sum; thread-safe, no allocation per observation. */
final class Histogram {
    /** 1 ms to 5 s: encode times and frame ages of a camera stream. */
    static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < bounds.length && seconds > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(seconds);
    }

    double[] bounds() {
        return bounds.clone();
    }

    /** Observations at or below each bound, then the total (the {@code +Inf} bucket). */
    long[] cumulative() {
        long[] c = new long[bounds.length + 1];
        long running = 0;
        for (int i = 0; i <= bounds.length; i++) {
            running += counts.get(i);
            c[i] = running;
        }
        return c;
    }

    double sum() {
        return sum.sum();
    }
}
