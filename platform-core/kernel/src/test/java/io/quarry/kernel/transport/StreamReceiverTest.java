package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamReceiverTest {

    private static final int WINDOW = 4 * StreamCredit.cost(1000);

    private final List<Integer> credits = new ArrayList<>();
    private final List<Boolean> finished = new ArrayList<>();
    private final AtomicLong buffered = new AtomicLong();
    private final StreamReceiver receiver = new StreamReceiver(WINDOW, Duration.ofMillis(200), credits::add,
            finished::add, buffered);

    @Test
    void refusesDataBeyondTheWindow() {
        for (int i = 0; i < 4; i++) {
            assertThat(receiver.offer(Unpooled.wrappedBuffer(new byte[1000]))).isTrue();
        }

        assertThat(receiver.offer(Unpooled.wrappedBuffer(new byte[1]))).isFalse();
        assertThat(buffered.get()).isEqualTo(WINDOW);
    }

    @Test
    void returnsCreditAsChunksAreReadAndEndsCleanly() throws Exception {
        for (int i = 0; i < 4; i++) {
            receiver.offer(Unpooled.wrappedBuffer(new byte[1000]));
        }
        receiver.end();

        assertThat(receiver.readAllBytes()).hasSize(4000);
        assertThat(credits.stream().mapToInt(Integer::intValue).sum()).isEqualTo(WINDOW);
        assertThat(finished).containsExactly(true);
        assertThat(buffered.get()).isZero();
    }

    @Test
    void failsTheReaderAfterTheBufferedData() throws Exception {
        receiver.offer(Unpooled.wrappedBuffer(new byte[10]));
        receiver.fail("peer went away");

        assertThat(receiver.readNBytes(10)).hasSize(10);
        assertThatThrownBy(receiver::read).isInstanceOf(IOException.class).hasMessage("peer went away");
        assertThat(finished).containsExactly(false);
    }

    @Test
    void readTimesOutWhenThePeerStalls() {
        assertThatThrownBy(receiver::read).isInstanceOf(IOException.class)
                .hasMessage("no stream data from the peer for 200 ms");
    }

    @Test
    void chunksAreKeptWithoutCopiesAndReleasedOnceReadOrOnClose() throws Exception {
        ByteBuf read = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ByteBuf unread = Unpooled.wrappedBuffer(new byte[] {4, 5});
        receiver.offer(read);
        receiver.offer(unread);
        read.release(); // the event loop's own references go when the frame is done
        unread.release();
        assertThat(read.refCnt()).as("held by the receiver").isEqualTo(1);

        assertThat(receiver.readNBytes(3)).containsExactly(1, 2, 3);
        assertThat(read.refCnt()).as("released once read").isZero();
        assertThat(unread.refCnt()).isEqualTo(1);
        receiver.close();
        assertThat(unread.refCnt()).as("released on close").isZero();
        assertThatThrownBy(receiver::read).isInstanceOf(IOException.class).hasMessage("stream closed");
    }

    @Test
    void lateDataForAClosedStreamIsNotKept() {
        receiver.close();
        ByteBuf late = Unpooled.wrappedBuffer(new byte[10]);

        assertThat(receiver.offer(late)).isTrue();
        late.release();
        assertThat(late.refCnt()).isZero();
    }
}
