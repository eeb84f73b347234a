package io.quarry.bench;

import io.quarry.natives.ReedSolomon;
import io.quarry.storage.hash.Blake3;
import java.nio.ByteBuffer;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * Single-thread throughput of the storage-miner's hot loops, run by bench/storage.sh: BLAKE3 (this project's,
 * vectorized when the JVM has jdk.incubator.vector, and BouncyCastle's) over an in-memory buffer, and ISA-L
 * Reed-Solomon encode and worst-case decode of 2 MiB stripes. Prints "name MB/s" lines, best of the rounds.
 *
 * <p>Usage: StorageBench [rounds] [blake3MiB] [dataShards] [parityShards]
 */
public final class StorageBench {

    private StorageBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int dataShards = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int parityShards = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        byte[] data = new byte[mib << 20];
        new Random(1).nextBytes(data);
        System.out.println("blake3 vectorized: " + Blake3.vectorized());
        System.out.printf("blake3-quarry %.0f%n", best(rounds, data.length, () -> Blake3.hash(data)));
        System.out.printf("blake3-bouncycastle %.0f%n", best(Math.min(rounds, 2), data.length, () -> {
            Blake3Digest digest = new Blake3Digest(256);
            digest.update(data, 0, data.length);
            digest.doFinal(new byte[32], 0);
        }));
        rs(rounds, dataShards, parityShards);
    }

    private static void rs(int rounds, int dataShards, int parityShards) {
        ReedSolomon rs = ReedSolomon.create(dataShards, parityShards);
        int stripe = 2 << 20;
        int shardLen = (stripe + dataShards - 1) / dataShards;
        int stripes = 64;
        ByteBuffer[][] all = new ByteBuffer[stripes][rs.totalShards()];
        Random random = new Random(2);
        byte[] chunk = new byte[shardLen];
        for (ByteBuffer[] shards : all) {
            for (int i = 0; i < shards.length; i++) {
                shards[i] = ByteBuffer.allocateDirect(shardLen);
                random.nextBytes(chunk);
                shards[i].put(0, chunk);
            }
        }
        long bytes = (long) stripes * shardLen * dataShards;
        System.out.printf("rs-encode-%d+%d %.0f%n", dataShards, parityShards, best(rounds, bytes, () -> {
            for (ByteBuffer[] shards : all) {
                rs.encode(shards, shardLen);
            }
        }));
        // Worst case for the decoder: every data shard lost, all rebuilt from parity.
        boolean[] present = new boolean[rs.totalShards()];
        for (int i = dataShards; i < present.length; i++) {
            present[i] = true;
        }
        System.out.printf("rs-decode-%d-lost %.0f%n", Math.min(dataShards, parityShards), best(rounds, bytes, () -> {
            for (ByteBuffer[] shards : all) {
                rs.reconstruct(shards, present, shardLen);
            }
        }));
    }

    /** Best MB/s (10^6 bytes per second) over {@code rounds} runs after one warm-up run. */
    private static double best(int rounds, long bytes, Runnable work) {
        work.run();
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            work.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, bytes / 1e6 / seconds);
        }
        return best;
    }
}
