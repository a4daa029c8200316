package org.guidedmixup.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for integration tests: a master and a worker as
 * separate JVMs started from Maven's jars alone (no Spark installation), and the worker's executor
 * JVMs. SPARK_HOME is a folder whose {@code jars/} links Spark's own jars: the project's
 * compile-scope dependencies without what the job jar carries (DL4J, ND4J, DataVec, JavaCPP,
 * JTransforms). {@link #close()} stops every process it started, also when a test fails.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final List<String> JOB_JAR_GROUPS = List.of("org.deeplearning4j", "org.nd4j", "org.datavec",
            "org.bytedeco", "com.github.wendykierp");

    public final Path home;
    public final int port;
    private final String javaFlags;
    private final List<Process> started = new ArrayList<>();
    private Process worker;

    private StandaloneCluster(Path home, int port, String javaFlags) {
        this.home = home;
        this.port = port;
        this.javaFlags = javaFlags;
    }

    /**
     * Starts a master and one worker with {@code cores} cores and {@code memory} (e.g. "3g"), and
     * waits until the worker has registered.
     */
    public static StandaloneCluster start(Path projectRoot, Path home, int cores, String memory) throws Exception {
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("work"));
        Path cpFile = home.resolve("classpath.txt");
        run(projectRoot, "mvn", "-B", "-q", "-o", "dependency:build-classpath", "-DincludeScope=compile",
                "-DexcludeGroupIds=" + String.join(",", JOB_JAR_GROUPS), "-Dmdep.outputFile=" + cpFile);
        for (String jar : Files.readString(cpFile).strip().split(":")) {
            Path link = home.resolve("jars").resolve(Path.of(jar).getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, Path.of(jar));
            }
        }
        String flags = run(projectRoot, "bash", "-c", ". jobs/java-opts.sh && echo $GM_JAVA_FLAGS").strip();
        StandaloneCluster c = new StandaloneCluster(home, freePort(), flags);
        try {
            c.startMaster();
            c.worker = c.startWorker(cores, memory);
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** A SPARK_SUBMIT value for the launchers: Spark's SparkSubmit class on this SPARK_HOME's jars. */
    public String submitCommand() {
        return "java " + javaFlags + " -cp " + home.resolve("jars") + "/* org.apache.spark.deploy.SparkSubmit";
    }

    /** Environment for processes that talk to the cluster. */
    public Map<String, String> env() {
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12", "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_SUBMIT", submitCommand());
    }

    /** The worker's executor JVMs now running. */
    public List<ProcessHandle> executors() {
        return worker.toHandle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    private void startMaster() throws Exception {
        Path log = home.resolve("master.log");
        Process p = spawn(log, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        awaitLog(p, log, "I have been elected leader", 90);
    }

    private Process startWorker(int cores, String memory) throws Exception {
        Path log = home.resolve("worker.log");
        Process p = spawn(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port",
                String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()), "--cores", String.valueOf(cores),
                "--memory", memory, "--work-dir", home.resolve("work").toString(), masterUrl());
        awaitLog(p, log, "Successfully registered with master", 90);
        return p;
    }

    private Process spawn(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m"));
        cmd.addAll(List.of(javaFlags.split(" ")));
        cmd.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1"));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void awaitLog(Process p, Path log, String line, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("cluster process exited (" + p.exitValue() + "): " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + line + "' within " + seconds + " s: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        // Worker first (with its executors), then the master; forcibly, and wait for each.
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The newest executor's stderr in the worker's work folder, if any. */
    public Optional<Path> executorLog() throws IOException {
        try (var s = Files.walk(home.resolve("work"))) {
            return s.filter(f -> f.getFileName().toString().equals("stderr")).max(java.util.Comparator.comparing(f -> f.toFile().lastModified()));
        }
    }
}
