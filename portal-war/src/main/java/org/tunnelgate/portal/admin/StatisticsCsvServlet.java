package org.tunnelgate.portal.admin;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.tunnelgate.peer.entity.PoolUse;
import org.tunnelgate.portal.web.Times;
import org.tunnelgate.stats.entity.DailyFigures;

/**
 * The statistics page's data as CSV ({@code /admin/statistics.csv?data=daily|live|pools}; role
 * admin by the console's security constraint): what the charts show, times in the viewer's zone,
 * which the header names. Text cells that a spreadsheet would take for a formula are quoted with
 * a leading apostrophe.
 */
@WebServlet("/admin/statistics.csv")
public class StatisticsCsvServlet extends HttpServlet {

    @Inject
    StatisticsBacking statistics;

    @Inject
    Times times;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String data = request.getParameter("data");
        if (data == null || !data.matches("daily|live|pools")) {
            response.sendError(400, "data must be daily, live or pools");
            return;
        }
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"tunnelgate-" + data + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        switch (data) {
            case "daily" -> {
                out.print("day_utc,profile,unique_users,max_concurrent\r\n");
                for (DailyFigures d : statistics.getDays()) {
                    out.print(d.day() + "," + cell(d.profileId()) + "," + d.uniqueUsers() + "," + d.maxConcurrent() + "\r\n");
                }
            }
            case "live" -> {
                out.print(cell("time (" + times.getZoneName() + ")") + ",profile,connections\r\n");
                for (StatisticsBacking.LivePoint p : statistics.getLive()) {
                    out.print(times.plain(p.at()) + "," + cell(p.profileId()) + "," + p.connections() + "\r\n");
                }
            }
            default -> {
                out.print("profile,protocol,in_use,capacity,percent\r\n");
                for (PoolUse pool : statistics.getPools()) {
                    out.print(cell(pool.profileId()) + "," + pool.protocol().apiName() + "," + pool.used() + "," + pool.capacity()
                            + "," + pool.percent() + "\r\n");
                }
            }
        }
    }

    /** A text cell: quoted when it holds a comma, quote or line break; a leading = + - @ made harmless. */
    static String cell(String text) {
        String value = text == null ? "" : text;
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.chars().anyMatch(ch -> ch == '"' || ch == ',' || ch == '\r' || ch == '\n')) {
            value = "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
