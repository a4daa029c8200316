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
            for (String field : new String[] {"pair_mix_ms", "encode_ms", "total_ms", "batches", "cpu", "isa", "vector_bits",
                    "jit"}) {
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
        assertTrue(r.out().startsWith("cpu: "), "the machine first: " + r.out());
        assertTrue(r.out().lines().skip(1).findFirst().orElse("").startsWith("shape"), r.out());
    }

    @Test
    void badSettingsAreOneLine() {
        for (String[] args : List.of(new String[] {"--batch-sizes", "1"}, new String[] {"--shapes", "3x32"},
                new String[] {"--seconds", "0"}, new String[] {"--saliency-engine", "gpu"},
                new String[] {"--photos", "/no/such/folder"})) {
            String[] full = new String[args.length + 1];
            full[0] = "bench";
            System.arraycopy(args, 0, full, 1, args.length);
            CliRunner.Result r = CliRunner.run(full);
            assertEquals(2, r.exit(), Arrays.toString(args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void photosAreTimedInThePillowAnchorsModesAndForm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("photos").resolve("a"));
        for (int i = 0; i < 4; i++) {
            org.guidedmixup.testing.Images.write(dir.resolve(i + ".jpg"), org.guidedmixup.testing.Images.encode(
                    org.guidedmixup.testing.Images.square(40 + i, 50, true, i), "jpg"));
        }
        CliRunner.Result r = CliRunner.run("bench", "--photos", tmp.resolve("photos").toString(), "--size", "16", "--passes", "1",
                "--json");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(3, lines.size(), r.out());
        String[] modes = {"decode", "decode+resize", "draft+resize"};
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).startsWith("{\"mode\": \"" + modes[i] + "\", \"size\": 16, \"files\": 4, \"threads\": 1, "),
                    lines.get(i));
            Matcher m = IPS.matcher(lines.get(i));
            assertTrue(m.find() && Double.parseDouble(m.group(1)) > 0, lines.get(i));
            assertTrue(lines.get(i).matches(".*\"jpeg_library\": \"(turbojpeg /.+|opencv|imageio)\"}"), lines.get(i));
        }
    }
}
