package org.guidedmixup.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench}: JSON and table output, one fresh JVM per combination by default, and its errors. */
class BenchCommandTest {
    private static final Pattern IPS = Pattern.compile("\"images_per_second\": ([0-9.]+)");

    @Test
    void jsonLinesFromForkedJvms() {
        CliRunner.Result r = CliRunner.run("bench", "--json", "--shapes", "1x8x8,3x8x8", "--batch-sizes", "4",
                "--seconds", "0.2");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("{\"shape\": \"1x8x8\", \"batch\": 4, \"engine\": \"cpu\", \"saliency_ms\": "), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"shape\": \"3x8x8\", \"batch\": 4,"), lines.get(1));
        for (String l : lines) {
            for (String field : new String[] {"pair_mix_ms", "encode_ms", "total_ms", "batches"}) {
                assertTrue(l.contains("\"" + field + "\": "), field + " in " + l);
            }
            Matcher m = IPS.matcher(l);
            assertTrue(m.find() && Double.parseDouble(m.group(1)) > 0, l);
        }
    }

    @Test
    void tableInThisJvm() {
        CliRunner.Result r = CliRunner.run("bench", "--no-fork", "--shapes", "1x8x8", "--batch-sizes", "4,6", "--seconds", "0.2");
        assertEquals(0, r.exit(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("1x8x8")).toList();
        assertEquals(2, rows.size(), r.out());
        assertEquals("4", rows.get(0).split("\\s+")[1]);
        assertEquals("6", rows.get(1).split("\\s+")[1]);
        assertTrue(r.out().startsWith("shape"), r.out());
    }

    @Test
    void badSettingsAreOneLine() {
        for (String[] args : List.of(new String[] {"--batch-sizes", "1"}, new String[] {"--shapes", "3x32"},
                new String[] {"--seconds", "0"}, new String[] {"--saliency-engine", "gpu"})) {
            String[] full = new String[args.length + 1];
            full[0] = "bench";
            System.arraycopy(args, 0, full, 1, args.length);
            CliRunner.Result r = CliRunner.run(full);
            assertEquals(2, r.exit(), Arrays.toString(args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }
}
