package org.guidedmixup.cli;

import org.apache.spark.sql.SparkSession;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.readback.PreviewJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.util.concurrent.Callable;

/** {@code preview DIR --out preview.png}: a contact sheet of mixed rows of an augment output. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Draw source, partner, their saliency, the mask and the mixed image of some mixed rows.")
final class PreviewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "output folder of augment (a local path or any Hadoop URI, e.g. hdfs://...)")
    String dir;

    @Option(names = "--out", paramLabel = "PNG", description = "where to write the sheet (default: preview.png)")
    File out = new File("preview.png");

    @Option(names = "--rows", paramLabel = "N", description = "examples to draw (default: 8)")
    int rows = 8;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || rows > 64) {
            throw new IllegalArgumentException("--rows must be in 1..64, got " + rows);
        }
        try (SessionScope session = SessionScope.start("guidedmixup preview", "local[*]")) {
            SparkSession spark = session.spark;
            int drawn = PreviewJob.run(spark, ShardFormat.qualified(dir), out.toPath().toAbsolutePath(), rows);
            if (drawn == 0) {
                System.out.println("no mixed rows in " + dir + "; nothing to draw");
                return 0;
            }
            System.out.println("preview of " + drawn + " mixed rows: " + out.getAbsolutePath());
            return 0;
        }
    }
}
