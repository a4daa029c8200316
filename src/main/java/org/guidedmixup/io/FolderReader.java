package org.guidedmixup.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The image-folder layout: one sub-folder per class under the root, class ids in sorted name order,
 * files (at any depth below the class folder) in sorted path order. Hidden files and folders are
 * skipped; every other file is a record (one that is not an image becomes a reject).
 */
public final class FolderReader {
    private FolderReader() {
    }

    /**
     * A folder named by a Hadoop file system URI ({@code hdfs://...}), with the same layout and
     * order rules; the records' paths are full URIs, which the tasks read through Hadoop.
     */
    public static DriverListing read(String root) {
        if (!InputFiles.isUri(root)) {
            return read(Path.of(root));
        }
        if (!InputFiles.isDirectory(root)) {
            throw new InputException("image folder not found: " + root);
        }
        try {
            List<org.apache.hadoop.fs.FileStatus> classes = new ArrayList<>();
            for (org.apache.hadoop.fs.FileStatus s : InputFiles.children(root)) {
                if (s.isDirectory()) {
                    classes.add(s);
                }
            }
            if (classes.isEmpty()) {
                throw new InputException(root + " has no class sub-folders; the folder layout is ROOT/<class>/<image files>");
            }
            List<SourceRecord> out = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int k = 0; k < classes.size(); k++) {
                names.add(classes.get(k).getPath().getName());
                for (String f : InputFiles.filesBelow(classes.get(k).getPath())) {
                    out.add(SourceRecord.file(out.size(), k, f));
                }
            }
            return new DriverListing(out, classes.size(), names);
        } catch (IOException e) {
            throw new InputException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    public static DriverListing read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InputException("image folder not found: " + root);
        }
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (classes.isEmpty()) {
            throw new InputException(root + " has no class sub-folders; the folder layout is ROOT/<class>/<image files>");
        }
        List<SourceRecord> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            Path dir = classes.get(k);
            names.add(dir.getFileName().toString());
            try (Stream<Path> s = Files.walk(dir)) {
                List<Path> files = s.filter(Files::isRegularFile)
                        .filter(p -> !hiddenBelow(dir, p))
                        .sorted().toList();
                for (Path f : files) {
                    String name = f.toAbsolutePath().normalize().toString();
                    if (name.indexOf('\uFFFD') >= 0) {
                        // The name's bytes are not valid in the JVM's file-name encoding: as a string
                        // it no longer names the file, so executors could not open it.
                        out.add(SourceRecord.rejected(out.size(), k, name, RejectKind.BAD_FILE_NAME, "file name is not valid "
                                + System.getProperty("sun.jnu.encoding", "UTF-8") + " (the JVM's file-name encoding);"
                                + " rename the file, or run under a UTF-8 locale if the name is UTF-8"));
                        continue;
                    }
                    out.add(SourceRecord.file(out.size(), k, name));
                }
            } catch (IOException e) {
                throw new InputException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return new DriverListing(out, classes.size(), names);
    }

    private static boolean hidden(Path p) {
        return InputFiles.hidden(p.getFileName().toString());
    }

    private static boolean hiddenBelow(Path dir, Path file) {
        for (Path part : dir.relativize(file)) {
            if (InputFiles.hidden(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
