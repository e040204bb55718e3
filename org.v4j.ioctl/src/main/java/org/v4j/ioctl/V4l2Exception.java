package org.v4j.ioctl;

/**
 * A failed syscall or ioctl, or a device that cannot do what was asked. The message always names
 * the device, the call and (when the kernel gave one) the errno symbol, in one line:
 * {@code not a V4L2 device: /dev/null (VIDIOC_QUERYCAP: ENOTTY)}.
 */
public class V4l2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String device;
    private final String call;
    private final int errno;

    /**
     * @param problem what went wrong, in words the user understands
     * @param device  the device path (or other file) the call was made on
     * @param call    the syscall or ioctl name, e.g. {@code VIDIOC_REQBUFS}
     * @param errno   the kernel's errno, or 0 when the failure was not an errno
     */
    public V4l2Exception(String problem, String device, String call, int errno) {
        this(problem, device, call, errno, null);
    }

    public V4l2Exception(String problem, String device, String call, int errno, Throwable cause) {
        super(problem + ": " + device + " (" + call + (errno != 0 ? ": " + Errno.name(errno) : "") + ")", cause);
        this.device = device;
        this.call = call;
        this.errno = errno;
    }

    /** A call that failed with {@code errno}, described by the C library's text for it. */
    public static V4l2Exception failed(String device, String call, int errno) {
        String text = Errno.describe(errno);
        String problem = text.isEmpty() ? "failed" : Character.toLowerCase(text.charAt(0)) + text.substring(1);
        return new V4l2Exception(problem, device, call, errno);
    }

    public String device() {
        return device;
    }

    public String call() {
        return call;
    }

    /** The kernel's errno, 0 when this failure did not come from one. */
    public int errno() {
        return errno;
    }
}
