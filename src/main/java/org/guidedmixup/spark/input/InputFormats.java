package org.guidedmixup.spark.input;

import org.guidedmixup.io.CifarReader;
import org.guidedmixup.io.DriverListing;
import org.guidedmixup.io.FolderReader;
import org.guidedmixup.io.IdxReader;
import org.guidedmixup.io.InputFiles;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.ManifestReader;
import org.guidedmixup.spark.config.AugmentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Which reader an input takes: the format named, or detected from the path ({@code auto}). */
public final class InputFormats {
    private InputFormats() {
    }

    /** The format {@code auto} resolves to for a path. */
    public static AugmentConfig.InputFormat detect(String input) {
        if (InputFiles.isUri(input)) {
            return detectRemote(input);
        }
        Path p = Path.of(input);
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.contains("idx3")) {
            return AugmentConfig.InputFormat.IDX;
        }
        if (name.endsWith(".csv")) {
            return AugmentConfig.InputFormat.MANIFEST;
        }
        if (name.endsWith(".parquet")) {
            return AugmentConfig.InputFormat.PARQUET;
        }
        if (name.endsWith(".bin")) {
            return AugmentConfig.InputFormat.CIFAR;
        }
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                List<String> names = s.map(q -> q.getFileName().toString()).toList();
                if (names.stream().anyMatch(n -> n.endsWith(".parquet"))) {
                    return AugmentConfig.InputFormat.PARQUET;
                }
                if (names.stream().anyMatch(n -> n.endsWith(".bin"))) {
                    return AugmentConfig.InputFormat.CIFAR;
                }
            } catch (IOException e) {
                throw new InputException("cannot list " + input + ": " + e.getMessage(), e);
            }
            return AugmentConfig.InputFormat.FOLDER;
        }
        if (!Files.exists(p)) {
            throw new InputException("input not found: " + input);
        }
        throw new InputException("cannot tell the format of " + input + " from its name; pass --input-format"
                + " idx|cifar|cifar100|manifest|folder|parquet");
    }

    /** {@link #detect} for a Hadoop file system URI: Parquet files or a file named so, else an image folder. */
    private static AugmentConfig.InputFormat detectRemote(String input) {
        String lower = input.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return AugmentConfig.InputFormat.PARQUET;
        }
        if (!InputFiles.isDirectory(input)) {
            if (!InputFiles.exists(input)) {
                throw new InputException("input not found: " + input);
            }
            throw new InputException("cannot read " + input + " from a Hadoop file system: only image folders and Parquet can"
                    + " be; pass --input-format folder|parquet, or copy the input to a local path");
        }
        try {
            for (org.apache.hadoop.fs.FileStatus s : InputFiles.children(input)) {
                if (s.isFile() && s.getPath().getName().endsWith(".parquet")) {
                    return AugmentConfig.InputFormat.PARQUET;
                }
            }
        } catch (IOException e) {
            throw new InputException("cannot list " + input + ": " + e.getMessage(), e);
        }
        return AugmentConfig.InputFormat.FOLDER;
    }

    /** Formats whose single file the driver reads whole, pixels included (IDX, CIFAR). */
    static boolean readWhole(AugmentConfig.InputFormat format) {
        return format == AugmentConfig.InputFormat.IDX || format == AugmentConfig.InputFormat.CIFAR
                || format == AugmentConfig.InputFormat.CIFAR100;
    }

    /** The format of {@code cfg}'s input: as configured, or detected for {@code auto}. */
    public static AugmentConfig.InputFormat of(AugmentConfig cfg) {
        return cfg.inputFormat() == AugmentConfig.InputFormat.AUTO ? detect(cfg.input()) : cfg.inputFormat();
    }

    /** The records of an input the driver reads itself (all but Parquet). */
    static DriverListing listing(AugmentConfig cfg, AugmentConfig.InputFormat format, Path input) {
        return switch (format) {
            case IDX -> IdxReader.read(input, cfg.labels().isBlank() ? IdxReader.defaultLabels(input) : Path.of(cfg.labels()));
            case CIFAR -> CifarReader.read(input, false);
            case CIFAR100 -> CifarReader.read(input, true);
            case MANIFEST -> ManifestReader.read(input);
            case FOLDER -> FolderReader.read(input);
            default -> throw new IllegalStateException("unhandled format " + format);
        };
    }
}
