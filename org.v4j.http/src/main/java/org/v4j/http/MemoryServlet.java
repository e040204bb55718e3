package org.v4j.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.v4j.api.stream.MemoryPreference;

/**
 * {@code POST /memory[?device=D]} with {@code prefer=auto} or a list ({@code dmabuf,mmap}): the stream follows
 * that preference from now on and swaps memory while the picture keeps running (the stream's own
 * hot-swap). Answers the stream's memory path after the request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(CameraContext.SELECT)
@HttpWhiteboardServletPattern("/memory")
public final class MemoryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient LiveCamera camera;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServedDevice device = camera.device(req, resp);
        if (device == null) {
            return;
        }
        String prefer = req.getParameter("prefer");
        MemoryPreference preference;
        try {
            preference = MemoryPreference.parse(prefer == null ? "" : prefer);
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        device.stream().setMemory(preference);
        resp.setContentType("application/json");
        resp.getWriter().write(new Json().field("memory_preference", preference.toString())
                .field("memory_path", device.stream().stats().memoryPath()).toString());
    }
}
