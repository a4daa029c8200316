package org.guidedmixup.spark;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Hadoop's local file system ({@code file://}) with permissions set through {@code java.nio}. Without
 * Hadoop's native library (which Spark's client jars do not ship), {@link RawLocalFileSystem} sets
 * the mode of every file and folder it creates by spawning {@code chmod}: about 45 processes in a
 * 60 000-image augment run, each a fork of the JVM's spawn helper, on the writing task's or the
 * committing driver's thread. Everything else is Hadoop's own ({@link LocalFileSystem}, checksums
 * included); modes with bits POSIX attributes cannot express (sticky, setuid) still go to chmod.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (unchecksummed) layer with the one method replaced. */
    public static final class Raw extends RawLocalFileSystem {
        private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            short mode = permission.toShort();
            if (!POSIX || (mode & ~0777) != 0) {
                super.setPermission(p, permission);
                return;
            }
            Files.setPosixFilePermissions(pathToFile(p).toPath(), permissions(mode));
        }

        /** The nine rwx bits of {@code mode}: FsPermission prints them as the letters the JDK parses. */
        static Set<PosixFilePermission> permissions(int mode) {
            return PosixFilePermissions.fromString(new FsPermission((short) mode).toString());
        }
    }
}
