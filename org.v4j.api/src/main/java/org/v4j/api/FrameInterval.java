package org.v4j.api;

/** One answer of VIDIOC_ENUM_FRAMEINTERVALS: a discrete interval, or a stepwise or continuous range. */
public sealed interface FrameInterval {
    record Discrete(Fraction interval) implements FrameInterval {
        @Override
        public String toString() {
            return interval.toString();
        }
    }

    record Stepwise(Fraction min, Fraction max, Fraction step, boolean continuous) implements FrameInterval {
        @Override
        public String toString() {
            return (continuous ? "continuous " : "stepwise ") + min + " - " + max + " step " + step;
        }
    }
}
