package org.v4j.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may see the camera: anyone on loopback; on any other address only with credentials, unless
 * the configuration says {@code auth=none} explicitly.
 *
 * @param required     whether requests must carry Basic credentials
 * @param user         the user name they must carry
 * @param passwordHash {@link PasswordHash} of the password
 */
record Access(boolean required, String user, String passwordHash) {
    /**
     * @throws IllegalArgumentException for an auth value it does not know, or credentials required and missing
     */
    static Access of(LiveCamera.Config c) {
        String auth = c.auth().trim();
        boolean required = switch (auth) {
            case "basic" -> true;
            case "none" -> false;
            case "" -> !isLoopback(c.bind());
            default -> throw new IllegalArgumentException("auth must be basic, none or empty (basic off loopback): " + auth);
        };
        // a plain password is hashed here too, so it works before LiveCamera rewrites the configuration
        String hash = PasswordHash.isHash(c._password_hash()) ? c._password_hash()
                : c._password().isEmpty() ? null : PasswordHash.hash(c._password().toCharArray());
        if (required && (c.user().isBlank() || hash == null)) {
            throw new IllegalArgumentException("bound to " + c.bind() + (auth.isEmpty() ? "" : " with auth=" + auth)
                    + ": set user and password (stored hashed), or auth=none to serve without credentials");
        }
        return new Access(required, c.user(), hash);
    }

    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind: no such address " + bind);
        }
    }
}
