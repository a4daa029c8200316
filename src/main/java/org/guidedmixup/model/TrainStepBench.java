package org.guidedmixup.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.guidedmixup.io.ImageSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training-step throughput without Spark: forward, backward and SGD update of a {@code train --model}
 * network on in-memory batches, as {@code torch_train_bench.py} times PyTorch (random images, random
 * soft targets, 20 warm-up steps, then as many steps as fit in the measuring time).
 */
public final class TrainStepBench {
    /** One measurement. */
    public record Result(String model, int batch, String engine, long steps, double seconds) {
        public double imagesPerSecond() {
            return steps * (double) batch / seconds;
        }
    }

    private TrainStepBench() {
    }

    /** Times {@code model} at {@code batch} with oneDNN on or off, for about {@code seconds}. */
    public static Result run(ModelKind model, int batch, boolean onednn, double seconds) {
        OneDnn.use(onednn);
        ImageSpec spec = model == ModelKind.LENET ? new ImageSpec(1, 28, 28, false, Long.MAX_VALUE)
                : new ImageSpec(3, 32, 32, false, Long.MAX_VALUE);
        Model net = model.build(spec, 10, 0.02, 5e-4, 42).model();
        Nd4j.getRandom().setSeed(1);
        // 8 different batches, cycled: the same memory traffic as a real epoch's first steps.
        DataSet[] batches = new DataSet[8];
        for (int i = 0; i < batches.length; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, spec.channels(), spec.height(), spec.width());
            INDArray y = Nd4j.rand(DataType.FLOAT, batch, 10);
            y.diviColumnVector(y.sum(1));
            batches[i] = new DataSet(x, y);
        }
        for (int i = 0; i < 20; i++) {
            fit(net, batches[i % batches.length]);
        }
        long steps = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            fit(net, batches[(int) (steps % batches.length)]);
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return new Result(model.id(), batch, OneDnn.engine(net), steps, (now - t0) / 1e9);
    }

    private static void fit(Model net, DataSet d) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(d);
        } else {
            ((ComputationGraph) net).fit(d);
        }
    }
}
