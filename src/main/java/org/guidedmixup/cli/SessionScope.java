package org.guidedmixup.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts Spark for a command: under spark-submit the master and settings it was given; run
 * directly, the embedded master from the configuration (local[*] by default). A session that was
 * already running (a notebook, a test) is used as is and left running.
 */
final class SessionScope implements AutoCloseable {
    final SparkSession spark;
    private final boolean owned;

    private SessionScope(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    static SessionScope start(String appName, String defaultMaster) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return new SessionScope(SparkSession.getDefaultSession().get(), false);
        }
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(defaultMaster);
            // In-process runs print their own progress; Spark's bar would interleave with it.
            conf.set("spark.ui.showConsoleProgress", "false");
            conf.setIfMissing("spark.ui.enabled", "false");
            // Local files get their modes from java.nio instead of a chmod process each (see the class).
            conf.setIfMissing("spark.hadoop.fs.file.impl", org.guidedmixup.spark.output.NioLocalFileSystem.class.getName());
            // The same for FileContext, which publishes the output: no readlink process per rename.
            conf.setIfMissing("spark.hadoop.fs.AbstractFileSystem.file.impl",
                    org.guidedmixup.spark.output.NioLocalFileSystem.Afs.class.getName());
        }
        return new SessionScope(SparkSession.builder().appName(appName).config(conf).getOrCreate(), true);
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
