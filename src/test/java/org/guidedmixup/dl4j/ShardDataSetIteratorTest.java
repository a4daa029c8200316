package org.guidedmixup.dl4j;

import org.guidedmixup.io.InputException;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.Idx;
import org.guidedmixup.testing.SparkTestSession;
import org.guidedmixup.train.data.ShardEpochs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardDataSetIteratorTest {
    @TempDir
    static Path dir;
    static Path out;

    @BeforeAll
    static void augment() {
        Path images = Idx.firstImages(dir.resolve("in"), 300);
        out = dir.resolve("out");
        AugmentRuns.run(Map.of("input", images.toString(), "output", out.toString(), "rounds", 2, "batch-size", 16,
                "partitions", 3));
    }

    /** Epoch e of the iterator is epoch e of train --data, DataSet for DataSet, in the same order. */
    @Test
    void epochsEqualTrainDataDataSets() {
        ShardEpochs train = ShardEpochs.open(SparkTestSession.get(), out.toString());
        try (ShardDataSetIterator it = new ShardDataSetIterator(out.toString()).setPrefetch(2)) {
            assertEquals(2, it.rounds());
            assertEquals(2, it.getPrefetch());
            assertEquals(784, it.inputColumns());
            assertEquals(10, it.totalOutcomes());
            assertEquals(16, it.batch());
            for (int e = 0; e < 3; e++) {
                if (e > 0) {
                    it.nextEpoch();
                }
                assertEquals(e, it.epoch());
                assertEquals(e % 2, it.round());
                List<DataSet> expected = train.epoch(e).values().collect();
                List<DataSet> got = new ArrayList<>();
                while (it.hasNext()) {
                    got.add(it.next());
                }
                assertEquals(expected.size(), got.size(), "batches of epoch " + e);
                int examples = 0;
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(expected.get(i).getFeatures(), got.get(i).getFeatures(), "features of batch " + i);
                    assertEquals(expected.get(i).getLabels(), got.get(i).getLabels(), "labels of batch " + i);
                    examples += got.get(i).numExamples();
                }
                assertEquals(300, examples);
                // reset() keeps DataSetIterator's contract: the same epoch again, batch for batch.
                it.reset();
                assertEquals(e, it.epoch());
                for (DataSet d : got) {
                    assertEquals(d.getFeatures(), it.next().getFeatures(), "epoch " + e + " read again after reset()");
                }
                while (it.hasNext()) {
                    it.next();
                }
            }
        }
    }

    @Test
    void aDamagedFolderIsRefusedWithOneLineNamingIt() throws IOException {
        Path copy = dir.resolve("damaged");
        copyTree(out, copy);
        try (Stream<Path> s = Files.list(copy.resolve("shards"))) {
            Files.delete(s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow());
        }
        InputException e = assertThrows(InputException.class, () -> new ShardDataSetIterator(copy.toString()));
        assertTrue(e.getMessage().contains(copy.toString()) || e.getMessage().contains("damaged"), e.getMessage());
        Files.delete(copy.resolve("_SUCCESS"));
        e = assertThrows(InputException.class, () -> new ShardDataSetIterator(copy.toString()));
        assertTrue(e.getMessage().contains("_SUCCESS"), e.getMessage());
    }

    /** A shard file damaged after the check fails the read with the file's name, and never leaves a reader waiting. */
    @Test
    void aFileDamagedAfterOpeningFailsTheReadWithItsName() throws IOException {
        Path copy = dir.resolve("damaged-later");
        copyTree(out, copy);
        try (ShardDataSetIterator it = new ShardDataSetIterator(copy.toString())) {
            try (Stream<Path> s = Files.list(copy.resolve("shards"))) {
                for (Path p : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".parquet"))::iterator) {
                    Files.write(p, new byte[] {1, 2, 3});
                }
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                RuntimeException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        java.time.Duration.ofMinutes(2), () -> assertThrows(RuntimeException.class, () -> {
                            while (it.hasNext()) {
                                it.next();
                            }
                        }));
                assertTrue(e.getMessage().contains("cannot read shard file"), e.getMessage());
            }
        }
    }

    /**
     * The README's example in a JVM with the class path a user of the library gets (its compile and
     * runtime dependencies, as the build writes them into target/library-classpath.txt): no Spark.
     * It trains 2 epochs and prints the loss of each.
     */
    @Test
    void readmeExampleRunsWithoutSpark() throws Exception {
        String library = Files.readString(Path.of("target", "library-classpath.txt")).strip();
        String cp = String.join(File.pathSeparator, Path.of("target", "classes").toString(),
                Path.of("target", "test-classes").toString(), library);
        assertTrue(!cp.contains("spark-core") && !cp.contains("spark-sql"), cp);
        Path log = dir.resolve("example.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", cp, "org.guidedmixup.examples.ShardIteratorExample", out.toString(), "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "example finished");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("epoch 0 (round 0): loss"), text);
        assertTrue(text.contains("epoch 1 (round 1): loss"), text);
        int batches = 0;
        try (ShardDataSetIterator it = new ShardDataSetIterator(out.toString())) {
            for (int e = 0; e < 2; e++, it.nextEpoch()) {
                while (it.hasNext()) {
                    it.next();
                    batches++;
                }
            }
        }
        assertTrue(text.contains("iterations " + batches), "one iteration per batch of rounds 0 and 1: " + text);
        System.out.println(text.lines().filter(l -> l.startsWith("epoch") || l.startsWith("iterations"))
                .collect(Collectors.joining("\n")));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
