package org.v4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.v4j.api.BufferType;
import org.v4j.api.CapabilityFlag;
import org.v4j.api.ControlFlag;
import org.v4j.api.ControlType;
import org.v4j.api.EventChange;
import org.v4j.api.EventType;
import org.v4j.api.InputStatus;
import org.v4j.api.InputType;
import org.v4j.api.memory.MemoryType;
import org.v4j.ioctl.V4l2Capability;
import org.v4j.ioctl.V4l2Event;
import org.v4j.ioctl.V4l2Input;
import org.v4j.ioctl.V4l2Output;
import org.v4j.ioctl.V4l2QueryExtCtrl;

/**
 * The contract's enums and the kernel's numbers (whose values ConstantConformanceTest checks
 * against the uapi headers): every constant has its own number or bit, and decoding gives back
 * the constant that was encoded.
 */
class KernelNumbersTest {
    private static <E extends Enum<E>> void distinct(Class<E> type, ToIntFunction<E> number) {
        Set<Integer> seen = new HashSet<>();
        for (E e : type.getEnumConstants()) {
            assertTrue(seen.add(number.applyAsInt(e)), type.getSimpleName() + "." + e + " shares its number");
        }
    }

    @Test
    void valuesRoundTrip() {
        for (BufferType t : BufferType.values()) {
            assertEquals(t, KernelNumbers.bufferType(KernelNumbers.value(t)));
        }
        for (ControlType t : ControlType.values()) {
            assertEquals(t, KernelNumbers.controlType(KernelNumbers.value(t)));
        }
        for (EventType t : EventType.values()) {
            assertEquals(t, KernelNumbers.eventType(KernelNumbers.value(t)));
        }
        distinct(MemoryType.class, KernelNumbers::value);
        distinct(MemoryType.class, KernelNumbers::supportsFlag);
    }

    @Test
    void everyFlagHasItsOwnSingleBit() {
        distinct(CapabilityFlag.class, KernelNumbers::bit);
        distinct(ControlFlag.class, KernelNumbers::bit);
        distinct(InputStatus.class, KernelNumbers::bit);
        for (ControlFlag f : ControlFlag.values()) {
            assertEquals(1, Integer.bitCount(KernelNumbers.bit(f)), f.toString());
            // spec order is bit order: the CLI prints flags sorted by the enum
            assertEquals(1 << f.ordinal(), KernelNumbers.bit(f), f.toString());
        }
    }

    @Test
    void flagsDecodeOnlyTheBitsSet() {
        int bits = V4l2Capability.CAP_VIDEO_CAPTURE | V4l2Capability.CAP_STREAMING | V4l2Capability.CAP_DEVICE_CAPS;
        assertEquals(EnumSet.of(CapabilityFlag.VIDEO_CAPTURE, CapabilityFlag.STREAMING),
                KernelNumbers.flags(CapabilityFlag.class, KernelNumbers::bit, bits));
        assertEquals(Set.of(), KernelNumbers.flags(ControlFlag.class, KernelNumbers::bit, V4l2QueryExtCtrl.FLAG_NEXT_CTRL));
        assertEquals(EnumSet.of(ControlFlag.READ_ONLY, ControlFlag.SLIDER), KernelNumbers.flags(ControlFlag.class,
                KernelNumbers::bit, V4l2QueryExtCtrl.FLAG_READ_ONLY | V4l2QueryExtCtrl.FLAG_SLIDER));
        assertEquals(EnumSet.of(InputStatus.NO_SIGNAL), KernelNumbers.flags(InputStatus.class, KernelNumbers::bit,
                V4l2Input.ST_NO_SIGNAL));
    }

    @Test
    void eventChangesDependOnTheEventType() {
        // bit 1 is VALUE in a control event and RESOLUTION in a source change event
        assertEquals(EnumSet.of(EventChange.VALUE),
                KernelNumbers.flags(EventChange.class, KernelNumbers::controlChangeBit, V4l2Event.CTRL_CH_VALUE));
        assertEquals(EnumSet.of(EventChange.RESOLUTION),
                KernelNumbers.flags(EventChange.class, KernelNumbers::sourceChangeBit, V4l2Event.SRC_CH_RESOLUTION));
        assertEquals(EnumSet.of(EventChange.FLAGS, EventChange.RANGE, EventChange.DIMENSIONS),
                KernelNumbers.flags(EventChange.class, KernelNumbers::controlChangeBit,
                        V4l2Event.CTRL_CH_FLAGS | V4l2Event.CTRL_CH_RANGE | V4l2Event.CTRL_CH_DIMENSIONS));
    }

    @Test
    void unknownNumbersAreNamed() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> KernelNumbers.bufferType(3));
        assertTrue(type.getMessage().contains("v4l2_buf_type 3"), type.getMessage());
        IllegalStateException event = assertThrows(IllegalStateException.class, () -> KernelNumbers.eventType(0x08000001));
        assertTrue(event.getMessage().contains(Integer.toString(0x08000001)), event.getMessage());
        assertEquals(ControlType.COMPOUND, KernelNumbers.controlType(0x0110)); // V4L2_CTRL_TYPE_HDR10_CLL_INFO
        assertEquals(InputType.CAMERA, KernelNumbers.inputType(V4l2Input.TYPE_CAMERA, false));
        assertEquals(InputType.ANALOG, KernelNumbers.inputType(V4l2Output.TYPE_ANALOG, true));
        assertEquals(InputType.UNKNOWN, KernelNumbers.inputType(99, false));
    }
}
