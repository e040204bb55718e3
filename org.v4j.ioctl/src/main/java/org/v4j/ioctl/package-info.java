/**
 * The bottom layer of v4j: Linux syscalls through FFM downcalls, the V4L2 struct layouts this
 * project uses, ioctl request numbers computed from those layouts, and one typed method per
 * ioctl. One final class per kernel facility: {@link org.v4j.ioctl.Syscalls} (the linker, the
 * shared errno capture, open, close, read, the page size), {@link org.v4j.ioctl.Ioctl},
 * {@link org.v4j.ioctl.Mman}, {@link org.v4j.ioctl.Memfd}, {@link org.v4j.ioctl.Inotify},
 * {@link org.v4j.ioctl.Epoll} and {@link org.v4j.ioctl.EventFd}.
 *
 * <p>The errno convention, for every call: a call returns its result, and a failure throws a
 * {@link org.v4j.api.V4l2Exception} (from {@link org.v4j.ioctl.Errno#failed}) naming the device
 * or file, the call and the errno's name. An errno that is an answer rather than a failure is
 * not thrown: the enumerations and DQEVENT of {@link org.v4j.ioctl.Vidioc} return false for it
 * (EINVAL past the end, ENOENT: no event pending), read returns 0 for EAGAIN and epoll_wait 0 for
 * EINTR. A caller that words a failure itself (a control out of range, read-only) catches the
 * exception and reads its errno.
 *
 * <p>The one exception is the hot path: QBUF and DQBUF ({@link org.v4j.ioctl.Vidioc#qbuf},
 * {@link org.v4j.ioctl.Vidioc#dqbuf}) return the errno, 0 on success, and epoll_wait and
 * eventfd_read/eventfd_write ({@link org.v4j.ioctl.Epoll#await}, {@link org.v4j.ioctl.EventFd})
 * are used without an exception on their expected outcomes, so that nothing on the streaming path
 * allocates. Errno capture ({@code Linker.Option.captureCallState("errno")}) allocates on every
 * call until C2 compiles it away (the JDK slices the capture segment), so these calls, which
 * change nothing when they fail, first run without capture and, only after a failure, run again
 * with capture to learn the errno. Reading errno without capture would be unreliable: the JVM may
 * overwrite it on the way back from native code.
 */
@Export
@Version("0.7.0")
package org.v4j.ioctl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
