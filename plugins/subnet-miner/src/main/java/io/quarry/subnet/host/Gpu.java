package io.quarry.subnet.host;

/**
 * One GPU as NVML reports it.
 *
 * @param name the device name ({@code "NVIDIA A100-SXM4-80GB"})
 * @param memoryBytes its total memory
 */
public record Gpu(String name, long memoryBytes) {
}
