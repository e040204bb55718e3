package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Credentials off loopback, the explicit auth=none, and the password kept only as a PBKDF2 hash. */
class AccessTest {
    private static LiveCamera.Config config(String bind, String auth, String user, String password, String hash) {
        return TestConfig.of(new String[] {"/dev/video0"}, bind, auth, user, password, hash);
    }

    @Test
    void loopbackNeedsNoCredentialsAnyOtherAddressDoes() {
        assertFalse(Access.of(config("127.0.0.1", "", "", "", "")).required());
        assertFalse(Access.of(config("::1", "", "", "", "")).required());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Access.of(config("0.0.0.0", "", "", "", "")));
        assertTrue(e.getMessage().contains("bound to 0.0.0.0") && e.getMessage().contains("auth=none"), e.getMessage());
        Access a = Access.of(config("0.0.0.0", "", "viewer", "secret", ""));
        assertTrue(a.required());
        assertTrue(PasswordHash.verify(a.passwordHash(), "secret".toCharArray()));
    }

    @Test
    void authNoneIsExplicitAndAuthBasicAppliesOnLoopbackToo() {
        assertFalse(Access.of(config("0.0.0.0", "none", "", "", "")).required());
        assertThrows(IllegalArgumentException.class, () -> Access.of(config("127.0.0.1", "basic", "", "", "")));
        assertTrue(Access.of(config("127.0.0.1", "basic", "viewer", "", PasswordHash.hash("pw".toCharArray()))).required());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Access.of(config("127.0.0.1", "digest", "", "", "")))
                .getMessage().contains("digest"));
    }

    @Test
    void theHashVerifiesOnlyItsPasswordAndIsSalted() {
        String h1 = PasswordHash.hash("correct horse".toCharArray());
        String h2 = PasswordHash.hash("correct horse".toCharArray());
        assertTrue(h1.startsWith("pbkdf2-sha256:100000:"), h1);
        assertNotEquals(h1, h2);
        assertTrue(PasswordHash.verify(h1, "correct horse".toCharArray()));
        assertTrue(PasswordHash.verify(h2, "correct horse".toCharArray()));
        assertFalse(PasswordHash.verify(h1, "correct horse ".toCharArray()));
        assertFalse(PasswordHash.verify("sha1:abc", "x".toCharArray()));
        assertFalse(PasswordHash.verify(null, "x".toCharArray()));
        assertEquals(4, h1.split(":").length);
    }
}
