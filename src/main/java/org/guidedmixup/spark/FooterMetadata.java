package org.guidedmixup.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds key-value metadata (algorithm, options, seed, class names, version) to a finished Parquet
 * file's footer. Spark's writer has no hook for it, so the file is re-assembled by parquet-hadoop,
 * copying its row groups byte for byte (nothing is decoded) and writing a new footer.
 */
final class FooterMetadata {
    private FooterMetadata() {
    }

    /** Stamps {@code file} and returns the number of rows its footer counts. */
    static long stamp(String file, Map<String, String> extra) {
        Configuration conf = new Configuration();
        Path path = new Path(file);
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".stamping");
        try {
            FileSystem fs = path.getFileSystem(conf);
            ParquetMetadata footer = ParquetFileReader.readFooter(conf, path, ParquetMetadataConverter.NO_FILTER);
            Map<String, String> kv = new HashMap<>(footer.getFileMetaData().getKeyValueMetaData());
            kv.putAll(extra);
            ParquetFileWriter w = new ParquetFileWriter(HadoopOutputFile.fromPath(tmp, conf),
                    footer.getFileMetaData().getSchema(), ParquetFileWriter.Mode.OVERWRITE,
                    org.apache.parquet.hadoop.ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
            w.start();
            w.appendFile(HadoopInputFile.fromPath(path, conf));
            w.end(kv);
            if (!fs.delete(path, false) || !fs.rename(tmp, path)) {
                throw new IOException("cannot replace " + path + " with its stamped copy");
            }
            long rows = 0;
            for (org.apache.parquet.hadoop.metadata.BlockMetaData b : footer.getBlocks()) {
                rows += b.getRowCount();
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metadata into " + file + ": " + e.getMessage(), e);
        }
    }
}
