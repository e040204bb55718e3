package org.v4j.api;

import java.util.HexFormat;

/** The value of a control: a number (integer, 64-bit, boolean, menu index, button, bitmask), a string, or raw bytes. */
public sealed interface ControlValue {
    record Number(long value) implements ControlValue {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Text(String value) implements ControlValue {
        @Override
        public String toString() {
            return value;
        }
    }

    /** Arrays and compound controls, as the kernel lays them out. */
    record Bytes(byte[] value) implements ControlValue {
        @Override
        public String toString() {
            return HexFormat.of().formatHex(value);
        }
    }
}
