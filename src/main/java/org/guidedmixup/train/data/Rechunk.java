package org.guidedmixup.train.data;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Regroups a partition's DataSets into DataSets of exactly n examples (the last may be smaller). */
public record Rechunk(int n) implements FlatMapFunction<Iterator<DataSet>, DataSet> {

    @Override
    public Iterator<DataSet> call(Iterator<DataSet> in) {
        List<DataSet> out = new ArrayList<>();
        List<DataSet> pending = new ArrayList<>();
        int have = 0;
        while (in.hasNext()) {
            DataSet d = in.next();
            pending.add(d);
            have += d.numExamples();
            while (have >= n) {
                DataSet all = DataSet.merge(pending);
                pending.clear();
                if (all.numExamples() == n) {
                    out.add(all);
                    have = 0;
                } else {
                    SplitTestAndTrain s = all.splitTestAndTrain(n);
                    out.add(s.getTrain());
                    pending.add(s.getTest());
                    have = s.getTest().numExamples();
                }
            }
        }
        if (!pending.isEmpty()) {
            out.add(DataSet.merge(pending));
        }
        return out.iterator();
    }
}
