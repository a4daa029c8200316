package org.guidedmixup.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MNIST / Fashion-MNIST IDX files, gzipped or not: an images file (magic 0x803, N x rows x cols
 * unsigned bytes) and a labels file (magic 0x801, N unsigned bytes). Read whole on the driver; the
 * labels file defaults to the images file's name with {@code images-idx3} replaced by
 * {@code labels-idx1}. A {@code classes.txt} beside the images file (one name per line, in label
 * order) gives the class names.
 */
public final class IdxReader {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** The labels file that belongs to an images file, by the IDX naming convention. */
    public static Path defaultLabels(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images-idx3")) {
            throw new InputException("cannot find the labels for " + images + ": its name has no 'images-idx3'"
                    + " to replace with 'labels-idx1'; give the labels file with --labels");
        }
        return images.resolveSibling(name.replace("images-idx3", "labels-idx1"));
    }

    public static DriverListing read(Path images, Path labels) {
        requireFile(images, "IDX images file");
        requireFile(labels, "IDX labels file");
        try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
            int magic = img.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new InputException(images + " is not an IDX images file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x803 for unsigned-byte images N x rows x cols)");
            }
            int n = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            int lmagic = lab.readInt();
            if (lmagic != LABELS_MAGIC) {
                throw new InputException(labels + " is not an IDX labels file (magic 0x" + Integer.toHexString(lmagic)
                        + ", expected 0x801)");
            }
            int ln = lab.readInt();
            if (ln != n) {
                throw new InputException(images + " holds " + n + " images but " + labels + " holds " + ln
                        + " labels; give the matching labels file with --labels");
            }
            if (rows < 1 || cols < 1) {
                throw new InputException(images + " declares images of " + rows + "x" + cols);
            }
            if (n < 0) {
                throw new InputException(images + " declares " + n + " images");
            }
            long total = (long) n * rows * cols;
            if (total > Integer.MAX_VALUE - 64) {
                throw new InputException(images + " declares " + n + " images of " + rows + "x" + cols + " ("
                        + total + " bytes), more than one reader can hold; split the file");
            }
            // One bulk read of all pixels and all labels, then a copy per record: an IDX file is
            // already pixels, so per-record stream reads were most of its decode time.
            byte[] all = img.readNBytes((int) total);
            if (all.length < total) {
                throw new InputException(images + " declares " + n + " images of " + rows + "x" + cols
                        + " but holds pixels for only " + all.length / ((long) rows * cols)
                        + ": the file is truncated or its count is wrong");
            }
            byte[] labelBytes = lab.readNBytes(n);
            if (labelBytes.length < n) {
                throw new InputException(labels + " declares " + n + " labels but holds only " + labelBytes.length
                        + ": the file is truncated or its count is wrong");
            }
            List<SourceRecord> out = new ArrayList<>(n);
            String name = images.getFileName().toString();
            int len = rows * cols;
            for (int i = 0; i < n; i++) {
                byte[] px = java.util.Arrays.copyOfRange(all, i * len, (i + 1) * len);
                out.add(SourceRecord.raw(i, labelBytes[i] & 0xff, name + "#" + i, px, 1, rows, cols));
            }
            return new DriverListing(out, 0, classNames(images.toAbsolutePath().resolveSibling("classes.txt")));
        } catch (java.io.EOFException e) {
            throw new InputException(images + " or " + labels + " ends early: the file is truncated", e);
        } catch (IOException e) {
            throw new InputException("cannot read IDX files " + images + ", " + labels + ": " + e.getMessage(), e);
        }
    }

    /** One class name per line, label order; empty when the file is absent. */
    static List<String> classNames(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new InputException("cannot read class names from " + file + ": " + e.getMessage(), e);
        }
    }

    static void requireFile(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new InputException(what + " not found: " + p);
        }
    }

    /** Opens a file, transparently un-gzipping it when it starts with the gzip magic. */
    static DataInputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }
}
