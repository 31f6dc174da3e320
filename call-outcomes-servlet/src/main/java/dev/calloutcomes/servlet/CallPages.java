package dev.calloutcomes.servlet;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A page of the call list as JSON, written with bounded memory (see {@link CallsServlet.Builder#maxPageBytes}). Stateless. */
final class CallPages {
    /** Rows read from the store at a time while a list page is written. */
    static final int ROWS_PER_READ = 50;

    private CallPages() {
    }

    /**
     * Writes {@code q}'s page, reading at most {@value #ROWS_PER_READ} rows at a time and ending the page early (with a
     * cursor to the rest) once its JSON would pass {@code maxPageBytes}: a page costs bounded memory whatever
     * its calls hold.
     */
    static void write(HttpServletResponse response, CallOutcomes outcomes, CallQuery q, int maxPageBytes) throws IOException {
        ByteArrayOutputStream items = new ByteArrayOutputStream(8192);
        int wanted = q.limit();
        int written = 0;
        CallRecord lastWritten = null;
        CallQuery.Cursor next = null;
        CallQuery chunk = q.withLimit(Math.min(wanted, ROWS_PER_READ));
        while (true) {
            CallPage page = outcomes.queryCalls(chunk);
            boolean full = false;
            for (CallRecord call : page.items()) {
                byte[] item = Http.JSON.writeValueAsBytes(CallJson.call(call));
                if (written > 0 && items.size() + item.length + 1 > maxPageBytes) {
                    full = true;
                    break;
                }
                if (written > 0) {
                    items.write(',');
                }
                items.write(item);
                written++;
                lastWritten = call;
            }
            if (full) {
                next = new CallQuery.Cursor(lastWritten.createdAt(), lastWritten.id());
                break;
            }
            if (page.next() == null || written == wanted) {
                next = page.next();
                break;
            }
            chunk = q.withLimit(Math.min(wanted - written, ROWS_PER_READ)).withCursor(page.next());
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        OutputStream out = response.getOutputStream();
        out.write("{\"items\":[".getBytes(StandardCharsets.UTF_8));
        items.writeTo(out);
        out.write(("],\"nextCursor\":" + (next == null ? "null" : "\"" + next.encode() + "\"") + "}").getBytes(StandardCharsets.UTF_8));
    }
}
