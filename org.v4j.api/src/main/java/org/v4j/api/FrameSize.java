package org.v4j.api;

/** One answer of VIDIOC_ENUM_FRAMESIZES: a discrete size, or a stepwise or continuous range. */
public sealed interface FrameSize {
    record Discrete(int width, int height) implements FrameSize {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** Sizes from min to max in steps ({@code continuous}: step 1). */
    record Stepwise(int minWidth, int maxWidth, int stepWidth, int minHeight, int maxHeight, int stepHeight,
            boolean continuous) implements FrameSize {
        @Override
        public String toString() {
            return (continuous ? "continuous " : "stepwise ") + minWidth + "x" + minHeight + " - " + maxWidth + "x"
                    + maxHeight + " step " + stepWidth + "/" + stepHeight;
        }
    }
}
