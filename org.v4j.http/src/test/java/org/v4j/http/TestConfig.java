package org.v4j.http;

import java.lang.annotation.Annotation;

/** A {@link LiveCamera.Config} as Configuration Admin would hand it, for host tests. */
final class TestConfig {
    private TestConfig() {}

    static LiveCamera.Config of(String[] devices, String bind, String auth, String user, String password, String hash) {
        return new LiveCamera.Config() {
            @Override public Class<? extends Annotation> annotationType() { return LiveCamera.Config.class; }
            @Override public String[] device() { return devices; }
            @Override public String memory() { return "auto"; }
            @Override public int quality() { return 80; }
            @Override public double fps_cap() { return 0; }
            @Override public int clients() { return 20; }
            @Override public int port() { return 8080; }
            @Override public String bind() { return bind; }
            @Override public String auth() { return auth; }
            @Override public String user() { return user; }
            @Override public String _password() { return password; }
            @Override public String _password_hash() { return hash; }
        };
    }

    static LiveCamera.Config devices(String... devices) {
        return of(devices, "127.0.0.1", "", "", "", "");
    }
}
