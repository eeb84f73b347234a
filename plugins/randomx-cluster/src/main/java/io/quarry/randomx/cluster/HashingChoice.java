package io.quarry.randomx.cluster;

/**
 * How a member that cannot hold the dataset hashes, and why: the two rates it measured last.
 *
 * @param remote true when it sends HASH_REQUESTs to the dataset host, false when it hashes in light mode itself
 * @param localRate its own hashes per second (10 s average while mining locally)
 * @param remoteRate hashes per second one HASH_REQUEST batch to the dataset host achieved
 * @param host the dataset host's node id
 */
public record HashingChoice(boolean remote, double localRate, double remoteRate, String host) {
}
