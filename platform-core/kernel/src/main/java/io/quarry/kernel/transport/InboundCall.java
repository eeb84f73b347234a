package io.quarry.kernel.transport;

/**
 * A call a peer made to us, while its handler runs: where its upload body goes or where its download's
 * credit arrives, and whether the caller has given up on it.
 */
final class InboundCall {

    final int id;
    final Registration registration;
    /** The upload body being received, else null. */
    final StreamReceiver body;
    /** The credit for the download being sent, else null. */
    final StreamCredit credit;
    private volatile boolean cancelled;

    InboundCall(int id, Registration registration, StreamReceiver body, StreamCredit credit) {
        this.id = id;
        this.registration = registration;
        this.body = body;
        this.credit = credit;
    }

    /** The caller gave up (CANCEL, or the connection closed): stop streaming, send no answer. */
    void cancel(String why) {
        cancelled = true;
        if (body != null) {
            body.fail(why);
        }
        if (credit != null) {
            credit.cancel(why);
        }
    }

    boolean cancelled() {
        return cancelled;
    }
}
