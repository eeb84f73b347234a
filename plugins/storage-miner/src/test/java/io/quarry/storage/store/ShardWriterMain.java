package io.quarry.storage.store;

import java.nio.file.Path;
import java.util.Random;

/** The process {@link ShardStoreCrashTest} kills: writes random shards forever, printing "ACK id" after each. */
public final class ShardWriterMain {

    private ShardWriterMain() {
    }

    public static void main(String[] args) {
        ShardStore store = ShardStore.open(Path.of(args[0]), 0, 10, 1 << 20);
        Random random = new Random();
        for (int i = 0; i < 100_000; i++) {
            byte[] data = new byte[1 + random.nextInt(200_000)];
            random.nextBytes(data);
            System.out.println("ACK " + store.put(data).id());
            System.out.flush();
        }
    }
}
