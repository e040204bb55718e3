package org.v4j.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /stream[?device=D]}: multipart MJPEG until the client goes or the camera stream ends. Each
 * client writes on its own request thread from its own mailbox ({@link Viewer}): a client that
 * reads slowly blocks only its thread and loses frames of its own.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(CameraContext.SELECT)
@HttpWhiteboardServletPattern("/stream")
public final class StreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** How long without a picture before checking whether the camera stream is still there. */
    private static final long POLL_MILLIS = 2_000;

    @Reference
    private transient LiveCamera camera;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServedDevice device = camera.device(req, resp);
        if (device == null) {
            return;
        }
        FrameHub hub = device.hub();
        int limit = camera.config().clients();
        if (hub.viewerCount() >= limit) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "already " + limit + " clients (the limit)");
            return;
        }
        if (device.stream().stats().state().isEnded()) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    device.path() + " is not streaming: " + device.stream().stats().state());
            return;
        }
        resp.setContentType(Multipart.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        ServletOutputStream out = resp.getOutputStream();
        Viewer viewer = hub.join();
        try {
            while (!viewer.isClosed()) {
                Picture picture = viewer.take(POLL_MILLIS);
                if (picture == null) {
                    if (device.hub() != hub || device.stream().stats().state().isEnded()) {
                        break;
                    }
                    continue;
                }
                out.write(picture.part()); // one write: the part is framed once for every client
                out.flush();
                hub.sent(picture, picture.jpeg().length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client closed the connection: nothing to answer
        } finally {
            hub.leave(viewer);
        }
    }
}
