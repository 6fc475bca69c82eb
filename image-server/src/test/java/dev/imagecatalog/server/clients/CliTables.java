package dev.imagecatalog.server.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the prettytable output of {@code glance} (and {@code openstack -f table}): rows of {@code | a | b |}. */
final class CliTables {
    private CliTables() {
    }

    /** {@return the rows of a table, each cell trimmed, the header row first; border lines skipped} */
    static List<List<String>> rows(String output) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            String[] parts = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
            for (String part : parts) {
                cells.add(part.trim());
            }
            rows.add(cells);
        }
        return rows;
    }

    /** {@return a two-column "Property | Value" table as a map (a continued value's lines joined with a newline)} */
    static Map<String, String> properties(String output) {
        Map<String, String> map = new LinkedHashMap<>();
        List<List<String>> rows = rows(output);
        String last = null;
        for (List<String> row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            if (row.size() < 2) {
                continue;
            }
            if (row.get(0).isEmpty() && last != null) {
                map.put(last, map.get(last) + "\n" + row.get(1));
            } else {
                last = row.get(0);
                map.put(last, row.get(1));
            }
        }
        return map;
    }

    /** {@return one column of a listing table (its header row excluded)} */
    static List<String> column(String output, String header) {
        List<List<String>> rows = rows(output);
        if (rows.isEmpty()) {
            return List.of();
        }
        int index = rows.get(0).indexOf(header);
        if (index < 0) {
            throw new AssertionError("no column " + header + " in\n" + output);
        }
        List<String> values = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            values.add(row.get(index));
        }
        return values;
    }
}
