package org.v4j.ioctl;

import org.v4j.api.V4l2Exception;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** epoll on eventfds, which every Linux host has: tokens come back with their events, errors name the fd. */
class EpollTest {
    @Test
    void readyFdsComeBackWithTheirTokens() {
        try (Epoll epoll = Epoll.open("epoll of a test"); EventFd a = EventFd.open("a"); EventFd b = EventFd.open("b")) {
            epoll.add(a.fd(), "a", Epoll.EPOLLIN, 0x1_0000_0001L);
            epoll.add(b.fd(), "b", Epoll.EPOLLIN, 42);
            assertEquals(0, epoll.await(0), "nothing signalled");

            b.signal();
            assertEquals(1, epoll.await(1000));
            assertEquals(42, epoll.token(0));
            assertEquals(Epoll.EPOLLIN, epoll.events(0));

            a.signal();
            Map<Long, Integer> ready = new HashMap<>();
            int n = epoll.await(1000);
            for (int i = 0; i < n; i++) {
                ready.put(epoll.token(i), epoll.events(i));
            }
            assertEquals(Map.of(0x1_0000_0001L, Epoll.EPOLLIN, 42L, Epoll.EPOLLIN), ready, "level-triggered: b is still ready");

            b.drain();
            epoll.modify(a.fd(), "a", 0, 7);
            assertEquals(0, epoll.await(0), "a is disarmed, b drained");
            epoll.modify(a.fd(), "a", Epoll.EPOLLIN, 7);
            assertEquals(1, epoll.await(0));
            assertEquals(7, epoll.token(0), "the token given by MOD");

            epoll.remove(a.fd(), "a");
            assertEquals(0, epoll.await(0), "a removed");
        }
    }

    @Test
    void errorsNameTheFdTheCallAndErrno() {
        try (Epoll epoll = Epoll.open("epoll of a test"); EventFd a = EventFd.open("a")) {
            epoll.add(a.fd(), "eventfd a", Epoll.EPOLLIN, 1);
            V4l2Exception twice = assertThrows(V4l2Exception.class, () -> epoll.add(a.fd(), "eventfd a", Epoll.EPOLLIN, 1));
            assertEquals(Errno.EEXIST, twice.errno());
            assertEquals("eventfd a", twice.device());
            assertTrue(twice.getMessage().contains("epoll_ctl(ADD) on epoll of a test: EEXIST"), twice.getMessage());
            V4l2Exception unknown = assertThrows(V4l2Exception.class, () -> epoll.remove(-1, "no fd"));
            assertEquals(Errno.EBADF, unknown.errno());
        }
    }

    @Test
    void closeOfEpollAndEventFdIsIdempotentAndReleasesTheFd() throws Exception {
        long before = SyscallsTest.openFds();
        Epoll epoll = Epoll.open("epoll of a test");
        assertEquals(before + 1, SyscallsTest.openFds());
        epoll.close();
        epoll.close();
        assertEquals(before, SyscallsTest.openFds());
        assertEquals(Errno.EBADF, assertThrows(V4l2Exception.class, () -> epoll.await(0)).errno());

        EventFd wake = EventFd.open("wake");
        assertEquals(before + 1, SyscallsTest.openFds());
        wake.close();
        wake.close();
        wake.signal(); // harmless after close
        assertEquals(before, SyscallsTest.openFds());
        assertEquals(-1, wake.fd());
    }
}
