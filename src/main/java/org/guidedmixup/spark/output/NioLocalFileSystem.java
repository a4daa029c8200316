package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
 *
 * <p>Likewise a path's link status: Hadoop runs {@code readlink} on every path it asks about, and
 * {@code FileContext.rename} (how {@link StagedOutput} publishes an output) asks about both ends of
 * each rename, 4-8 processes per run, ~50 ms apart in a traced 60 000-image run. Here a path that
 * {@code java.nio} says is not a symbolic link gets its plain status, which is what Hadoop returns
 * for it after its {@code readlink}; links still go to Hadoop. {@link Afs} binds the same raw layer
 * to {@code FileContext} ({@code fs.AbstractFileSystem.file.impl}).
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (unchecksummed) layer with the one method replaced. */
    public static final class Raw extends RawLocalFileSystem {
        private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
                return getFileStatus(f);
            }
            return super.getFileLinkStatus(f);
        }

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

    /**
     * {@code FileContext}'s view of the local file system ({@code fs.AbstractFileSystem.file.impl})
     * over {@link Raw}, as Hadoop's {@code RawLocalFs} is over {@link RawLocalFileSystem}. Without
     * checksums: {@link StagedOutput} renames whole folders with it, and writes no {@code .crc} files.
     */
    public static final class Afs extends DelegateToFileSystem {
        public Afs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            // As RawLocalFs: local paths may hold what HDFS forbids (':' in a name, say).
            return true;
        }
    }
}
