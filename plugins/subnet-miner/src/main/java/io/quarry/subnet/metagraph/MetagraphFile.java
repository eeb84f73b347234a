package io.quarry.subnet.metagraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metagraph snapshot file, read again when its modification time or size changes. The file is looked at
 * no more than once per {@code checkInterval}; a snapshot that fails to parse is logged and the previous one
 * kept, so a half-written file never empties the validator set.
 */
public final class MetagraphFile implements MetagraphSource {

    private static final Logger LOG = LoggerFactory.getLogger(MetagraphFile.class);
    /** How often the file's attributes are checked by default. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    private final InstantSource clock;
    private final long checkMillis;
    private final Object lock = new Object();
    private volatile Metagraph current = Metagraph.EMPTY;
    private long nextCheck = Long.MIN_VALUE;
    private FileTime seenModified;
    private long seenSize = -1;
    private String status = "not read yet";

    public MetagraphFile(Path file, InstantSource clock, Duration checkInterval) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkMillis = checkInterval.toMillis();
    }

    @Override
    public Metagraph current() {
        long now = clock.millis();
        synchronized (lock) {
            if (now >= nextCheck) {
                nextCheck = now + checkMillis;
                reloadIfChanged();
            }
        }
        return current;
    }

    @Override
    public String describe() {
        synchronized (lock) {
            return file + " (" + status + ")";
        }
    }

    private void reloadIfChanged() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (!"missing".equals(status)) {
                LOG.warn("metagraph_file {} does not exist; no validator is known until it does", file);
            }
            status = "missing";
            return;
        } catch (IOException e) {
            status = "unreadable: " + e.getMessage();
            return;
        }
        if (attributes.lastModifiedTime().equals(seenModified) && attributes.size() == seenSize) {
            return;
        }
        seenModified = attributes.lastModifiedTime();
        seenSize = attributes.size();
        if (attributes.size() > MetagraphJson.MAX_BYTES) {
            status = "too large: " + attributes.size() + " bytes";
            LOG.warn("metagraph_file {} is {} bytes, more than {}; keeping the previous snapshot", file,
                    attributes.size(), MetagraphJson.MAX_BYTES);
            return;
        }
        try {
            Metagraph next = MetagraphJson.parse(Files.readAllBytes(file));
            current = next;
            status = "netuid " + next.netuid() + ", block " + next.block() + ", " + next.neurons().size()
                    + " neurons, " + next.validators() + " with validator permit";
            LOG.info("metagraph loaded from {}: {}", file, status);
        } catch (MetagraphException | IOException e) {
            status = "invalid: " + e.getMessage();
            LOG.warn("metagraph_file {} cannot be used ({}); keeping the previous snapshot", file, e.getMessage());
        }
    }
}
