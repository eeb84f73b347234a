package io.quarry.poies.proof.dev;

/**
 * A pure state of a few qubits as 2^n complex amplitudes, with the gates the dev circuits use. Arithmetic is
 * IEEE double (exact and reproducible in Java) and angles come from {@link StrictMath}, so a circuit gives the
 * same amplitudes bit for bit on every machine.
 */
final class StateVector {

    private static final double SQRT_HALF = StrictMath.sqrt(0.5);

    private final int qubits;
    private final double[] re;
    private final double[] im;

    /** |0...0> on {@code qubits} qubits. */
    StateVector(int qubits) {
        if (qubits < 1 || qubits > 12) {
            throw new IllegalArgumentException("1..12 qubits, was " + qubits);
        }
        this.qubits = qubits;
        this.re = new double[1 << qubits];
        this.im = new double[1 << qubits];
        re[0] = 1.0;
    }

    int qubits() {
        return qubits;
    }

    /** Hadamard on qubit {@code q}. */
    void h(int q) {
        int bit = 1 << q;
        for (int i = 0; i < re.length; i++) {
            if ((i & bit) == 0) {
                int j = i | bit;
                double ar = re[i];
                double ai = im[i];
                double br = re[j];
                double bi = im[j];
                re[i] = (ar + br) * SQRT_HALF;
                im[i] = (ai + bi) * SQRT_HALF;
                re[j] = (ar - br) * SQRT_HALF;
                im[j] = (ai - bi) * SQRT_HALF;
            }
        }
    }

    /** Pauli X on qubit {@code q}. */
    void x(int q) {
        int bit = 1 << q;
        for (int i = 0; i < re.length; i++) {
            if ((i & bit) == 0) {
                swap(i, i | bit);
            }
        }
    }

    /** Controlled NOT: flips {@code target} where {@code control} is 1. */
    void cnot(int control, int target) {
        if (control == target) {
            throw new IllegalArgumentException("control and target must differ");
        }
        int c = 1 << control;
        int t = 1 << target;
        for (int i = 0; i < re.length; i++) {
            if ((i & c) != 0 && (i & t) == 0) {
                swap(i, i | t);
            }
        }
    }

    /** RZ(k * pi / 8) on qubit {@code q}: phase e^(-i theta/2) on |0>, e^(+i theta/2) on |1>. */
    void rz(int q, int eighths) {
        double half = eighths * StrictMath.PI / 16;
        double cos = StrictMath.cos(half);
        double sin = StrictMath.sin(half);
        int bit = 1 << q;
        for (int i = 0; i < re.length; i++) {
            double s = (i & bit) == 0 ? -sin : sin;
            double r = re[i] * cos - im[i] * s;
            double m = re[i] * s + im[i] * cos;
            re[i] = r;
            im[i] = m;
        }
    }

    /** The probability of basis state {@code index}. */
    double probability(int index) {
        return re[index] * re[index] + im[index] * im[index];
    }

    /** Every basis state's probability in units of 10^-9, rounded to nearest. */
    long[] quantizedProbabilities() {
        long[] out = new long[re.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(probability(i) * 1e9);
        }
        return out;
    }

    private void swap(int i, int j) {
        double r = re[i];
        double m = im[i];
        re[i] = re[j];
        im[i] = im[j];
        re[j] = r;
        im[j] = m;
    }
}
