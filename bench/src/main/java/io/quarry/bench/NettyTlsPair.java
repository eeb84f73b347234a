package io.quarry.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.quarry.kernel.transport.NodeTls;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second baseline: Netty with the node's TLS 1.3 engine (BoringSSL or the JDK's, as the {@link NodeTls}
 * was made) and nothing else (no framing, no CBOR, no calls), the same 1 MiB messages kept {@code inFlight}
 * deep by 4-byte acks. It shows what the Netty + TLS path itself costs, separately from what the transport
 * adds on top.
 */
final class NettyTlsPair implements AutoCloseable {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel server;
    private final Channel client;
    private volatile Run run;

    private final ByteBufAllocator allocator;

    /** With Netty's default allocator. */
    NettyTlsPair(NodeTls serverTls, String serverId, NodeTls clientTls, int messageBytes) {
        this(serverTls, serverId, clientTls, messageBytes, ByteBufAllocator.DEFAULT);
    }

    /** With {@code allocator} on both channels (the transport's own choice, for comparison). */
    NettyTlsPair(NodeTls serverTls, String serverId, NodeTls clientTls, int messageBytes, ByteBufAllocator allocator) {
        this.allocator = allocator;
        try {
            server = bindServer(serverTls, messageBytes);
            client = connect(clientTls, serverId);
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private Channel bindServer(NodeTls serverTls, int messageBytes) {
        return new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // The transport's own TLS stage (same engine, same SslHandler mode), nothing after it.
                        channel.pipeline().addLast(serverTls.serverHandler(channel.alloc()), new Acker(messageBytes));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    private Channel connect(NodeTls clientTls, String serverId) {
        Channel channel = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, allocator)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(clientTls.clientHandler(serverId, "bench", channel.alloc()),
                                new AckReader());
                    }
                }).connect(server.localAddress()).syncUninterruptibly().channel();
        channel.pipeline().get(SslHandler.class).handshakeFuture().syncUninterruptibly();
        return channel;
    }

    /** Sends {@code count} copies of {@code payload}, {@code inFlight} unacknowledged at most; nanoseconds. */
    long stream(byte[] payload, int count, int inFlight) throws InterruptedException {
        return stream(payload, payload.length, count, inFlight);
    }

    /**
     * Sends {@code count} messages of {@code messageBytes} from {@code source}: the first {@code messageBytes}, then
     * the next, wrapping around at its end ({@code source} a whole number of messages long), {@code inFlight}
     * unacknowledged at most; nanoseconds.
     */
    long stream(byte[] source, int messageBytes, int count, int inFlight) throws InterruptedException {
        Run current = new Run(source, messageBytes, count);
        run = current;
        long start = System.nanoTime();
        client.eventLoop().execute(() -> {
            for (int i = 0; i < inFlight; i++) {
                current.sendNext(client);
            }
        });
        current.done.await();
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        loops.shutdownGracefully(0, 200, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    private static final class Run {
        final byte[] source;
        final int messageBytes;
        final int messages;
        final AtomicInteger toSend;
        final CountDownLatch done;

        Run(byte[] source, int messageBytes, int count) {
            this.source = source;
            this.messageBytes = messageBytes;
            this.messages = source.length / messageBytes;
            this.toSend = new AtomicInteger(count);
            this.done = new CountDownLatch(count);
        }

        void sendNext(Channel channel) {
            int left = toSend.getAndDecrement();
            if (left > 0) {
                int index = left % messages;
                channel.writeAndFlush(Unpooled.wrappedBuffer(source, index * messageBytes, messageBytes));
            }
        }
    }

    /** Server side: one 4-byte ack per message's worth of bytes received. */
    private static final class Acker extends ChannelInboundHandlerAdapter {
        private final int messageBytes;
        private long received;

        Acker(int messageBytes) {
            this.messageBytes = messageBytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            long before = received / messageBytes;
            received += bytes.readableBytes();
            bytes.release();
            for (long i = before; i < received / messageBytes; i++) {
                ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(messageBytes));
            }
        }
    }

    /** Client side: each ack completes a message and sends the next. */
    private final class AckReader extends ChannelInboundHandlerAdapter {
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            long before = received / 4;
            received += bytes.readableBytes();
            bytes.release();
            for (long i = before; i < received / 4; i++) {
                run.done.countDown();
                run.sendNext(ctx.channel());
            }
        }
    }
}
