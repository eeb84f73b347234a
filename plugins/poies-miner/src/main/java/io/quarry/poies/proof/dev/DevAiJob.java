package io.quarry.poies.proof.dev;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.util.Arrays;

/**
 * A tiny deterministic inference job: a fixed-weight two-layer integer network (16 inputs, 16 hidden units with
 * ReLU, 4 outputs; int8 weights drawn once from a fixed seed) run over a batch of inputs drawn from the job
 * seed, with trap inputs hidden at seeded positions.
 *
 * <p>Traps have answers known without running the batch: the zero input gives {@code W2 * relu(b1) + b2}, and
 * the scaled one-hot input {@code 64 * e_i} gives {@code W2 * relu(b1 + 64 * W1[:, i]) + b2}, read from one
 * column of the weights. The batch itself runs through the general matrix loops, so a trap passes only when the
 * engine computed what the model says.
 */
final class DevAiJob {

    static final int INPUTS = 16;
    static final int HIDDEN = 16;
    static final int OUTPUTS = 4;
    private static final int ONE_HOT = 64;
    private static final int SHIFT = 4;

    private static final Model MODEL = Model.fixed();

    private final Bytes seed;
    private final int work;
    private final int traps;

    /**
     * A job of {@code work} real inputs and {@code traps} trap inputs, drawn from {@code seed}.
     */
    DevAiJob(Bytes seed, int work, int traps) {
        if (work < 1 || traps < 1 || work + traps > 4096) {
            throw new IllegalArgumentException("work and traps must be >= 1 and together at most 4096");
        }
        this.seed = seed;
        this.work = work;
        this.traps = traps;
    }

    /** Runs the batch with {@code engine} and checks the traps. */
    DevJobResult run(Engine engine) {
        int size = work + traps;
        DeterministicStream stream = new DeterministicStream(seed);
        boolean[] isTrap = new boolean[size];
        int[] trapKind = new int[size]; // -1: zero input; i: one-hot on input i
        for (int placed = 0; placed < traps; ) {
            int at = stream.nextInt(size);
            if (!isTrap[at]) {
                isTrap[at] = true;
                trapKind[at] = stream.nextInt(INPUTS + 1) - 1;
                placed++;
            }
        }
        int[][] batch = new int[size][];
        for (int n = 0; n < size; n++) {
            int[] x = new int[INPUTS];
            if (isTrap[n]) {
                if (trapKind[n] >= 0) {
                    x[trapKind[n]] = ONE_HOT;
                }
            } else {
                for (int i = 0; i < INPUTS; i++) {
                    x[i] = stream.nextSignedByte();
                }
            }
            batch[n] = x;
        }
        CanonicalWriter spec = CanonicalWriter.tagged("quarry:poies:dev-ai:job:v1").fixed(MODEL.hash()).fixed(seed)
                .u32(work).u32(traps);
        CanonicalWriter output = CanonicalWriter.tagged("quarry:poies:dev-ai:result:v1");
        long passed = 0;
        for (int n = 0; n < size; n++) {
            long[] y = engine.forward(MODEL, batch[n]);
            for (long value : y) {
                output.u64(value);
            }
            if (isTrap[n]) {
                spec.u32(n);
                passed += Arrays.equals(y, MODEL.knownAnswer(trapKind[n])) ? 1 : 0;
            }
        }
        return new DevJobResult(spec.keccak256(), output.keccak256(), work, traps, passed);
    }

    /** Evaluates the network on one input; {@link #REFERENCE} is the honest one. */
    interface Engine {
        long[] forward(Model model, int[] x);
    }

    /** The general dense evaluation. */
    static final Engine REFERENCE = Model::forward;

    /** The fixed network. */
    static final class Model {

        private final int[][] w1 = new int[HIDDEN][INPUTS];
        private final int[] b1 = new int[HIDDEN];
        private final int[][] w2 = new int[OUTPUTS][HIDDEN];
        private final int[] b2 = new int[OUTPUTS];
        private final byte[] hash;

        private Model(DeterministicStream stream) {
            CanonicalWriter weights = CanonicalWriter.tagged("quarry:poies:dev-ai:model:v1");
            for (int j = 0; j < HIDDEN; j++) {
                for (int i = 0; i < INPUTS; i++) {
                    w1[j][i] = stream.nextSignedByte() >> 1;
                    weights.u32(w1[j][i] & 0xffff_ffffL);
                }
                b1[j] = stream.nextSignedByte() * 4;
                weights.u32(b1[j] & 0xffff_ffffL);
            }
            for (int k = 0; k < OUTPUTS; k++) {
                for (int j = 0; j < HIDDEN; j++) {
                    w2[k][j] = stream.nextSignedByte() >> 1;
                    weights.u32(w2[k][j] & 0xffff_ffffL);
                }
                b2[k] = stream.nextSignedByte() * 4;
                weights.u32(b2[k] & 0xffff_ffffL);
            }
            hash = weights.keccak256().toArray();
        }

        static Model fixed() {
            return new Model(new DeterministicStream(CanonicalWriter.tagged("quarry:poies:dev-ai:weights:v1")
                    .keccak256()));
        }

        /** Hash of the weights: the model's identity in job specs. */
        byte[] hash() {
            return hash.clone();
        }

        long[] forward(int[] x) {
            long[] hidden = new long[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                long sum = b1[j];
                for (int i = 0; i < INPUTS; i++) {
                    sum += (long) w1[j][i] * x[i];
                }
                hidden[j] = Math.max(0, sum) >> SHIFT;
            }
            return output(hidden);
        }

        /** The answer for a trap: {@code -1} the zero input, otherwise one-hot on that input (column read). */
        long[] knownAnswer(int trapKind) {
            long[] hidden = new long[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                long pre = b1[j] + (trapKind >= 0 ? (long) ONE_HOT * w1[j][trapKind] : 0);
                hidden[j] = Math.max(0, pre) >> SHIFT;
            }
            return output(hidden);
        }

        private long[] output(long[] hidden) {
            long[] y = new long[OUTPUTS];
            for (int k = 0; k < OUTPUTS; k++) {
                long sum = b2[k];
                for (int j = 0; j < HIDDEN; j++) {
                    sum += w2[k][j] * hidden[j];
                }
                y[k] = sum;
            }
            return y;
        }
    }
}
