package io.quarry.subnet.api;

import io.quarry.api.subnet.SubnetJobHandler;

/** The orchestrator job type {@code cvm}: the same compute offer {@code POST /cvm} gives validators. */
public final class CvmJob implements SubnetJobHandler<Void> {

    private final CvmHandler cvm;

    public CvmJob(CvmHandler cvm) {
        this.cvm = cvm;
    }

    @Override
    public String type() {
        return "cvm";
    }

    @Override
    public Class<Void> payloadType() {
        return Void.class;
    }

    @Override
    public Object run(Void payload) {
        return cvm.offer();
    }
}
