package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;
import io.quarry.api.config.Secret;
import java.util.List;
import java.util.Map;

/** A plugin-like table exercising every supported component type. */
record SampleConfig(
        @Env({"MINER_THREADS", "THREADS"}) @Range(min = 0, max = 64) int threads,
        Mode mode,
        List<Pool> pools,
        @Secret String password,
        Map<String, String> tags,
        Limits limits,
        double ratio,
        boolean enabled,
        List<Integer> ports,
        @Range(min = 0) long maxStorageGb) {

    enum Mode { MASTER, WORKER, AUTO }

    /** An item of an array of inline tables; it has no defaults, so both keys are required. */
    record Pool(String url, @Secret String user) {
        Pool {
            if (!url.startsWith("stratum+tcp://")) {
                throw new ConfigException("url", "url must start with stratum+tcp://, was \"" + url + "\"");
            }
        }
    }

    /** A sub-table; keys it leaves out keep the parent's defaults. */
    record Limits(@Range(min = 1) int maxPeers, String note) {
    }

    static final ConfigSpec<SampleConfig> SPEC = ConfigSpec.of(SampleConfig.class, new SampleConfig(1, Mode.AUTO,
            List.of(), "hunter2", Map.of(), new Limits(8, "none"), 0.5, true, List.of(), 10));
}
