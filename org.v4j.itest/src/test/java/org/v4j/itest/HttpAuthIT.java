package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Hashtable;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/** HTTP Basic over the camera's servlet context: no password, a wrong one, the right one; the password kept hashed. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpAuthIT extends GatewayTest {
    private static final int PORT = Integer.getInteger("v4j.http.auth.test.port", 18182);

    private static int status(String path, String credentials) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + path).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(20_000);
        if (credentials != null) {
            c.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return c.getResponseCode();
        } catch (java.io.IOException e) {
            return -1;
        } finally {
            c.disconnect();
        }
    }

    @Test
    public void credentialsAreRequiredCheckedAndTheStoredPasswordIsAHash() throws Exception {
        new FakeCapture().register(context);
        Configuration config = FakeCapture.httpConfiguration(context);
        Hashtable<String, Object> c = new Hashtable<>();
        c.put("device", "/dev/fake0");
        c.put("port", PORT);
        c.put("auth", "basic");
        c.put("user", "viewer");
        c.put(".password", "s3cret");
        c.put("capture.target", FakeCapture.TARGET);
        config.update(c);
        long end = System.nanoTime() + 60_000_000_000L;
        while (status("/state", "viewer:s3cret") != 200) {
            assertTrue("/state did not answer within 60 s: " + status("/state", "viewer:s3cret") + " "
                    + status("/state", null) + " " + config.getProperties() + " " + java.util.Arrays.toString(
                    context.getServiceReferences((String) null, "(service.pid=org.apache.felix.http)")), System.nanoTime() < end);
            Thread.sleep(100);
        }
        assertEquals("no credentials", 401, status("/state", null));
        assertEquals("wrong password", 401, status("/state", "viewer:secret"));
        assertEquals("wrong user", 401, status("/state", "admin:s3cret"));
        assertEquals("a path that does not exist, without credentials", 401, status("/nonesuch", null));
        assertEquals("a path that does not exist", 404, status("/nonesuch", "viewer:s3cret"));
        assertEquals(200, status("/snapshot", "viewer:s3cret"));
        end = System.nanoTime() + 30_000_000_000L;
        while (config.getProperties().get(".password") != null) {
            assertTrue("the plain password stayed in the configuration", System.nanoTime() < end);
            Thread.sleep(100);
        }
        String hash = String.valueOf(config.getProperties().get(".password.hash"));
        assertTrue(hash, hash.startsWith("pbkdf2-sha256:"));
        assertFalse(hash, hash.contains("s3cret"));
        assertEquals("still served after the rewrite", 200, status("/state", "viewer:s3cret"));
    }
}
