package org.guidedmixup.spark.saliency;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points ND4J at the GPU that Spark's resource scheduler gave the running task
 * ({@code spark.task.resource.gpu.amount}), so that tasks of one executor use the GPUs Spark
 * assigned rather than ND4J's own round-robin. A no-op outside a task, without a "gpu" resource, or
 * when ND4J's backend is not CUDA.
 */
final class GpuBinding {
    private static final Logger LOG = LoggerFactory.getLogger(GpuBinding.class);

    private GpuBinding() {
    }

    static void bindCurrentThread() {
        TaskContext task = TaskContext.get();
        if (task == null || !AutoSaliency.onGpu()) {
            return;
        }
        scala.Option<ResourceInformation> gpu = task.resources().get("gpu");
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
            return;
        }
        String address = gpu.get().addresses()[0];
        try {
            int device = Integer.parseInt(address.trim());
            int devices = Nd4j.getAffinityManager().getNumberOfDevices();
            if (device >= 0 && device < devices) {
                Nd4j.getAffinityManager().unsafeSetDevice(device);
            } else {
                LOG.warn("task GPU address {} is outside ND4J's {} visible device(s); keeping ND4J's choice", address, devices);
            }
        } catch (NumberFormatException e) {
            LOG.warn("task GPU address '{}' is not a device index; keeping ND4J's choice", address);
        }
    }
}
