package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.ChunkedBodyTest.assertUnusable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quarry.api.transport.Payload;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link StreamReceiver#nextChunk}: lending received chunks, releasing them, and the credit they hold. */
class StreamReceiverChunkTest {

    private static final int WINDOW = 4 * StreamCredit.cost(1000);

    private final List<Integer> credits = new ArrayList<>();
    private final List<Boolean> finished = new ArrayList<>();
    private final AtomicLong gauge = new AtomicLong();
    private final StreamReceiver receiver = new StreamReceiver(WINDOW, Duration.ofMillis(200), credits::add,
            finished::add, gauge);

    @Test
    void nextChunkLendsTheReceivedBufferAndTheNextCallReleasesIt() throws Exception {
        ByteBuf first = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ByteBuf second = Unpooled.wrappedBuffer(new byte[] {4, 5});
        receiver.offer(first);
        receiver.offer(second);
        first.release(); // the event loop's own references go when the frame is done
        second.release();

        Payload lent = receiver.nextChunk();
        assertThat(lent.toByteArray()).containsExactly(1, 2, 3);
        assertThat(first.refCnt()).as("lent, not copied nor released").isEqualTo(1);

        assertThat(receiver.read()).isEqualTo(4);
        assertThat(first.refCnt()).as("released by the next call").isZero();
        assertUnusable(lent);
        Payload rest = receiver.nextChunk();
        assertThat(rest.toByteArray()).containsExactly(5);
        receiver.close();
        assertThat(second.refCnt()).as("released on close").isZero();
        assertUnusable(rest);
        assertThatThrownBy(receiver::nextChunk).isInstanceOf(IOException.class).hasMessage("stream closed");
    }

    @Test
    void chunksTakenWholeReturnAllTheCreditAndEndWithNull() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(receiver.offer(Unpooled.wrappedBuffer(new byte[1000]))).isTrue();
        }
        receiver.end();
        assertThat(gauge.get()).isEqualTo(WINDOW);

        int chunks = 0;
        while (receiver.nextChunk() != null) {
            chunks++;
        }

        assertThat(chunks).isEqualTo(4);
        assertThat(credits.stream().mapToInt(Integer::intValue).sum()).isEqualTo(WINDOW);
        assertThat(gauge.get()).isZero();
        assertThat(finished).containsExactly(true);
        assertThat(receiver.nextChunk()).isNull();
        assertThat(finished).containsExactly(true);
    }

    @Test
    void creditForALentChunkGoesBackOnlyOnceItIsReleased() throws Exception {
        receiver.offer(Unpooled.wrappedBuffer(new byte[1000]));
        receiver.offer(Unpooled.wrappedBuffer(new byte[1000]));

        receiver.nextChunk();
        assertThat(credits).as("still lent").isEmpty();
        assertThat(gauge.get()).as("a lent chunk still counts as buffered").isEqualTo(2L * StreamCredit.cost(1000));
        receiver.nextChunk();
        assertThat(credits).containsExactly(StreamCredit.cost(1000)); // a quarter window, released
        assertThat(gauge.get()).isEqualTo(StreamCredit.cost(1000));
    }

    @Test
    void partlyReadChunkIsLentWithWhatIsLeft() throws Exception {
        receiver.offer(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        receiver.end();

        assertThat(receiver.readNBytes(3)).containsExactly(1, 2, 3);
        Payload rest = receiver.nextChunk();

        assertThat(rest.length()).isEqualTo(7);
        assertThat(rest.toByteArray()).containsExactly(4, 5, 6, 7, 8, 9, 10);
        byte[] middle = new byte[2];
        rest.read(2, middle, 0, 2);
        assertThat(middle).containsExactly(6, 7);
        assertThat(receiver.nextChunk()).isNull();
        assertThat(finished).containsExactly(true);
        assertThat(gauge.get()).isZero();
    }

    @Test
    void nextChunkFailsAsAReadWouldAfterTheBufferedData() throws Exception {
        receiver.offer(Unpooled.wrappedBuffer(new byte[10]));
        receiver.fail("peer went away");

        assertThat(receiver.nextChunk().length()).isEqualTo(10);
        assertThatThrownBy(receiver::nextChunk).isInstanceOf(IOException.class).hasMessage("peer went away");
        assertThat(finished).containsExactly(false);
        assertThat(gauge.get()).isZero();
    }

    @Test
    void nextChunkTimesOutWhenThePeerStalls() {
        assertThatThrownBy(receiver::nextChunk).isInstanceOf(IOException.class)
                .hasMessage("no stream data from the peer for 200 ms");
        assertThat(finished).containsExactly(false);
    }

    @Test
    void closingWithALentChunkDropsEverythingAndCountsAsAbandoned() throws Exception {
        ByteBuf lentBuffer = Unpooled.wrappedBuffer(new byte[100]);
        ByteBuf queued = Unpooled.wrappedBuffer(new byte[200]);
        receiver.offer(lentBuffer);
        receiver.offer(queued);
        lentBuffer.release();
        queued.release();
        Payload lent = receiver.nextChunk();

        receiver.close();

        assertThat(lentBuffer.refCnt()).isZero();
        assertThat(queued.refCnt()).isZero();
        assertThat(gauge.get()).isZero();
        assertThat(finished).containsExactly(false);
        assertUnusable(lent);
    }

    @Test
    void creditOfAChunkReleasedByAnInterruptedReadStillGoesBack() throws Exception {
        // The lent chunk is released (and counted as consumed) when the next read begins; the credit it frees must
        // reach the sender even if that read then fails, or the sender's window shrinks for good.
        receiver.offer(Unpooled.wrappedBuffer(new byte[1000]));
        receiver.nextChunk();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(receiver::read).isInstanceOf(InterruptedIOException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(gauge.get()).as("the chunk is no longer buffered").isZero();
        assertThat(credits).as("so its credit went back").containsExactly(StreamCredit.cost(1000));
    }
}
