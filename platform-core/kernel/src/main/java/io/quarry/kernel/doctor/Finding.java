package io.quarry.kernel.doctor;

import java.util.Objects;

/**
 * One line of {@code quarry doctor}: what was checked, how it went, and what to do about it.
 *
 * @param check short name of the check, e.g. {@code huge pages}
 * @param status how it went
 * @param detail what was found and, when not OK, what to do
 */
public record Finding(String check, Status status, String detail) {

    /** How a check went. */
    public enum Status {
        /** Fine. */
        OK,
        /** Works, but not as well as it could, or worth knowing; does not fail the doctor. */
        WARN,
        /** Something an enabled plugin or the node needs is missing: the doctor exits non-zero. */
        FAIL
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static Finding ok(String check, String detail) {
        return new Finding(check, Status.OK, detail);
    }

    static Finding warn(String check, String detail) {
        return new Finding(check, Status.WARN, detail);
    }

    static Finding fail(String check, String detail) {
        return new Finding(check, Status.FAIL, detail);
    }

    /** The line as the doctor prints it. */
    public String line() {
        return String.format("%-4s  %-16s %s", status, check, detail);
    }
}
