package org.v4j.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /snapshot[?device=D]}: the next frame as JPEG; {@code ?format=png} as a lossless PNG. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(CameraContext.SELECT)
@HttpWhiteboardServletPattern("/snapshot")
public final class SnapshotServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** A few frame periods of the slowest camera (vivid's 640x360 default: 5 fps) and a slow guest. */
    private static final long WAIT_SECONDS = 10;

    @Reference
    private transient LiveCamera camera;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String format = req.getParameter("format");
        ServedDevice device = camera.device(req, resp);
        if (device == null) {
            return;
        }
        FrameHub hub = device.hub();
        resp.setHeader("Cache-Control", "no-store");
        try {
            if (format == null || format.equals("jpeg") || format.equals("jpg")) {
                Picture picture = await(hub.nextJpeg());
                resp.setContentType("image/jpeg");
                resp.setContentLength(picture.jpeg().length);
                resp.setHeader("X-Sequence", Integer.toString(picture.sequence()));
                resp.getOutputStream().write(picture.jpeg());
                hub.sent(picture, picture.jpeg().length);
            } else if (format.equals("png")) {
                BufferedImage rgb = await(hub.nextRgb());
                resp.setContentType("image/png");
                ImageIO.write(rgb, "png", resp.getOutputStream());
            } else {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "format must be jpeg or png: " + format);
            }
        } catch (TimeoutException e) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no frame from " + device.path()
                    + " within " + WAIT_SECONDS + " s (state " + device.stream().stats().state() + ")");
        } catch (ExecutionException e) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    private static <T> T await(CompletableFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            future.cancel(false);
        }
    }
}
