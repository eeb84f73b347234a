package io.quarry.randomx.hashing;

/** Engine settings for tests: never touch system huge-page settings on a shared machine. */
final class Engines {

    private Engines() {
    }

    static RandomXEngine light(int threads) {
        return RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT).withThreads(threads)
                .withHugePages(HugePagesPolicy.OFF));
    }

    static RandomXEngine fast(int threads) {
        return RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.FAST).withThreads(threads)
                .withHugePages(HugePagesPolicy.OFF));
    }
}
