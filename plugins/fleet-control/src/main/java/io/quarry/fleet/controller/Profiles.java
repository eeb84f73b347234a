package io.quarry.fleet.controller;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.KeyValueStore;
import io.quarry.fleet.FleetJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named miner profiles kept on the controller (store keys {@code profile/<name>}): sets of a plugin's keys a
 * worker's miner is started with. The worker validates them against the miner's plugin spec.
 */
public final class Profiles {

    private static final String PREFIX = "profile/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final KeyValueStore store;

    public Profiles(KeyValueStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Stores {@code settings} as profile {@code name}. */
    public void put(String name, Map<String, Object> settings) {
        check(name);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("a profile sets at least one key");
        }
        store.put(key(name), FleetJson.write(Map.copyOf(settings)));
    }

    /** The profile's settings. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> get(String name) {
        check(name);
        return store.get(key(name)).map(b -> (Map<String, Object>) FleetJson.read(b, Map.class));
    }

    /** Removes it; returns whether it existed. */
    public boolean remove(String name) {
        check(name);
        boolean existed = store.get(key(name)).isPresent();
        store.delete(key(name));
        return existed;
    }

    /** Every profile by name. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> all() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        try (Cursor cursor = store.scan(PREFIX.getBytes(StandardCharsets.UTF_8))) {
            cursor.forEachRemaining(e -> out.put(new String(e.key(), StandardCharsets.UTF_8).substring(PREFIX.length()),
                    (Map<String, Object>) FleetJson.read(e.value(), Map.class)));
        }
        return out;
    }

    private static void check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a profile name is 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
    }

    private static byte[] key(String name) {
        return (PREFIX + name).getBytes(StandardCharsets.UTF_8);
    }
}
