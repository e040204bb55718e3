package org.v4j.api;

/**
 * A failed syscall or ioctl, or a device that cannot do what was asked. The message always names
 * the device, the call and (when the kernel gave one) the errno symbol, in one line:
 * {@code not a V4L2 device: /dev/null (VIDIOC_QUERYCAP: ENOTTY)}. The device layer creates
 * these; a contract type, so applications catch it without importing the syscall layer.
 */
public class V4l2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String device;
    private final String call;
    private final int errno;
    private final String errnoName;

    /**
     * @param problem   what went wrong, in words the user understands
     * @param device    the device path (or other file) the call was made on
     * @param call      the syscall or ioctl name, e.g. {@code VIDIOC_REQBUFS}
     * @param errno     the kernel's errno, or 0 when the failure was not an errno
     * @param errnoName its symbol, e.g. {@code ENOTTY} (ignored when {@code errno} is 0)
     * @param cause     what led to this, or null
     */
    public V4l2Exception(String problem, String device, String call, int errno, String errnoName, Throwable cause) {
        super(problem + ": " + device + " (" + call + (errno != 0 ? ": " + errnoName : "") + ")", cause);
        this.problem = problem;
        this.device = device;
        this.call = call;
        this.errno = errno;
        this.errnoName = errno != 0 ? errnoName : null;
    }

    /** A failure that is not an errno: the device cannot do what was asked. */
    public V4l2Exception(String problem, String device, String call) {
        this(problem, device, call, 0, null, null);
    }

    /** The same call, device and errno as {@code cause}, told as {@code problem}. */
    public V4l2Exception(String problem, V4l2Exception cause) {
        this(problem, cause.device, cause.call, cause.errno, cause.errnoName, cause);
    }

    /** What went wrong, without the device and call. */
    public String problem() {
        return problem;
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

    /** The errno's symbol ({@code ENODEV}), or null when this failure did not come from one. */
    public String errnoName() {
        return errnoName;
    }
}
