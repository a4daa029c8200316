package org.guidedmixup.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CIFAR-10 / CIFAR-100 binary batches: per record 1 label byte (CIFAR-100: coarse then fine, the
 * fine one is used) and 3072 bytes of R, G and B planes of a 32 x 32 image. The input is one batch
 * file or a directory whose {@code *.bin} batches are read in sorted order (so for CIFAR-10's
 * directory both data and test batches; name a file to take one). Class names come from
 * {@code batches.meta.txt} (CIFAR-10) or {@code fine_label_names.txt} (CIFAR-100) beside the data.
 */
public final class CifarReader {
    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    private CifarReader() {
    }

    public static DriverListing read(Path input, boolean cifar100) {
        List<Path> files = batchFiles(input);
        int labelBytes = cifar100 ? 2 : 1;
        int recordBytes = labelBytes + PIXELS;
        List<SourceRecord> out = new ArrayList<>();
        for (Path f : files) {
            try {
                // One bulk read per batch file, then a copy per record (also checks gzipped files).
                byte[] all;
                try (DataInputStream in = IdxReader.open(f)) {
                    all = in.readAllBytes();
                }
                long size = all.length;
                if (size % recordBytes != 0) {
                    throw new InputException(f + " is " + size + " bytes, not a multiple of the " + recordBytes
                            + "-byte " + (cifar100 ? "CIFAR-100" : "CIFAR-10") + " record"
                            + (cifar100 ? "" : " (is it CIFAR-100? use --input-format cifar100)"));
                }
                int n = (int) (size / recordBytes);
                String name = f.getFileName().toString();
                for (int i = 0; i < n; i++) {
                    int at = i * recordBytes;
                    int label = all[at + labelBytes - 1] & 0xff;
                    byte[] px = java.util.Arrays.copyOfRange(all, at + labelBytes, at + recordBytes);
                    out.add(SourceRecord.raw(out.size(), label, name + "#" + i, px, 3, SIDE, SIDE));
                }
            } catch (EOFException e) {
                throw new InputException(f + " ends early: the file is truncated", e);
            } catch (IOException e) {
                throw new InputException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        Path dir = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        List<String> names = IdxReader.classNames(dir.resolve(cifar100 ? "fine_label_names.txt" : "batches.meta.txt"));
        return new DriverListing(out, cifar100 ? 100 : 10, names);
    }

    private static List<Path> batchFiles(Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new InputException("CIFAR input not found: " + input);
        }
        try (Stream<Path> s = Files.list(input)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".bin") && Files.isRegularFile(p))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new InputException("no CIFAR batch files (*.bin) in " + input);
            }
            return files;
        } catch (IOException e) {
            throw new InputException("cannot list " + input + ": " + e.getMessage(), e);
        }
    }
}
