package io.quarry.storage.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.HostileInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangeAndMultipartTest {

    @Test
    void parsesTheThreeSingleRangeForms() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).contains(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-5", 100)).contains(new ByteRange(95, 99));
        assertThat(ByteRange.parse("bytes=50-500", 100)).contains(new ByteRange(50, 99));
        assertThat(ByteRange.parse("bytes=100-", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=9-3", 100)).isEmpty();
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-1,5-6", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRange.parse("items=0-1", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-", 100)).isInstanceOf(IllegalArgumentException.class);
    }

    static final String TYPE = "multipart/form-data; boundary=XyZ";
    static final String BODY = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\nhello\r\nworld\r\n--XyZ--\r\n";

    @Test
    void takesTheFirstPartsContent() {
        assertThat(new String(Multipart.firstPart(TYPE, BODY.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1))
                .isEqualTo("hello\r\nworld");
        assertThat(Multipart.firstPart("multipart/form-data; boundary=\"XyZ\"", BODY.getBytes(StandardCharsets.ISO_8859_1)))
                .hasSize(12);
        assertThatThrownBy(() -> Multipart.firstPart("application/json", new byte[0])).hasMessageContaining("multipart/form-data");
    }

    @Test
    void hostileRangesAndBodiesFailWithIllegalArgumentOnly() {
        List<byte[]> ranges = HostileInput.utf8("bytes=0-9", "bytes=-500", "bytes=10-");
        List<byte[]> bodies = List.of(BODY.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < HostileInput.cases(1000); i++) {
            HostileInput input = HostileInput.forCase(i);
            String range = new String(input.mutate(ranges), StandardCharsets.ISO_8859_1);
            try {
                ByteRange.parse(range, input.nextInt(1000)).ifPresent(r -> {
                    assertThat(r.first()).isNotNegative();
                    assertThat(r.last()).isGreaterThanOrEqualTo(r.first());
                });
            } catch (IllegalArgumentException expected) {
                // refused with a message
            }
            byte[] body = input.nextInt(3) == 0 ? input.noise(400) : input.mutate(bodies);
            try {
                assertThat(Multipart.firstPart(TYPE, body).length).isLessThanOrEqualTo(body.length);
            } catch (IllegalArgumentException expected) {
                // refused with a message
            }
        }
    }
}
