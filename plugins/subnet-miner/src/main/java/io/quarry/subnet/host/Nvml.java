package io.quarry.subnet.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPUs NVIDIA's management library (libnvidia-ml, installed with the driver) sees, through JNA. No
 * library, no driver or no device all mean an empty list: this host offers no GPU.
 */
public final class Nvml {

    private static final Logger LOG = LoggerFactory.getLogger(Nvml.class);
    private static final int SUCCESS = 0;
    private static final int NAME_BUFFER = 96;

    /** The few NVML calls used (NVML API reference, "Device Queries"). */
    interface Calls extends Library {
        int nvmlInit_v2();

        int nvmlShutdown();

        int nvmlDeviceGetCount_v2(IntByReference count);

        int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

        int nvmlDeviceGetName(Pointer device, byte[] name, int length);

        /** nvmlMemory_t is three unsigned 64-bit integers: total, free, used. */
        int nvmlDeviceGetMemoryInfo(Pointer device, long[] memory);
    }

    private Nvml() {
    }

    /** The GPUs present, or none. */
    public static List<Gpu> gpus() {
        Calls nvml;
        try {
            nvml = Native.load("nvidia-ml", Calls.class);
        } catch (UnsatisfiedLinkError | RuntimeException absent) {
            LOG.debug("NVML not available ({}); reporting no GPU", absent.getMessage());
            return List.of();
        }
        if (nvml.nvmlInit_v2() != SUCCESS) {
            LOG.debug("NVML did not initialise (no driver?); reporting no GPU");
            return List.of();
        }
        try {
            IntByReference count = new IntByReference();
            if (nvml.nvmlDeviceGetCount_v2(count) != SUCCESS) {
                return List.of();
            }
            List<Gpu> gpus = new ArrayList<>();
            for (int i = 0; i < count.getValue(); i++) {
                PointerByReference handle = new PointerByReference();
                if (nvml.nvmlDeviceGetHandleByIndex_v2(i, handle) != SUCCESS) {
                    continue;
                }
                byte[] name = new byte[NAME_BUFFER];
                long[] memory = new long[3];
                String text = nvml.nvmlDeviceGetName(handle.getValue(), name, name.length) == SUCCESS
                        ? Native.toString(name) : "GPU " + i;
                long total = nvml.nvmlDeviceGetMemoryInfo(handle.getValue(), memory) == SUCCESS ? memory[0] : 0;
                gpus.add(new Gpu(text, total));
            }
            return List.copyOf(gpus);
        } finally {
            nvml.nvmlShutdown();
        }
    }
}
