package org.v4j.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context every camera servlet is in: HTTP Basic authentication when {@link Access}
 * says so (the server bound to another address than loopback, or {@code auth=basic}), checked
 * against the configuration's hashed password. Nothing of the camera is reachable without it.
 * It reads the rule from {@link LiveCamera} rather than the configuration, so its own service
 * properties never change (the whiteboard re-creates a context whose properties change).
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = CameraContext.NAME, path = "/")
public final class CameraContext extends ServletContextHelper {
    static final String NAME = "org.v4j.http";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    @Reference
    private LiveCamera camera;

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Access a = camera.access();
        if (!a.required()) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0 && pair.substring(0, colon).equals(a.user())
                        && PasswordHash.verify(a.passwordHash(), pair.substring(colon + 1).toCharArray())) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // a 401 below
            }
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"v4j\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "credentials required");
        return false;
    }
}
