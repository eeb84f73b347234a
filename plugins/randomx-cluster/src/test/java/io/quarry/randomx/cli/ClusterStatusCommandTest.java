package io.quarry.randomx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ClusterStatusCommandTest {

    @Test
    void saysWhatToDoWhenNoNodeAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run run = Run.of("cluster", "status", "--http", "127.0.0.1:" + port);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("is the node running? Pass its http.listen with --http");
    }
}
