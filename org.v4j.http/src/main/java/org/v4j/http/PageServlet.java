package org.v4j.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /[?device=D]}: a page with the live picture ({@code <img src="stream">}), the state
 * refreshed every second, the device's controls and memory, and the list of served devices
 * (each a link to its own page). Every other path that no servlet serves is a 404 here (this is the default servlet).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(CameraContext.SELECT)
@HttpWhiteboardServletPattern("/")
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient LiveCamera camera;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (!path.equals("/") && !path.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no such page: " + path);
            return;
        }
        ServedDevice device = camera.device(req, resp);
        if (device == null) {
            return;
        }
        String page;
        try (InputStream in = PageServlet.class.getResourceAsStream("page.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<ServedDevice> all = camera.devices();
        StringBuilder list = new StringBuilder();
        for (ServedDevice d : all) {
            var s = d.stream();
            String label = escape(d.path()) + " (" + escape(s.capability().card()) + ", " + s.stats().state() + ")";
            list.append("<li>").append(d == device ? "<b>" + label + "</b>"
                    : "<a href=\"./" + escape(query(all, d)) + "\">" + label + "</a>").append("</li>\n");
        }
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        String query = query(all, device);
        resp.getWriter().write(page.replace("${device}", escape(device.path())).replace("${query}", escape(query))
                .replace("${and}", query.isEmpty() ? "" : escape("&" + query.substring(1))).replace("${devices}", list.toString()));
    }

    /** What the page's own links add to pick {@code d}: nothing for the default device. */
    private static String query(List<ServedDevice> all, ServedDevice d) {
        return d == all.getFirst() ? "" : d.query();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
