package org.guidedmixup.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.guidedmixup.testing.Images;
import org.guidedmixup.testing.OutputRows;
import org.guidedmixup.testing.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A folder of JPEG photos on a real HDFS (Hadoop's MiniDFSCluster, started here), augmented by a
 * Spark standalone cluster of two workers that read every image by path from HDFS: the output
 * equals the in-process run over the same folder on the local disk, row for row and pixel for pixel.
 */
class HdfsFolderIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    @TempDir
    static Path tmp;
    private static MiniDFSCluster hdfs;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        cluster = StandaloneCluster.start(ROOT, tmp.resolve("spark-home"), 2, "3g");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void aClusterReadingAFolderFromHdfsByPathWritesTheLocalRunsOutput() throws Exception {
        // 48 JPEGs of mixed sizes in 3 classes, and one that is cut short (a reject either way).
        Path photos = tmp.resolve("photos");
        for (int i = 0; i < 48; i++) {
            Path dir = Files.createDirectories(photos.resolve("class" + (i % 3)));
            Images.write(dir.resolve(String.format("img%02d.jpg", i)),
                    Images.encode(Images.square(40 + (i * 7) % 30, 36 + (i * 5) % 40, true, i), "jpg"));
        }
        Images.write(photos.resolve("class1").resolve("zz-cut.jpg"), Images.truncatedJpeg(40, 40));
        String uri = hdfs.getURI().toString() + "/data/photos";
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(photos.toUri()), new org.apache.hadoop.fs.Path(uri));

        String[] flags = {"--crop", "random-resized:32", "--flip", "--batch-size", "8", "--rounds", "2", "--no-preview",
            "--progress-seconds", "0", "--image-encoding", "png"};
        Path out = tmp.resolve("hdfs-cluster-out");
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("jobs/augment.sh").toString(), "--master", cluster.masterUrl(),
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false", "--executor-memory", "1500m",
                "--input", uri, "--output", out.toString()));
        cmd.addAll(List.of(flags));
        Path log = tmp.resolve("hdfs-augment.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(cluster.env());
        String text = ClusterIT.finish(pb.start(), log);
        assertTrue(text.contains("GuidedMixup augment finished"), text);
        assertTrue(text.contains("input     49 folder records"), text);
        assertTrue(text.contains("rejected  1"), text);

        Path local = tmp.resolve("local-out");
        List<String> localCmd = new ArrayList<>(List.of(ROOT.resolve("jobs/guidedmixup").toString(), "augment",
                "--input", photos.toString(), "--output", local.toString()));
        localCmd.addAll(List.of(flags));
        LaunchersIT.Result r = LaunchersIT.exec(tmp, List.of(), localCmd.toArray(new String[0]));
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> a = OutputRows.of(out);
        assertEquals(96, a.size());
        assertEquals(OutputRows.of(local), a, "the cluster's HDFS run and the local run differ");
    }
}
