package org.guidedmixup.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts Spark: under spark-submit the master and settings it was given; run directly, the
 * embedded master from the configuration (local[*] by default).
 */
final class Sessions {
    private Sessions() {
    }

    static SparkSession start(String appName, String defaultMaster) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(defaultMaster);
            // In-process runs print their own progress; Spark's bar would interleave with it.
            conf.set("spark.ui.showConsoleProgress", "false");
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.sql.parquet.compression.codec", "snappy");
        return SparkSession.builder().appName(appName).config(conf).getOrCreate();
    }
}
