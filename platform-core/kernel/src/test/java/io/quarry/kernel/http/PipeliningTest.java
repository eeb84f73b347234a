package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 pipelining: every request sent back to back in one write is answered, in order. */
class PipeliningTest {

    @Test
    void twoHundredPipelinedRequestsGetTwoHundredAnswersInOrder() throws Exception {
        try (HttpServer server = TestHttp.server()) {
            server.route(HttpMethod.GET, "/api/v1/node/echo/{n}", Access.OPEN,
                    request -> HttpResponse.ok(Integer.parseInt(request.pathParam("n"))));
            server.start();
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                requests.append("GET /api/v1/node/echo/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            String last = "GET /api/v1/node/echo/200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write((requests + last).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                String answers = all.toString(StandardCharsets.US_ASCII);
                String[] parts = answers.split("HTTP/1\\.1 200 OK", -1);
                assertThat(parts).hasSize(202);
                for (int i = 0; i <= 200; i++) {
                    assertThat(parts[i + 1]).endsWith("\r\n\r\n" + i);
                }
            }
        }
    }
}
