package org.guidedmixup.core;

import org.guidedmixup.io.PngCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-stage timings of the augmentation kernel, one thread, per batch (microseconds): SR saliency,
 * one blur pass over the batch, the saliency normalisation (blur + sum-to-1), the distance matrix,
 * the whole greedy pairing, the guided mixing, and PNG encoding of the batch. Run with the
 * {@code jmh} Maven profile (README, docs/performance.md); {@code mvn verify} does not run them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmarks {
    @Param({"1x28x28", "3x32x32", "3x64x64", "3x224x224"})
    public String shape;

    @Param({"32", "64", "128"})
    public int batch;

    private ImageBatch images;
    private final SpectralResidualSaliency sr = new SpectralResidualSaliency();
    private final GaussianBlur blur = GaussianBlur.guidedMixup();
    private final SaliencyNormalizer normalizer = new SaliencyNormalizer();
    private final GreedyPairing pairing = new GreedyPairing();
    private final SaliencyMixer mixer = new SaliencyMixer();
    private final PngCodec.Encoder png = new PngCodec.Encoder();
    /** zlib level 1 through java.util.zip, what {@link #png} replaced: the comparison for its docs. */
    private final PngCodec.Encoder pngZlib = new PngCodec.Encoder(1);
    private double[] saliency;
    private double[] normalized;
    private double[] scratch;
    private double[] dist;
    private int[] partner;
    private float[] mixed;
    private double[] ratio;
    private byte[] bytes;
    private int h;
    private int w;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        int c = Integer.parseInt(p[0]);
        h = Integer.parseInt(p[1]);
        w = Integer.parseInt(p[2]);
        int len = c * h * w;
        SplittableRandom rnd = new SplittableRandom(2);
        images = ImageBatch.random(c, h, w, batch, 1);
        int hw = h * w;
        saliency = new double[batch * hw];
        normalized = new double[batch * hw];
        scratch = new double[batch * hw];
        dist = new double[batch * batch];
        partner = new int[batch];
        mixed = new float[batch * len];
        ratio = new double[batch];
        bytes = new byte[len];
        sr.detect(images, saliency);
        normalizer.apply(saliency, normalized, batch, h, w);
        pairing.pair(normalized, batch, hw, new SplittableRandom(1), partner);
        for (int q = 0; q < len; q++) {
            bytes[q] = (byte) rnd.nextInt(256);
        }
    }

    @Benchmark
    public double[] srSaliency() {
        sr.detect(images, saliency);
        return saliency;
    }

    @Benchmark
    public double[] blurPass() {
        int hw = h * w;
        for (int i = 0; i < batch; i++) {
            blur.apply(saliency, i * hw, h, w, scratch, i * hw);
        }
        return scratch;
    }

    @Benchmark
    public double[] normalize() {
        normalizer.apply(saliency, scratch, batch, h, w);
        return scratch;
    }

    @Benchmark
    public double[] distances() {
        pairing.distances(normalized, batch, h * w, dist);
        return dist;
    }

    /** The C2 form of the distance matrix's dot products alone (what {@link #distances} picks under C2). */
    @Benchmark
    public double[] dotsTransposed() {
        pairing.dotsTransposed(normalized, batch, h * w, dist);
        return dist;
    }

    /** The register-blocked form of the dot products alone (what {@link #distances} picks in a C1-only JVM). */
    @Benchmark
    public double[] dotsBlocked() {
        pairing.dotsBlocked(normalized, batch, h * w, dist);
        return dist;
    }

    /** Both forms under C1 only, as the augment launcher runs the job: why the blocked form exists. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-XX:TieredStopAtLevel=1")
    public double[] dotsTransposedC1() {
        pairing.dotsTransposed(normalized, batch, h * w, dist);
        return dist;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-XX:TieredStopAtLevel=1")
    public double[] dotsBlockedC1() {
        pairing.dotsBlocked(normalized, batch, h * w, dist);
        return dist;
    }

    @Benchmark
    public int[] greedyPairing() {
        pairing.pair(normalized, batch, h * w, new SplittableRandom(1), partner);
        return partner;
    }

    @Benchmark
    public float[] guidedMixing() {
        mixer.mix(images, normalized, partner, new SplittableRandom(1), mixed, ratio);
        return mixed;
    }

    @Benchmark
    public void pngEncoding(Blackhole bh) {
        for (int i = 0; i < batch; i++) {
            bh.consume(png.encode(bytes, images.channels(), h, w));
        }
    }

    @Benchmark
    public void pngEncodingZlib1(Blackhole bh) {
        for (int i = 0; i < batch; i++) {
            bh.consume(pngZlib.encode(bytes, images.channels(), h, w));
        }
    }
}
