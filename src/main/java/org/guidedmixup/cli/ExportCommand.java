package org.guidedmixup.cli;

import org.apache.spark.sql.SparkSession;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.readback.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.util.concurrent.Callable;

/** {@code export DIR --out rows.npz}: chosen rows with their sources, partners, saliency and masks, for notebooks. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write chosen rows of an augment output (mixed, source and partner images, saliency maps, masks,"
                + " labels) to a NumPy .npz, and optionally as PNG files.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "output folder of augment (a local path or any Hadoop URI, e.g. hdfs://...)")
    String dir;

    @Option(names = "--out", paramLabel = "NPZ", description = "the .npz to write (default: export.npz)")
    File out = new File("export.npz");

    @Option(names = "--rows", paramLabel = "N", description = "the first N rows by (round, source_id) (default: 16)")
    int rows = 16;

    @Option(names = "--round", paramLabel = "R", description = "only rows of round R")
    Integer round;

    @Option(names = "--source-ids", split = ",", paramLabel = "ID", description = "exactly these source ids (mixed or not)")
    long[] sourceIds = new long[0];

    @Option(names = "--include-clean", description = "also rows that were not mixed (default: mixed rows only)")
    boolean includeClean;

    @Option(names = "--png-dir", paramLabel = "DIR", description = "also write each row's mixed, source and partner images as PNG files here")
    File pngDir;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || rows > 100_000) {
            throw new IllegalArgumentException("--rows must be in 1..100000, got " + rows);
        }
        if (!out.getName().endsWith(".npz")) {
            throw new IllegalArgumentException("--out must name a .npz file, got " + out);
        }
        try (SessionScope session = SessionScope.start("guidedmixup export", "local[*]")) {
            SparkSession spark = session.spark;
            int n = ExportJob.run(spark, ShardFormat.qualified(dir),
                    new ExportJob.Selection(rows, round, sourceIds, includeClean), out.toPath().toAbsolutePath(),
                    pngDir == null ? null : pngDir.toPath().toAbsolutePath());
            System.out.println("exported " + n + " rows: " + out.getAbsolutePath()
                    + (pngDir == null ? "" : " (PNG files in " + pngDir.getAbsolutePath() + ")"));
            return 0;
        }
    }
}
