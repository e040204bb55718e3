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
import org.v4j.api.Control;
import org.v4j.api.ControlValue;
import org.v4j.api.V4l2Exception;
import org.v4j.device.Controls;
import org.v4j.device.Device;

/**
 * {@code GET /controls[?device=D]}: the device's settable controls as JSON; {@code POST /controls} with
 * {@code name=NAME&value=VALUE}: sets one, live (a file handle of its own on the node: controls
 * are per device, not per file handle), and answers what the driver kept. A bad name or value is
 * a 400 naming the device, the call and the reason.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(CameraContext.SELECT)
@HttpWhiteboardServletPattern("/controls")
public final class ControlsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient LiveCamera camera;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServedDevice served = camera.device(req, resp);
        if (served == null) {
            return;
        }
        try (Device device = Device.open(served.path())) {
            Controls controls = device.controls();
            String json = ControlList.json(controls.list(), controls::get);
            Json.answer(resp, json);
        } catch (V4l2Exception e) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServedDevice served = camera.device(req, resp);
        if (served == null) {
            return;
        }
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        if (name == null || value == null) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "POST /controls takes name=NAME&value=VALUE");
            return;
        }
        try (Device device = Device.open(served.path())) {
            Controls controls = device.controls();
            Control control = controls.find(name);
            if (!ControlList.settable(control)) {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "control " + control.key() + " cannot be set from here");
                return;
            }
            ControlValue parsed = controls.parse(control, value);
            controls.check(control, parsed);
            ControlValue kept = controls.set(control, parsed);
            resp.setContentType("application/json");
            resp.getWriter().write(new Json().field("name", control.key()).field("value", kept.toString()).toString());
        } catch (V4l2Exception | IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }
}
