package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NioLocalFileSystemTest {
    @Test
    void modesMapToTheSamePosixPermissionsChmodWouldSet() {
        assertEquals("rw-r--r--", PosixFilePermissions.toString(NioLocalFileSystem.Raw.permissions(0644)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(NioLocalFileSystem.Raw.permissions(0755)));
        assertEquals("---------", PosixFilePermissions.toString(NioLocalFileSystem.Raw.permissions(0)));
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(NioLocalFileSystem.Raw.permissions(0777)));
        assertEquals("r---w---x", PosixFilePermissions.toString(NioLocalFileSystem.Raw.permissions(0421)));
    }

    @Test
    void filesAndFoldersGetTheirModesAndChecksums(@TempDir java.nio.file.Path tmp) throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        FileSystem fs = FileSystem.get(tmp.toUri(), conf);
        assertTrue(fs instanceof NioLocalFileSystem, fs.getClass().getName());
        Path dir = new Path(tmp.toUri().toString(), "a/b");
        assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))));
        Path file = new Path(dir, "f.bin");
        try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/f.bin"))));
        assertTrue(Files.exists(tmp.resolve("a/b/.f.bin.crc")), "checksums as LocalFileSystem writes them");
        fs.setPermission(file, new FsPermission((short) 0604));
        assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/f.bin"))));
        assertEquals(3, fs.getFileStatus(file).getLen());
        fs.close();
    }

    @Test
    void fileContextRenamesAndLinkStatusesAnswerAsHadoopsOwn(@TempDir java.nio.file.Path tmp) throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Afs.class.getName());
        FileContext fc = FileContext.getFileContext(tmp.toUri(), conf);
        Files.createDirectories(tmp.resolve("staging/shards"));
        Files.writeString(tmp.resolve("staging/_SUCCESS"), "");
        Path staging = new Path(tmp.toUri().toString(), "staging");
        Path out = new Path(tmp.toUri().toString(), "out");
        fc.rename(staging, out, Options.Rename.NONE);
        assertTrue(Files.isDirectory(tmp.resolve("out/shards")));
        assertTrue(Files.exists(tmp.resolve("out/_SUCCESS")));
        // Onto an existing folder, without overwrite: refused, as with Hadoop's LocalFs.
        Files.createDirectories(tmp.resolve("again"));
        Path again = new Path(tmp.toUri().toString(), "again");
        assertThrows(FileAlreadyExistsException.class, () -> fc.rename(again, out, Options.Rename.NONE));
        assertTrue(Files.isDirectory(tmp.resolve("again")), "the refused rename moved nothing");
        // Link status: the same answers as Hadoop's own RawLocalFileSystem (which runs readlink) for
        // a folder, a file, a symbolic link and a missing path.
        NioLocalFileSystem.Raw raw = new NioLocalFileSystem.Raw();
        raw.initialize(tmp.toUri(), conf);
        RawLocalFileSystem hadoops = new RawLocalFileSystem();
        hadoops.initialize(tmp.toUri(), conf);
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("out"));
        for (String name : new String[] {"out", "out/_SUCCESS", "link"}) {
            Path p = new Path(tmp.toUri().toString(), name);
            FileStatus mine = raw.getFileLinkStatus(p);
            FileStatus want = hadoops.getFileLinkStatus(p);
            assertEquals(want.isDirectory(), mine.isDirectory(), name);
            assertEquals(want.isSymlink(), mine.isSymlink(), name);
            assertEquals(want.getLen(), mine.getLen(), name);
            assertEquals(want.getPath(), mine.getPath(), name);
        }
        assertThrows(FileNotFoundException.class, () -> raw.getFileLinkStatus(new Path(tmp.toUri().toString(), "missing")));
    }
}
