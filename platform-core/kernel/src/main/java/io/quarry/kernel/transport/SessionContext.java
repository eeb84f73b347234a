package io.quarry.kernel.transport;

/**
 * What every {@link Session} of one transport shares.
 *
 * @param settings the limits
 * @param registry the protocols we serve
 * @param dispatcher runs peer calls on handler threads
 * @param metrics the meters
 * @param sessions told when sessions open, become ready and close
 */
record SessionContext(TransportSettings settings, ProtocolRegistry registry, InboundDispatcher dispatcher,
                      TransportMetrics metrics, SessionListener sessions) {
}
