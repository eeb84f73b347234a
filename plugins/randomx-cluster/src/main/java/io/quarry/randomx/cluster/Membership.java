package io.quarry.randomx.cluster;

import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.Heartbeat;
import io.quarry.randomx.cluster.wire.Hello;
import io.quarry.randomx.cluster.wire.HelloChallenge;
import io.quarry.randomx.cluster.wire.JoinAccepted;
import io.quarry.randomx.cluster.wire.JoinProof;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's view of who belongs to the cluster. A node becomes a member through the HELLO handshake: it sends
 * HELLO with a nonce, the master answers with its own nonce and a tag over both ids and nonces, the node answers
 * with its tag (see {@link HandshakeTags}). Only a node holding the cluster secret can make that tag, so a node
 * without it is refused before it gets any work. Members that stay silent for three heartbeat periods, or whose
 * results fail the master's check {@code maxBadResults} times, are dropped; a member dropped for bad results is
 * refused at HELLO and join for {@link #DROP_BAN}, and a member that rejoins keeps its bad-result count. Thread-safe.
 */
public final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** Open handshakes kept at most (oldest dropped first), so HELLO floods cannot grow memory. */
    static final int MAX_PENDING = 256;
    /** A handshake not finished within this is forgotten. */
    static final Duration PENDING_TTL = Duration.ofSeconds(10);
    /** Members kept at most. */
    static final int MAX_MEMBERS = 1024;
    /** A member dropped for bad results may not rejoin for this long. */
    static final Duration DROP_BAN = Duration.ofMinutes(10);

    private final String selfId;
    private final ClusterSecret secret;
    private final InstantSource clock;
    private final Duration heartbeat;
    private final int maxBadResults;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Node ids dropped for bad results, with the instant until which they are refused. */
    private final Map<String, Instant> banned = new LinkedHashMap<>();
    private final AtomicLong refusedBanned = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong badResults = new AtomicLong();
    private volatile Consumer<String> onChange = id -> { };

    /**
     * @param selfId the master's node id
     * @param secret the cluster secret
     * @param clock time source for expiry
     * @param heartbeat how often members must send a heartbeat
     * @param maxBadResults failed results after which a member is dropped
     */
    public Membership(String selfId, ClusterSecret secret, InstantSource clock, Duration heartbeat, int maxBadResults) {
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.maxBadResults = maxBadResults;
    }

    /** Called with a node id whenever a member joins, leaves or is dropped (on the caller's thread). */
    public void onChange(Consumer<String> listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
    }

    /** Answers HELLO from the authenticated node {@code peerId}. */
    public HelloChallenge hello(String peerId, Hello hello) {
        if (hello.version() != ClusterProtocols.VERSION) {
            throw refuse(peerId, "speaks cluster protocol version " + hello.version() + ", this node "
                    + ClusterProtocols.VERSION);
        }
        if (!hello.nodeId().equals(peerId)) {
            throw refuse(peerId, "says it is " + hello.nodeId() + " but the transport authenticated " + peerId);
        }
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        synchronized (this) {
            refuseIfBanned(peerId, clock.instant());
            expirePending(clock.instant());
            pending.remove(peerId);
            if (pending.size() >= MAX_PENDING) {
                pending.remove(pending.keySet().iterator().next());
            }
            pending.put(peerId, new Pending(hello, nonce, clock.instant()));
        }
        return new HelloChallenge(selfId, nonce, HandshakeTags.master(secret, selfId, peerId, hello.nonce(), nonce));
    }

    /** Admits {@code peerId} when its proof holds; a node without the secret gets a {@link ClusterException}. */
    public JoinAccepted join(String peerId, JoinProof proof) {
        Instant now = clock.instant();
        boolean added;
        synchronized (this) {
            refuseIfBanned(peerId, now);
            expirePending(now);
            Pending open = pending.remove(peerId);
            if (open == null || !MessageDigest.isEqual(open.masterNonce, proof.masterNonce())) {
                throw refuse(peerId, "sent a join proof without a matching HELLO");
            }
            byte[] expected = HandshakeTags.member(secret, peerId, selfId, open.masterNonce, open.hello.nonce());
            if (!MessageDigest.isEqual(expected, proof.mac())) {
                throw refuse(peerId, "does not hold this cluster's secret (join proof does not verify)");
            }
            if (!members.containsKey(peerId) && members.size() >= MAX_MEMBERS) {
                throw refuse(peerId, "cannot join: the cluster has " + MAX_MEMBERS + " members");
            }
            Member previous = members.get(peerId);
            added = previous == null;
            Member member = new Member(open.hello.role(), open.hello.capabilities(), now);
            member.hashrate = open.hello.capabilities().hashrate();
            if (previous != null) {
                member.badResults = previous.badResults;
            }
            members.put(peerId, member);
        }
        LOG.info("cluster member {} joined ({} members)", shortId(peerId), size());
        if (added) {
            onChange.accept(peerId);
        }
        return new JoinAccepted(selfId, heartbeat.toMillis());
    }

    /** Whether {@code peerId} is a member now. */
    public synchronized boolean isMember(String peerId) {
        return members.containsKey(peerId);
    }

    /**
     * Records a heartbeat; returns true when the member's hashrate moved by more than 20 % since the rate its
     * work was last sized for (the caller rebalances then).
     */
    public boolean heartbeat(String peerId, Heartbeat beat) {
        synchronized (this) {
            Member member = member(peerId);
            member.lastSeen = clock.instant();
            member.hashrate = beat.hashrate();
            return changedMuch(member.sizedFor, beat.hashrate());
        }
    }

    /** Records new capabilities of a member. */
    public synchronized void capabilities(String peerId, NodeCapabilities capabilities) {
        Member member = member(peerId);
        member.lastSeen = clock.instant();
        member.capabilities = capabilities;
    }

    /** Notes that work was sized for the member's current rate (the base of the 20 % rule). */
    public synchronized void sized(String peerId) {
        Member member = members.get(peerId);
        if (member != null) {
            member.sizedFor = member.hashrate;
        }
    }

    /** Counts a result that failed the master's check; drops the member at {@code maxBadResults} and says so. */
    public boolean badResult(String peerId) {
        badResults.incrementAndGet();
        boolean drop;
        synchronized (this) {
            Member member = members.get(peerId);
            if (member == null) {
                return false;
            }
            member.badResults++;
            drop = member.badResults >= maxBadResults;
            LOG.warn("cluster member {} sent a result that does not verify ({} of {} allowed){}", shortId(peerId),
                    member.badResults, maxBadResults, drop ? "; dropping it for " + DROP_BAN.toMinutes() + " minutes" : "");
            if (drop) {
                if (banned.size() >= MAX_MEMBERS) {
                    banned.remove(banned.keySet().iterator().next());
                }
                banned.put(peerId, clock.instant().plus(DROP_BAN));
            }
        }
        if (drop) {
            remove(peerId);
        }
        return drop;
    }

    /** Drops members silent for three heartbeat periods; returns their ids. */
    public List<String> expire() {
        Instant deadline = clock.instant().minus(heartbeat.multipliedBy(3));
        List<String> gone = new ArrayList<>();
        synchronized (this) {
            members.forEach((id, member) -> {
                if (member.lastSeen.isBefore(deadline)) {
                    gone.add(id);
                }
            });
        }
        gone.forEach(id -> {
            LOG.info("cluster member {} went silent; dropping it", shortId(id));
            remove(id);
        });
        return gone;
    }

    /** Removes a member (left, silent or dropped). */
    public void remove(String peerId) {
        boolean removed;
        synchronized (this) {
            removed = members.remove(peerId) != null;
        }
        if (removed) {
            onChange.accept(peerId);
        }
    }

    /** The members, by node id. */
    public synchronized List<MemberView> members() {
        return members.entrySet().stream()
                .map(e -> new MemberView(e.getKey(), e.getValue().role, e.getValue().capabilities,
                        e.getValue().hashrate, e.getValue().badResults, e.getValue().joinedAt, e.getValue().lastSeen))
                .sorted(Comparator.comparing(MemberView::nodeId)).toList();
    }

    /** Number of members. */
    public synchronized int size() {
        return members.size();
    }

    /** Handshakes and messages refused (no secret, not a member, wrong version or id). */
    public long refused() {
        return refused.get();
    }

    /** Handshakes refused because the node was dropped for bad results and its ban has not run out (also in {@link #refused()}). */
    public long refusedDropped() {
        return refusedBanned.get();
    }

    /** Results that failed the master's check, from anyone. */
    public long badResults() {
        return badResults.get();
    }

    /** Whether {@code before} to {@code after} is a change of more than 20 %. */
    static boolean changedMuch(double before, double after) {
        if (before <= 0) {
            return after > 0;
        }
        return Math.abs(after - before) > 0.2 * before;
    }

    private Member member(String peerId) {
        Member member = members.get(peerId);
        if (member == null) {
            throw refuse(peerId, "is not a member of this cluster");
        }
        return member;
    }

    private ClusterException refuse(String peerId, String why) {
        refused.incrementAndGet();
        LOG.debug("refused node {}: {}", peerId, why);
        return new ClusterException("node " + shortId(peerId) + " " + why);
    }

    private void refuseIfBanned(String peerId, Instant now) {
        banned.values().removeIf(until -> !now.isBefore(until));
        Instant until = banned.get(peerId);
        if (until != null) {
            refusedBanned.incrementAndGet();
            throw refuse(peerId, "was dropped for sending " + maxBadResults
                    + " results that do not verify and may not rejoin before " + until);
        }
    }

    private void expirePending(Instant now) {
        pending.values().removeIf(p -> p.at.plus(PENDING_TTL).isBefore(now));
    }

    static String shortId(String nodeId) {
        return nodeId.length() > 12 ? nodeId.substring(0, 12) : nodeId;
    }

    private record Pending(Hello hello, byte[] masterNonce, Instant at) {
    }

    private static final class Member {
        final String role;
        final Instant joinedAt;
        NodeCapabilities capabilities;
        double hashrate;
        double sizedFor;
        int badResults;
        Instant lastSeen;

        Member(String role, NodeCapabilities capabilities, Instant now) {
            this.role = role;
            this.capabilities = capabilities;
            this.joinedAt = now;
            this.lastSeen = now;
        }
    }
}
