package org.guidedmixup.train.data;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.ImageTransformer;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluation examples in natural order, one-hot targets, in DataSets of a fixed size, each image
 * through the evaluation set's deterministic base transform (e.g. {@code center:256,224}).
 */
public record EvalBatches(ImageSpec spec, int k, int size) implements FlatMapFunction<Iterator<DecodedImage>, DataSet> {

    @Override
    public Iterator<DataSet> call(Iterator<DecodedImage> images) {
        List<DataSet> out = new ArrayList<>();
        DataSetBuilder ex = new DataSetBuilder(spec.channels(), spec.height(), spec.width(), k);
        ImageTransformer transformer = new ImageTransformer(spec, 0);
        ex.reset();
        while (images.hasNext()) {
            DecodedImage d = images.next();
            ex.addOneHot(transformer.seen(d, 0), d.label, 1f);
            if (ex.size() == size) {
                out.add(ex.build());
                ex.reset();
            }
        }
        if (ex.size() > 0) {
            out.add(ex.build());
        }
        return out.iterator();
    }
}
