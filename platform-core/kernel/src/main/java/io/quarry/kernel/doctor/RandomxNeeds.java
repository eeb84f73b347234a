package io.quarry.kernel.doctor;

/**
 * What an enabled RandomX miner will ask of the host, read from its configuration.
 *
 * @param mode {@code randomx-cluster.mode}: auto, fast or light
 * @param threads mining threads ({@code randomx-cluster.threads}, 0 resolved to the core count)
 */
record RandomxNeeds(String mode, int threads) {

    String describe() {
        return threads + " thread" + (threads == 1 ? "" : "s") + ", mode " + mode;
    }
}
