package org.v4j.api;

/** {@code enum v4l2_ctrl_type}, with the short names v4l2-ctl prints. */
public enum ControlType {
    INTEGER("int"), BOOLEAN("bool"), MENU("menu"), BUTTON("button"), INTEGER64("int64"), CTRL_CLASS("ctrl_class"),
    STRING("str"), BITMASK("bitmask"), INTEGER_MENU("intmenu"), U8("u8"), U16("u16"), U32("u32"), AREA("area"),
    /** A compound type v4j reads and writes as raw bytes only (the codec controls and others). */
    COMPOUND("compound");

    private final String shortName;

    ControlType(String shortName) {
        this.shortName = shortName;
    }

    /** As v4l2-ctl prints it: {@code int}, {@code bool}, {@code menu}... */
    public String shortName() {
        return shortName;
    }

    /** Whether the value travels inline in {@code v4l2_ext_control.value} (32-bit). */
    public boolean isInline32() {
        return this == INTEGER || this == BOOLEAN || this == MENU || this == BUTTON || this == BITMASK
                || this == INTEGER_MENU;
    }
}
