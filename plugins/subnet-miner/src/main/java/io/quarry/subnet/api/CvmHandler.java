package io.quarry.subnet.api;

import io.quarry.api.subnet.SubnetHandler;
import io.quarry.api.subnet.SubnetRequest;
import io.quarry.subnet.host.Gpu;
import io.quarry.subnet.host.HostInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /cvm}: the compute this host offers validators. {@code gpu_type} and {@code vram_gb} describe
 * the first GPU ("none" and 0 without one); the rest are the host's real figures, the configured bid, and
 * the configured attestation (empty when none is configured; nothing is invented).
 */
public final class CvmHandler implements SubnetHandler<Void> {

    /** The route. */
    public static final String ROUTE = "/cvm";

    private final Supplier<HostInfo> host;
    private final double bidPerHour;
    private final String attestation;

    public CvmHandler(Supplier<HostInfo> host, double bidPerHour, String attestation) {
        this.host = host;
        this.bidPerHour = bidPerHour;
        this.attestation = attestation;
    }

    @Override
    public String route() {
        return ROUTE;
    }

    @Override
    public Class<Void> requestType() {
        return Void.class;
    }

    @Override
    public Object handle(SubnetRequest<Void> request) {
        return offer();
    }

    /** The offer, as {@code /cvm} answers it (also the result of the orchestrator job type {@code cvm}). */
    public Map<String, Object> offer() {
        HostInfo info = host.get();
        List<Gpu> gpus = info.gpus();
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("gpu_type", gpus.isEmpty() ? "none" : gpus.get(0).name());
        offer.put("vram_gb", gpus.isEmpty() ? 0 : Math.round(gpus.get(0).memoryBytes() / 1e9));
        offer.put("bid_per_hour", bidPerHour);
        offer.put("attestation", attestation);
        offer.put("gpu_count", gpus.size());
        offer.put("gpus", gpus.stream().map(g -> Map.of("name", g.name(), "vram_gb", g.memoryBytes() / 1e9)).toList());
        offer.put("cpu_model", info.cpuModel());
        offer.put("cpu_cores", info.cpuCores());
        offer.put("ram_gb", Math.round(info.memoryBytes() / 1e8) / 10.0);
        return offer;
    }
}
