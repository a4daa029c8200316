package org.guidedmixup.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files of an input that is named by a URI with a scheme ({@code hdfs://namenode:8020/photos},
 * {@code s3a://bucket/photos}, any Hadoop file system): listed on the driver and read by the tasks
 * through Hadoop's {@link FileSystem}, with the Hadoop settings on the class path (HADOOP_CONF_DIR,
 * as Spark's executors have them). Plain paths stay on java.nio (the local file system).
 */
public final class InputFiles {
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Configuration CONF = new Configuration();

    private InputFiles() {
    }

    /** Whether {@code path} names a file through a Hadoop file system ({@code scheme://...}). */
    public static boolean isUri(String path) {
        return path != null && URI_WITH_SCHEME.matcher(path).matches();
    }

    private static FileSystem fs(String uri) throws IOException {
        return FileSystem.get(URI.create(uri), CONF);
    }

    /** The whole file at {@code uri}. */
    public static byte[] read(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = fs(uri);
        long len = fs.getFileStatus(p).getLen();
        if (len > Integer.MAX_VALUE - 16) {
            throw new IOException("file of " + len + " bytes is too large for one image");
        }
        byte[] bytes = new byte[(int) len];
        try (FSDataInputStream in = fs.open(p)) {
            in.readFully(0, bytes);
        }
        return bytes;
    }

    /** Whether {@code uri} exists. */
    public static boolean exists(String uri) {
        try {
            return fs(uri).exists(new org.apache.hadoop.fs.Path(uri));
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code uri} is a directory. */
    public static boolean isDirectory(String uri) {
        try {
            return fs(uri).getFileStatus(new org.apache.hadoop.fs.Path(uri)).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The entries directly under {@code uri} that are not hidden (names starting with '.', as for local folders), in name order. */
    public static List<FileStatus> children(String uri) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : fs(uri).listStatus(new org.apache.hadoop.fs.Path(uri))) {
            if (!hidden(s.getPath().getName())) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.getPath().toString()));
        return out;
    }

    /** Every file at any depth under {@code dir}, none below a hidden name, as full URIs in path order. */
    public static List<String> filesBelow(org.apache.hadoop.fs.Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        String base = dir.toUri().getPath();
        RemoteIterator<LocatedFileStatus> it = dir.getFileSystem(CONF).listFiles(dir, true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            String rel = s.getPath().toUri().getPath().substring(base.length());
            boolean skip = false;
            for (String part : rel.split("/")) {
                skip |= !part.isEmpty() && hidden(part);
            }
            if (!skip) {
                out.add(s.getPath().toString());
            }
        }
        out.sort(null);
        return out;
    }

    /** The folder layout's rule for names skipped when listing (local folders and Hadoop ones alike). */
    static boolean hidden(String name) {
        return name.startsWith(".");
    }
}
