package org.v4j.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /devices}: the served devices as a JSON array, the default one first: path, driver,
 * card, state, fps and clients of each, and the query that picks it on every other endpoint.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(CameraContext.SELECT)
@HttpWhiteboardServletPattern("/devices")
public final class DevicesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient LiveCamera camera;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Json> list = new ArrayList<>();
        for (ServedDevice d : camera.devices()) {
            var s = d.stream();
            list.add(new Json().field("device", d.path()).field("driver", s.capability().driver())
                    .field("card", s.capability().card()).field("state", s.stats().state().name()).field("fps", d.hub().fps())
                    .field("clients", d.hub().viewerCount()).field("query", d.query()));
        }
        Json.answer(resp, Json.array(list));
    }
}
