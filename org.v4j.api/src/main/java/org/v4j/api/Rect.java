package org.v4j.api;

/** A rectangle ({@code struct v4l2_rect}): a crop or compose selection. */
public record Rect(int left, int top, int width, int height) {
    @Override
    public String toString() {
        return "(" + left + "," + top + ")/" + width + "x" + height;
    }
}
