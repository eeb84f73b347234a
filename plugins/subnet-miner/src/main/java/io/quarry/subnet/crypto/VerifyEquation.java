package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.EdwardsPoint;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes {@code s*B - k*A} for signature verification. Everything in it is public (the signature, the key,
 * the challenge), so the variable-time double-scalar multiplication that schnorrkel's own verifier uses is
 * safe here and about twice as fast as two constant-time multiplications. curve25519-elisabeth implements it
 * on Edwards points but does not expose a Ristretto element's Edwards representative, so that one field and
 * constructor are reached by reflection (the library version is pinned in the pom); if a future version
 * moves them, the constant-time formula, which gives the same point, is used instead.
 */
final class VerifyEquation {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyEquation.class);
    private static final MethodHandle REPRESENTATIVE;
    private static final MethodHandle WRAP;

    static {
        MethodHandle representative = null;
        MethodHandle wrap = null;
        try {
            Field repr = RistrettoElement.class.getDeclaredField("repr");
            repr.setAccessible(true);
            Constructor<RistrettoElement> ctor = RistrettoElement.class.getDeclaredConstructor(EdwardsPoint.class);
            ctor.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            representative = lookup.unreflectGetter(repr).asType(MethodType.methodType(EdwardsPoint.class,
                    RistrettoElement.class));
            wrap = lookup.unreflectConstructor(ctor);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            LOG.debug("sr25519: variable-time verification unavailable ({}); using constant-time arithmetic",
                    unavailable.toString());
        }
        REPRESENTATIVE = representative;
        WRAP = wrap;
    }

    private VerifyEquation() {
    }

    /** {@code s*B - k*A}. */
    static RistrettoElement compute(Scalar s, Scalar k, RistrettoElement a) {
        if (REPRESENTATIVE != null) {
            try {
                EdwardsPoint edwards = (EdwardsPoint) REPRESENTATIVE.invokeExact(a);
                EdwardsPoint r = EdwardsPoint.vartimeDoubleScalarMultiplyBasepoint(Scalar.ZERO.subtract(k), edwards, s);
                return (RistrettoElement) WRAP.invoke(r);
            } catch (Throwable unexpected) {
                throw new IllegalStateException("sr25519 verification arithmetic failed", unexpected);
            }
        }
        return Constants.RISTRETTO_GENERATOR_TABLE.multiply(s).subtract(a.multiply(k));
    }

    /**
     * A table of {@code -A} for {@link #compute(Scalar, Scalar, FixedBaseTable)}, or null when the Edwards
     * representative is out of reach (then the plain formula is used).
     */
    static FixedBaseTable negatedTable(RistrettoElement a) {
        if (REPRESENTATIVE == null) {
            return null;
        }
        try {
            return FixedBaseTable.of(((EdwardsPoint) REPRESENTATIVE.invokeExact(a)).negate(), 4);
        } catch (Throwable unexpected) {
            throw new IllegalStateException("sr25519 table arithmetic failed", unexpected);
        }
    }

    /** {@code s*B - k*A} from a table of {@code -A} (a known key): additions only, no doublings. */
    static RistrettoElement compute(Scalar s, Scalar k, FixedBaseTable negatedA) {
        EdwardsPoint r = FixedBaseTable.sum(BasepointTable.TABLE, s, negatedA, k);
        try {
            return (RistrettoElement) WRAP.invoke(r);
        } catch (Throwable unexpected) {
            throw new IllegalStateException("sr25519 verification arithmetic failed", unexpected);
        }
    }

    /** The basepoint's table, built on first use. */
    private static final class BasepointTable {
        static final FixedBaseTable TABLE = FixedBaseTable.of(Constants.ED25519_BASEPOINT, 8);
    }

    /** Whether the fast path is in use (for the bench report). */
    static boolean variableTime() {
        return REPRESENTATIVE != null;
    }
}
