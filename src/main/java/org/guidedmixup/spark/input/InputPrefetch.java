package org.guidedmixup.spark.input;

import org.guidedmixup.io.DriverListing;
import org.guidedmixup.spark.config.AugmentConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An IDX or CIFAR input read on a background thread while Spark starts: the driver reads these
 * whole, and un-gzipping Fashion-MNIST alone takes ~0.5 s, about what starting a local Spark
 * session takes. Started by the command line before the session; {@link InputReader#read} then waits for it.
 */
public final class InputPrefetch {
    private final String input;
    private final CompletableFuture<DriverListing> listing;

    private InputPrefetch(String input, CompletableFuture<DriverListing> listing) {
        this.input = input;
        this.listing = listing;
    }

    /** Starts reading {@code cfg}'s input if the driver reads it whole and it exists; else null. */
    public static InputPrefetch start(AugmentConfig cfg) {
        AugmentConfig.InputFormat format = InputFormats.of(cfg);
        Path input = Path.of(cfg.input());
        boolean whole = format == AugmentConfig.InputFormat.IDX || format == AugmentConfig.InputFormat.CIFAR
                || format == AugmentConfig.InputFormat.CIFAR100;
        if (!whole || !Files.exists(input)) {
            return null; // read() reports a missing input as before
        }
        return new InputPrefetch(cfg.input(), CompletableFuture.supplyAsync(() -> InputFormats.listing(cfg, format, input), r -> {
            Thread t = new Thread(r, "guidedmixup-input-read");
            t.setDaemon(true);
            t.start();
        }));
    }

    String input() {
        return input;
    }

    DriverListing join() {
        try {
            return listing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
