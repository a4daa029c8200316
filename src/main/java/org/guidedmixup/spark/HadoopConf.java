package org.guidedmixup.spark;

import org.apache.hadoop.conf.Configuration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The driver's Hadoop configuration (with Spark's {@code spark.hadoop.*} settings: file-system
 * implementations, credentials) carried to the tasks that write files themselves.
 */
final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private transient Configuration conf;

    HadoopConf(Configuration conf) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            conf.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.bytes = b.toByteArray();
        this.conf = conf;
    }

    Configuration get() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                c.readFields(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            conf = c;
        }
        return conf;
    }
}
