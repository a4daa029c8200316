package org.guidedmixup.cli;

import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.core.BatchAugmenter;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.io.JsonFormat;
import org.guidedmixup.io.PngCodec;
import org.guidedmixup.model.TrainStepBench;
import org.guidedmixup.spark.saliency.SaliencyEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench}: single-thread throughput of the per-batch hot path (saliency, pairing and mixing,
 * PNG encoding) on synthetic batches of a few shapes, as a table. No Spark: it measures the code an
 * executor core runs per batch. Use it before and after a change to the core.
 *
 * <p>Each (shape, batch, engine) runs in a JVM of its own by default, as JMH forks: in one JVM the
 * JIT's code for the first shape slows the later ones (3x32x32 measured 2.37 ms per batch after
 * 1x28x28 against 1.62 ms alone), and a job only ever sees one shape.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the per-batch hot path (saliency, pairing + mixing, PNG encoding) on one thread.",
            "With --train: time DL4J training steps (forward, backward, SGD) without Spark."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--photos", paramLabel = "DIR", description = "time decoding and resizing the images under DIR on one thread"
            + " (the modes of shared/tools/pil_decode_bench.py: decode, decode+resize, draft+resize) instead of the kernel")
    Path photos;

    @Option(names = "--size", description = "--photos: resize to SIZE x SIZE (default: 224)")
    int size = 224;

    @Option(names = "--passes", description = "--photos: passes over the files, best reported (default: 3)")
    int passes = 3;

    @Option(names = "--train", description = "time training steps of --models (no Spark) instead of the augmentation kernel")
    boolean train;

    @Option(names = "--models", split = ",", description = "--train: lenet | resnet, or a comma list (default: lenet)")
    String[] models = {"lenet"};

    @Option(names = "--threads", split = ",", description = "--train: native (OpenMP) threads per JVM, a comma list (default: 1)")
    int[] threads = {1};

    @Option(names = "--train-engines", split = ",", description = "--train: onednn | dl4j (DL4J's own kernels), a comma list (default: onednn,dl4j)")
    String[] trainEngines = {"onednn", "dl4j"};

    @Option(names = {"--batch-sizes", "--batch-size"}, split = ",", description = "images per batch, a comma list (default: 32)")
    int[] batchSizes = {32};

    @Option(names = "--json", description = "one JSON object per line and (shape, batch) instead of the table")
    boolean json;

    private int batchSize;
    private SaliencyEngine engine;

    @Option(names = "--saliency-engine", split = ",", description = "cpu | nd4j | auto, or a comma list to compare (default: cpu)")
    String[] engines = {"cpu"};

    @Option(names = "--seconds", description = "measuring time per shape (default: 3)")
    double seconds = 3;

    @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run each shape, batch size and engine in a fresh JVM, as a job would see it (default: on)")
    boolean fork = true;

    @Option(names = "--shapes", split = ",", description = "CxHxW shapes (default: 1x28x28,3x32x32,3x64x64,3x224x224)")
    String[] shapes = {"1x28x28", "3x32x32", "3x64x64", "3x224x224"};

    @Override
    public Integer call() {
        if (train) {
            return trainSteps();
        }
        if (photos != null) {
            return photoDecoding();
        }
        for (int b : batchSizes) {
            if (b < 2) {
                throw new IllegalArgumentException("--batch-sizes: each must be >= 2, got " + b);
            }
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be > 0, got " + seconds);
        }
        if (!json) {
            System.out.println(BenchMachine.here().describe());
            System.out.printf(Locale.ROOT, "%-11s %6s %-6s %10s %10s %10s %10s %11s%n", "shape", "batch", "engine", "saliency",
                    "pair+mix", "png", "total", "images/s");
            System.out.printf(Locale.ROOT, "%-11s %6s %-6s %10s %10s %10s %10s %11s%n", "", "", "", "ms/batch", "ms/batch",
                    "ms/batch", "ms/batch", "no png");
        }
        List<Shape> parsed = new ArrayList<>();
        for (String s : shapes) {
            parsed.add(Shape.parse(s));
        }
        boolean several = shapes.length * batchSizes.length * engines.length > 1;
        for (Shape shape : parsed) {
            for (int b : batchSizes) {
                batchSize = b;
                for (String e : engines) {
                    engine = SaliencyEngine.parse(e, "--saliency-engine");
                    if (fork && several) {
                        runForked(shape, b, e.trim());
                    } else {
                        print(run(shape));
                    }
                }
            }
        }
        return 0;
    }

    /** {@code bench --photos DIR}: one line per mode, in the anchor's JSON form with {@code --json}. */
    private int photoDecoding() {
        if (!java.nio.file.Files.isDirectory(photos)) {
            throw new IllegalArgumentException("--photos: " + photos + " is not a folder; give a folder of images");
        }
        if (size < 1 || passes < 1) {
            throw new IllegalArgumentException("--size and --passes must be >= 1, got " + size + " and " + passes);
        }
        List<Path> files = org.guidedmixup.io.DecodeBench.files(photos);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--photos: no files under " + photos);
        }
        for (org.guidedmixup.io.DecodeBench.Result r : org.guidedmixup.io.DecodeBench.run(files, size, passes)) {
            if (json) {
                Map<String, Object> line = new java.util.LinkedHashMap<>();
                line.put("mode", r.mode());
                line.put("size", r.size());
                line.put("files", r.files());
                line.put("threads", 1);
                line.put("images_per_second", Math.round(r.imagesPerSecond() * 10) / 10.0);
                line.put("jpeg_library", org.guidedmixup.io.DecodeBench.jpegLibrary());
                System.out.println(JsonFormat.line(line));
            } else {
                System.out.printf(Locale.ROOT, "%-14s %5d px %7d files %10.1f images/s (1 thread, JPEG by %s)%n", r.mode(),
                        r.size(), r.files(), r.imagesPerSecond(), org.guidedmixup.io.DecodeBench.jpegLibrary());
            }
        }
        return 0;
    }

    /**
     * {@code bench --train}: one JSON line or table row per (model, batch, threads, engine), each in
     * a JVM of its own whose OpenMP thread count is set before ND4J loads (OMP_NUM_THREADS).
     */
    private int trainSteps() {
        for (int b : batchSizes) {
            if (b < 1) {
                throw new IllegalArgumentException("--batch-sizes: each must be >= 1, got " + b);
            }
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("--threads: each must be >= 1, got " + t);
            }
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be > 0, got " + seconds);
        }
        for (String e : trainEngines) {
            if (!e.trim().equals("onednn") && !e.trim().equals("dl4j")) {
                throw new IllegalArgumentException("--train-engines: got '" + e + "', allowed: onednn, dl4j");
            }
        }
        for (String m : models) {
            modelKind(m);
        }
        if (!json) {
            System.out.printf(Locale.ROOT, "%-7s %6s %8s %-7s %10s %12s%n", "model", "batch", "threads", "engine", "ms/step", "images/s");
        }
        boolean several = models.length * batchSizes.length * threads.length * trainEngines.length > 1;
        for (String m : models) {
            for (int b : batchSizes) {
                for (int t : threads) {
                    for (String e : trainEngines) {
                        TrainLine line;
                        if (fork && several) {
                            line = read(forkTrain(m.trim(), b, t, e.trim()), TrainLine.class);
                        } else {
                            TrainStepBench.Result r = TrainStepBench.run(modelKind(m), b, e.trim().equals("onednn"), seconds);
                            String omp = System.getenv("OMP_NUM_THREADS");
                            line = new TrainLine(r.model(), b, omp == null ? Runtime.getRuntime().availableProcessors()
                                    : Integer.parseInt(omp.trim()), r.engine(), round(r.imagesPerSecond(), 1),
                                    round(r.seconds() * 1e3 / r.steps(), 3), r.steps());
                        }
                        if (json) {
                            System.out.println(write(line));
                        } else {
                            System.out.printf(Locale.ROOT, "%-7s %6d %8d %-7s %10.2f %12.0f%n", line.model(), line.batch(),
                                    line.threads(), line.engine(), line.msPerStep(), line.imagesPerSecond());
                        }
                    }
                }
            }
        }
        return 0;
    }

    private static org.guidedmixup.model.ModelKind modelKind(String m) {
        try {
            return org.guidedmixup.model.ModelKind.valueOf(m.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--models: got '" + m + "', allowed: lenet, resnet");
        }
    }

    private String forkTrain(String model, int batch, int nThreads, String engineName) {
        List<String> cmd = childJvm();
        cmd.addAll(List.of("bench", "--train", "--no-fork", "--json", "--models", model, "--batch-sizes", Integer.toString(batch),
                "--threads", Integer.toString(nThreads), "--train-engines", engineName, "--seconds", Double.toString(seconds)));
        return runChild(cmd, Map.of("OMP_NUM_THREADS", Integer.toString(nThreads)),
                model + " batch " + batch + " threads " + nThreads + " " + engineName);
    }

    /** This JVM's java, options and class path, for a child that runs {@link Main}. */
    private static List<String> childJvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Profilers and debuggers attached to this JVM stay with it.
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-XX:StartFlightRecording")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }

    /** Runs a child bench JVM and returns the last JSON line it printed. */
    private static String runChild(List<String> cmd, Map<String, String> env, String what) {
        String line = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            Process child = pb.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith("{")) {
                        line = l;
                    }
                }
            }
            int rc = child.waitFor();
            if (rc != 0 || line == null) {
                throw new IllegalStateException("the bench JVM for " + what + " failed (exit " + rc
                        + "); run with --no-fork to see it in this JVM");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a bench JVM (" + e.getMessage() + "); run with --no-fork", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return line;
    }

    /** One line of {@code bench --json}: the kernel's stages per batch of one shape, batch size and engine. */
    record KernelLine(String shape, int batch, String engine, double saliencyMs, double pairMixMs, double encodeMs,
                      double totalMs, double imagesPerSecond, int batches, String cpu, String isa, int vectorBits,
                      String jit) {
    }

    /** One line of {@code bench --train --json}: fit steps of one model, batch size, thread count and engine. */
    record TrainLine(String model, int batch, int threads, String engine, double imagesPerSecond, double msPerStep,
                     long steps) {
    }

    /** A CxHxW image shape of {@code --shapes}. */
    record Shape(int c, int h, int w) {
        static Shape parse(String s) {
            String[] p = s.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                if (p.length == 3) {
                    Shape shape = new Shape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
                    if (shape.c > 0 && shape.h > 0 && shape.w > 0) {
                        return shape;
                    }
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("--shapes: got '" + s + "', expected CxHxW such as 3x32x32");
        }

        @Override
        public String toString() {
            return c + "x" + h + "x" + w;
        }
    }

    private static String write(Object line) {
        return JsonFormat.line(line);
    }

    private static <T> T read(String line, Class<T> type) {
        try {
            return JsonFormat.compact().readValue(line, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a bench JVM printed a line that is not its result: " + line, e);
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** One combination in a child JVM (same class path and JVM options), its JSON line printed here. */
    private void runForked(Shape shape, int batch, String engineName) {
        List<String> cmd = childJvm();
        cmd.addAll(List.of("bench", "--no-fork", "--json", "--shapes", shape.toString(), "--batch-sizes", Integer.toString(batch),
                "--saliency-engine", engineName, "--seconds", Double.toString(seconds)));
        print(read(runChild(cmd, Map.of(), shape + " batch " + batch), KernelLine.class));
    }

    private void print(KernelLine l) {
        if (json) {
            System.out.println(write(l));
        } else {
            System.out.printf(Locale.ROOT, "%-11s %6d %-6s %10.3f %10.3f %10.3f %10.3f %11.0f%n", l.shape(), l.batch(),
                    l.engine(), l.saliencyMs(), l.pairMixMs(), l.encodeMs(), l.totalMs(), l.imagesPerSecond());
        }
    }

    private KernelLine run(Shape shape) {
        int c = shape.c();
        int h = shape.h();
        int w = shape.w();
        int len = c * h * w;
        ImageBatch batch = ImageBatch.random(c, h, w, batchSize, 1);
        BatchAugmenter augmenter = new BatchAugmenter(MixupConfig.guided(10, 1.0), engine.create(null, null));
        PngCodec.Encoder png = new PngCodec.Encoder();
        byte[] bytes = new byte[len];
        long sal = 0;
        long mix = 0;
        long enc = 0;
        int batches = 0;
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        long end = Long.MAX_VALUE;
        boolean warm = true;
        while (System.nanoTime() < end) {
            AugmentedBatch out = augmenter.augment(batch, batches);
            long t0 = System.nanoTime();
            for (int i = 0; i < batchSize; i++) {
                for (int q = 0; q < len; q++) {
                    bytes[q] = (byte) Math.round(out.pixels()[i * len + q] * 255f);
                }
                png.encode(bytes, c, h, w);
            }
            long t1 = System.nanoTime();
            if (warm) {
                if (t1 > warmEnd) {
                    warm = false;
                    end = t1 + (long) (seconds * 1e9);
                }
                continue;
            }
            sal += out.saliencyNanos();
            mix += out.mixNanos();
            enc += t1 - t0;
            batches++;
        }
        double n = Math.max(1, batches);
        double total = (sal + mix + enc) / n / 1e6;
        // images/s: saliency + pairing + mixing + soft labels, without encoding (what the kernel does).
        double perSecond = batchSize / ((sal + mix) / n / 1e9);
        BenchMachine here = BenchMachine.here();
        return new KernelLine(shape.toString(), batchSize, engine.label(), round(sal / n / 1e6, 4), round(mix / n / 1e6, 4),
                round(enc / n / 1e6, 4), round(total, 4), round(perSecond, 1), batches, here.cpu(), here.isa(),
                here.vectorBits(), here.jit());
    }
}
