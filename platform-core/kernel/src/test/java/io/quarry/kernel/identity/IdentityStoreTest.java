package io.quarry.kernel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class IdentityStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void createWritesOwnerOnlyFilesInOwnerOnlyDirectory() throws IOException {
        IdentityStore store = new IdentityStore(dataDir);

        store.create();
        store.apiToken();

        assertThat(mode(store.directory())).isEqualTo("rwx------");
        assertThat(mode(store.keyFile())).isEqualTo("rw-------");
        assertThat(mode(store.apiTokenFile())).isEqualTo("rw-------");
        assertThat(store.keyFile()).isEqualTo(dataDir.resolve("identity/node.key"));
        assertThat(store.apiTokenFile()).isEqualTo(dataDir.resolve("identity/api-token"));
    }

    @Test
    void keyIsStoredAsPkcs8Pem() throws IOException {
        IdentityStore store = new IdentityStore(dataDir);
        store.create();

        assertThat(Files.readString(store.keyFile()))
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
    }

    @Test
    void loadReturnsTheCreatedIdentity() {
        IdentityStore store = new IdentityStore(dataDir);
        NodeIdentity created = store.create();

        NodeIdentity loaded = new IdentityStore(dataDir).load();

        assertThat(loaded.nodeId()).isEqualTo(created.nodeId());
        assertThat(store.exists()).isTrue();
    }

    @Test
    void loadOfMissingIdentityTellsTheOperatorToRunInit() {
        IdentityStore store = new IdentityStore(dataDir);

        assertThat(store.exists()).isFalse();
        assertThatThrownBy(store::load)
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(store.keyFile().toString())
                .hasMessageContaining("quarry init")
                .hasMessageContaining("quarry identity restore FILE");
    }

    @Test
    void loadOfCorruptKeyTellsTheOperatorToRestore() throws IOException {
        IdentityStore store = new IdentityStore(dataDir);
        store.create();
        Files.writeString(store.keyFile(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(store::load)
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("quarry identity restore FILE");
    }

    @Test
    void loadWarnsButStillWorksWhenKeyFileModeIsTooWide() throws IOException {
        IdentityStore store = new IdentityStore(dataDir);
        String nodeId = store.create().nodeId();
        Files.setPosixFilePermissions(store.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Logger logger = (Logger) LoggerFactory.getLogger(OwnerOnlyFiles.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            // Refusing to start would be worse than a loud warning that says how to fix it.
            assertThat(store.load().nodeId()).isEqualTo(nodeId);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list)
                .anySatisfy(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getFormattedMessage()).contains("rw-r--r--", "chmod 600");
                });
    }

    @Test
    void createRefusesToOverwriteAnExistingIdentity() {
        IdentityStore store = new IdentityStore(dataDir);
        store.create();

        assertThatThrownBy(store::create)
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void loadOrCreateCreatesOnceThenLoads() {
        IdentityStore store = new IdentityStore(dataDir);

        String first = store.loadOrCreate().nodeId();
        String second = store.loadOrCreate().nodeId();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void apiTokenIs64HexCharsWithNewlineAndStable() throws IOException {
        IdentityStore store = new IdentityStore(dataDir);

        String token = store.apiToken();

        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(Files.readString(store.apiTokenFile(), StandardCharsets.US_ASCII)).isEqualTo(token + "\n");
        assertThat(new IdentityStore(dataDir).apiToken()).isEqualTo(token);
    }

    @Test
    void malformedApiTokenIsAnError() throws IOException {
        IdentityStore store = new IdentityStore(dataDir);
        store.apiToken();
        Files.writeString(store.apiTokenFile(), "not-a-token\n");

        assertThatThrownBy(store::apiToken)
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("64 lowercase hex");
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
