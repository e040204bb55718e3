package org.v4j.api;

/** {@code enum v4l2_ctrl_type}, with the short names v4l2-ctl prints. */
public enum ControlType {
    INTEGER(1, "int"), BOOLEAN(2, "bool"), MENU(3, "menu"), BUTTON(4, "button"), INTEGER64(5, "int64"),
    CTRL_CLASS(6, "ctrl_class"), STRING(7, "str"), BITMASK(8, "bitmask"), INTEGER_MENU(9, "intmenu"),
    U8(0x100, "u8"), U16(0x101, "u16"), U32(0x102, "u32"), AREA(0x106, "area"),
    /** A compound type v4j reads and writes as raw bytes only. */
    COMPOUND(-1, "compound");

    private final int value;
    private final String shortName;

    ControlType(int value, String shortName) {
        this.value = value;
        this.shortName = shortName;
    }

    public int value() {
        return value;
    }

    /** As v4l2-ctl prints it: {@code int}, {@code bool}, {@code menu}... */
    public String shortName() {
        return shortName;
    }

    /** The type for a kernel value; {@link #COMPOUND} for the codec and other compound types. */
    public static ControlType of(int value) {
        for (ControlType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        return COMPOUND;
    }

    /** Whether the value travels inline in {@code v4l2_ext_control.value} (32-bit). */
    public boolean isInline32() {
        return this == INTEGER || this == BOOLEAN || this == MENU || this == BUTTON || this == BITMASK
                || this == INTEGER_MENU;
    }
}
