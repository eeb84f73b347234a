package io.quarry.poies.proof.dev;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny deterministic quantum job: random 5-qubit circuits (H, X, CNOT, RZ(k pi/8)) drawn from the job seed,
 * simulated on a {@link StateVector}, their output distributions (in 10^-9 units) hashed as the result; with
 * trap circuits hidden at seeded positions whose outcome is known without simulating them:
 * <ul>
 *   <li>mirror traps, a random circuit followed by its inverse: all probability on |00000>;</li>
 *   <li>GHZ traps, H then a CNOT chain: half on |00000>, half on |11111>.</li>
 * </ul>
 * A trap passes when the simulated distribution is within 10^-6 of the known one in every basis state.
 */
final class DevQuantumJob {

    static final int QUBITS = 5;
    private static final int DEPTH = 24;
    private static final long TOLERANCE = 1_000; // 10^-6 in units of 10^-9

    private final Bytes seed;
    private final int work;
    private final int traps;

    /** A job of {@code work} random circuits and {@code traps} trap circuits, drawn from {@code seed}. */
    DevQuantumJob(Bytes seed, int work, int traps) {
        if (work < 1 || traps < 1 || work + traps > 1024) {
            throw new IllegalArgumentException("work and traps must be >= 1 and together at most 1024");
        }
        this.seed = seed;
        this.work = work;
        this.traps = traps;
    }

    /** One gate: {@code op} 0 = H, 1 = X, 2 = CNOT(a, b), 3 = RZ(a, b eighths). */
    record Gate(int op, int a, int b) {

        void apply(StateVector state) {
            switch (op) {
                case 0 -> state.h(a);
                case 1 -> state.x(a);
                case 2 -> state.cnot(a, b);
                default -> state.rz(a, b);
            }
        }

        Gate inverse() {
            return op == 3 ? new Gate(3, a, (16 - b) % 16) : this;
        }
    }

    /** Simulates the batch and checks the traps. */
    DevJobResult run() {
        int size = work + traps;
        DeterministicStream stream = new DeterministicStream(seed);
        int[] kind = new int[size]; // 0: work, 1: mirror trap, 2: GHZ trap
        for (int placed = 0; placed < traps; ) {
            int at = stream.nextInt(size);
            if (kind[at] == 0) {
                kind[at] = 1 + stream.nextInt(2);
                placed++;
            }
        }
        CanonicalWriter spec = CanonicalWriter.tagged("quarry:poies:dev-quantum:job:v1").fixed(seed).u32(work).u32(traps);
        CanonicalWriter output = CanonicalWriter.tagged("quarry:poies:dev-quantum:result:v1");
        long passed = 0;
        for (int n = 0; n < size; n++) {
            List<Gate> circuit = switch (kind[n]) {
                case 1 -> mirror(random(stream));
                case 2 -> ghz();
                default -> random(stream);
            };
            StateVector state = new StateVector(QUBITS);
            for (Gate gate : circuit) {
                gate.apply(state);
                spec.u8(gate.op()).u8(gate.a()).u8(gate.b());
            }
            long[] distribution = state.quantizedProbabilities();
            for (long p : distribution) {
                output.u64(p);
            }
            if (kind[n] != 0) {
                spec.u32(n);
                passed += matches(distribution, known(kind[n])) ? 1 : 0;
            }
        }
        return new DevJobResult(spec.keccak256(), output.keccak256(), work, traps, passed);
    }

    private static List<Gate> random(DeterministicStream stream) {
        List<Gate> circuit = new ArrayList<>(DEPTH);
        for (int g = 0; g < DEPTH; g++) {
            int op = stream.nextInt(4);
            int a = stream.nextInt(QUBITS);
            int b = switch (op) {
                case 2 -> (a + 1 + stream.nextInt(QUBITS - 1)) % QUBITS;
                case 3 -> stream.nextInt(16);
                default -> 0;
            };
            circuit.add(new Gate(op, a, b));
        }
        return circuit;
    }

    private static List<Gate> mirror(List<Gate> circuit) {
        List<Gate> out = new ArrayList<>(circuit);
        for (int g = circuit.size() - 1; g >= 0; g--) {
            out.add(circuit.get(g).inverse());
        }
        return out;
    }

    private static List<Gate> ghz() {
        List<Gate> out = new ArrayList<>();
        out.add(new Gate(0, 0, 0));
        for (int q = 1; q < QUBITS; q++) {
            out.add(new Gate(2, q - 1, q));
        }
        return out;
    }

    private static long[] known(int trapKind) {
        long[] p = new long[1 << QUBITS];
        if (trapKind == 1) {
            p[0] = 1_000_000_000L;
        } else {
            p[0] = 500_000_000L;
            p[p.length - 1] = 500_000_000L;
        }
        return p;
    }

    private static boolean matches(long[] actual, long[] expected) {
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
