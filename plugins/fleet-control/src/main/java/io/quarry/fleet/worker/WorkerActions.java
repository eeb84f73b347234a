package io.quarry.fleet.worker;

import io.quarry.api.config.ConfigException;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerProfile;
import io.quarry.api.miner.MinerRegistry;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.node.NodeInfo;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.protocol.GetLogs;
import io.quarry.fleet.protocol.LogsReply;
import io.quarry.fleet.protocol.MinerReport;
import io.quarry.fleet.protocol.PongReply;
import io.quarry.fleet.protocol.StartMiner;
import io.quarry.fleet.protocol.StatsReply;
import io.quarry.fleet.protocol.StopMiner;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does for an accepted command, on the miners in the node's registry (every plugin's and this
 * plugin's external processes), through the {@link Miner} contract only.
 */
public final class WorkerActions {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerActions.class);

    private final MinerRegistry miners;
    private final Supplier<NodeInfo> self;
    private final InstantSource clock;
    private final Map<String, String> profiles = new ConcurrentHashMap<>();
    private volatile java.util.function.Function<String, java.util.Optional<Map<String, Object>>> installedProfiles =
            name -> java.util.Optional.empty();

    public WorkerActions(MinerRegistry miners, Supplier<NodeInfo> self, InstantSource clock) {
        this.miners = Objects.requireNonNull(miners, "miners");
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where profiles installed by deploy bundles are found, for a start naming a profile without settings. */
    public void installedProfiles(java.util.function.Function<String, java.util.Optional<Map<String, Object>>> lookup) {
        this.installedProfiles = Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * Carries out {@code type} with its JSON {@code payload} and returns the reply payload.
     *
     * @throws CommandFailure with the error code to send back
     */
    public Object carryOut(CommandType type, String from, byte[] payload) {
        return switch (type) {
            case PING -> pong();
            case GET_STATS -> stats();
            case START_MINER -> start(parse(payload, StartMiner.class));
            case STOP_MINER -> stop(parse(payload, StopMiner.class));
            case GET_LOGS -> logs(parse(payload, GetLogs.class));
            // A bundle streams after its command; one message would cap its size.
            case DEPLOY -> throw new CommandFailure(ErrorCode.BAD_REQUEST, "deploy commands travel on "
                    + FleetProtocol.DEPLOY.id() + " with the bundle streamed after them");
        };
    }

    /** Who this node is. */
    public PongReply pong() {
        NodeInfo info = self.get();
        return new PongReply(info.id(), info.name(), info.role(), info.version(), clock.millis());
    }

    /** Every local miner's report. */
    public StatsReply stats() {
        return new StatsReply(miners.all().stream().map(m -> MinerReport.of(m, profiles.getOrDefault(m.id(), ""))).toList());
    }

    private MinerReport start(StartMiner request) {
        Miner miner = find(request.miner());
        Map<String, Object> settings = request.settings();
        if (settings.isEmpty() && !request.profile().isEmpty()) {
            settings = installedProfiles.apply(request.profile()).orElseThrow(() -> new CommandFailure(
                    ErrorCode.BAD_PROFILE, "no profile '" + request.profile() + "' was sent or deployed to this node"));
        }
        MinerProfile profile = new MinerProfile(request.profile(), settings);
        try {
            miner.start(profile);
        } catch (ConfigException e) {
            throw new CommandFailure(ErrorCode.BAD_PROFILE, "profile '" + request.profile() + "' refused: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CommandFailure(ErrorCode.MINER_FAILED, "miner " + miner.id() + " did not start: " + e.getMessage());
        }
        if (request.profile().isEmpty()) {
            profiles.remove(miner.id());
        } else {
            profiles.put(miner.id(), request.profile());
        }
        LOG.info("started miner {} for a controller{}", miner.id(),
                request.profile().isEmpty() ? "" : " with profile '" + request.profile() + "'");
        return MinerReport.of(miner, profiles.getOrDefault(miner.id(), ""));
    }

    private MinerReport stop(StopMiner request) {
        Miner miner = find(request.miner());
        try {
            miner.stop();
        } catch (RuntimeException e) {
            throw new CommandFailure(ErrorCode.MINER_FAILED, "miner " + miner.id() + " did not stop: " + e.getMessage());
        }
        LOG.info("stopped miner {} for a controller", miner.id());
        return MinerReport.of(miner, profiles.getOrDefault(miner.id(), ""));
    }

    private LogsReply logs(GetLogs request) {
        Miner miner = find(request.miner());
        return new LogsReply(miner.id(), miner.recentLogs(request.lines()));
    }

    private Miner find(String id) {
        return miners.find(id).orElseThrow(() -> new CommandFailure(ErrorCode.UNKNOWN_MINER,
                "no miner '" + id + "' on this node; it has " + miners.all().stream().map(Miner::id).toList()));
    }

    private static <T> T parse(byte[] payload, Class<T> type) {
        try {
            return FleetJson.read(payload, type);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }
}
