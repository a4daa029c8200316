package org.guidedmixup.io;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CSV manifest with a header naming at least {@code path} and {@code label} columns; paths are
 * relative to the CSV's directory (or absolute), rows are taken in file order. Labels are either
 * all integers, used as class ids, or class names, numbered in sorted order (as the folder layout
 * does). An empty label makes that row a reject.
 */
public final class ManifestReader {
    private ManifestReader() {
    }

    public static DriverListing read(Path csv) {
        IdxReader.requireFile(csv, "manifest");
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        settings.setLineSeparatorDetectionEnabled(true);
        settings.setSkipEmptyLines(true);
        settings.setMaxCharsPerColumn(1 << 16);
        List<String[]> rows;
        String[] header;
        // Decoded leniently: a row whose path is not valid UTF-8 becomes a reject, not a failed job.
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE))) {
            CsvParser parser = new CsvParser(settings);
            rows = parser.parseAll(in);
            header = parser.getContext().headers();
        } catch (IOException e) {
            throw new InputException("cannot read manifest " + csv + ": " + e.getMessage(), e);
        }
        int pathCol = column(header, "path", csv);
        int labelCol = column(header, "label", csv);
        Path base = csv.toAbsolutePath().normalize().getParent();
        // Class ids when any label is an integer (then a non-integer label is that row's reject);
        // class names only when none is, so one typo cannot renumber a whole manifest.
        boolean numeric = false;
        boolean anyLabel = false;
        for (String[] r : rows) {
            String l = cell(r, labelCol);
            anyLabel |= !l.isEmpty();
            if (l.matches("-?\\d+")) {
                numeric = true;
                break;
            }
        }
        numeric |= !anyLabel;
        Map<String, Integer> ids = new TreeMap<>();
        if (!numeric) {
            for (String[] r : rows) {
                String l = cell(r, labelCol);
                if (!l.isEmpty()) {
                    ids.put(l, 0);
                }
            }
            int k = 0;
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                e.setValue(k++);
            }
        }
        List<SourceRecord> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            String p = cell(r, pathCol);
            String l = cell(r, labelCol);
            String where = csv.getFileName() + " row " + (i + 2);
            if (p.isEmpty()) {
                out.add(SourceRecord.rejected(i, -1, where, RejectKind.MISSING_PATH, "empty path in " + where));
                continue;
            }
            if (p.indexOf('\uFFFD') >= 0) {
                out.add(SourceRecord.rejected(i, -1, where, RejectKind.BAD_FILE_NAME, "the path in " + where + " is not valid UTF-8; save the"
                        + " manifest as UTF-8"));
                continue;
            }
            Path rel = Path.of(p);
            if (!rel.isAbsolute() && !base.resolve(rel).normalize().startsWith(base)) {
                out.add(SourceRecord.rejected(i, -1, p, RejectKind.PATH_OUTSIDE_INPUT, "path '" + p + "' in " + where + " leads out of the manifest's"
                        + " folder through '..'; give such files by absolute path"));
                continue;
            }
            String resolved = base.resolve(p).normalize().toString();
            if (l.isEmpty()) {
                out.add(SourceRecord.rejected(i, -1, resolved, RejectKind.MISSING_LABEL, "empty label in " + where));
                continue;
            }
            int label;
            if (numeric) {
                try {
                    label = Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    out.add(SourceRecord.rejected(i, -1, resolved, RejectKind.BAD_LABEL, "label '" + l + "' is not an integer class id in " + where
                            + " (the manifest's other labels are)"));
                    continue;
                }
            } else {
                label = ids.get(l);
            }
            out.add(SourceRecord.file(i, label, resolved));
        }
        return new DriverListing(out, numeric ? 0 : ids.size(), numeric ? List.of() : List.copyOf(ids.keySet()));
    }

    private static int column(String[] header, String name, Path csv) {
        if (header != null) {
            for (int i = 0; i < header.length; i++) {
                if (header[i] != null && header[i].trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return i;
                }
            }
        }
        throw new InputException("manifest " + csv + " has no '" + name + "' column in its header; the first line must"
                + " name the columns, e.g. 'path,label'");
    }

    private static String cell(String[] row, int col) {
        return col < row.length && row[col] != null ? row[col].trim() : "";
    }
}
