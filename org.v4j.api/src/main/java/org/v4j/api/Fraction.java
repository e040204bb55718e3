package org.v4j.api;

/** A V4L2 fraction ({@code struct v4l2_fract}): a frame interval in seconds, {@code 1/30}. */
public record Fraction(int numerator, int denominator) {
    /** Parses {@code 1/30}. */
    public static Fraction parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Fraction(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("not a fraction: '" + text + "' (like 1/30)");
    }

    /** Frames per second for a frame interval (0 when undefined). */
    public double perSecond() {
        return numerator == 0 ? 0 : (double) denominator / numerator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
