package org.v4j.itest;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.After;
import org.junit.Before;

/**
 * A guest test that leaves nothing open: after each test the process holds the same V4L2 fds,
 * dma-bufs and mappings ({@link Gateway#v4lResources()}) as before it.
 */
public abstract class LeakCheckedGuestTest extends GatewayTest {
    private List<String> baseline;

    @Before
    public void recordBaseline() throws Exception {
        baseline = Gateway.v4lResources();
    }

    @After
    public void nothingLeaked() throws Exception {
        assertEquals(baseline, Gateway.v4lResources());
    }
}
