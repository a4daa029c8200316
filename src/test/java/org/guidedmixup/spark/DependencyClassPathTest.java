package org.guidedmixup.spark;

import org.junit.jupiter.api.Test;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dependency tree pom.xml resolves: one copy of each library that was on it twice. */
class DependencyClassPathTest {

    @Test
    void oneJarPerLibraryOnTheClassPath() throws IOException {
        // Each of these was on the class path twice, identical names from two jars, so that which one
        // loaded depended on jar order: Spark's kryo-shaded and the kryo that nd4j-kryo's
        // kryo-serializers pulled in; DL4J's Spark 3 build (which the parameter server needs) and its
        // other build, for dl4j-spark and datavec-spark; Spark's javax.activation 1.1.1 and
        // deeplearning4j-core's 1.2.0. pom.xml keeps one of each.
        for (String cls : new String[] {
                "com/esotericsoftware/kryo/Kryo.class",
                "org/deeplearning4j/spark/impl/multilayer/SparkDl4jMultiLayer.class",
                "org/datavec/spark/util/DataVecSparkUtil.class",
                "javax/activation/DataHandler.class"}) {
            List<URL> copies = Collections.list(getClass().getClassLoader().getResources(cls));
            assertEquals(1, copies.size(), "jars with " + cls + ": " + new ArrayList<>(copies));
        }
    }

    @Test
    void nd4jArraysRoundTripThroughSparksKryo() {
        // ND4J's Kryo serializer, as a DL4J-on-Spark cluster registers it, runs on Spark's Kryo.
        com.esotericsoftware.kryo.Kryo k = new com.esotericsoftware.kryo.Kryo();
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        k.register(a.getClass(), new Nd4jSerializer());
        com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(1024, -1);
        k.writeObject(out, a);
        INDArray back = k.readObject(new com.esotericsoftware.kryo.io.Input(out.toBytes()), a.getClass());
        assertEquals(a, back);
    }
}
