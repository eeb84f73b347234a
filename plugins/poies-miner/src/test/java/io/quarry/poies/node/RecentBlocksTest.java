package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpRequest;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.chain.TestChain;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The panel's open chain route, in memory: which blocks, in what order, with what in them, and what it refuses. */
class RecentBlocksTest {

    private final Chain chain = new Chain(30);
    private final RecentBlocks route = new RecentBlocks(chain);

    @Test
    void answersTheNewestTenBlocksNewestFirstWithoutACount() {
        Map<String, Object> answer = answer(null);

        assertThat(answer.get("head")).isEqualTo(30L);
        assertThat(blocks(answer)).extracting(b -> b.get("height"))
                .containsExactly(30L, 29L, 28L, 27L, 26L, 25L, 24L, 23L, 22L, 21L);
    }

    @Test
    void eachBlockCarriesItsScoreAndEveryProofsTypeAndPsiFromItsSeal() {
        Map<String, Object> newest = blocks(answer("1")).get(0);
        Block block = chain.blocks.get(30);

        assertThat(newest).containsEntry("hash", block.hash().toString())
                .containsEntry("time", block.template().time())
                .containsEntry("thetaMicro", TestChain.THETA)
                .containsEntry("hMicro", 1_500_000L)
                .containsEntry("psiMicro", 650_000L)
                .containsEntry("scoreMicro", 2_150_000L);
        assertThat(newest.get("proofs")).asInstanceOf(LIST)
                .containsExactly(Map.of("type", "vdf", "psiMicro", 250_000L),
                        Map.of("type", "ai", "psiMicro", 400_000L));
    }

    @Test
    void stopsAtGenesisWhenTheChainIsShorterThanTheCount() {
        Chain young = new Chain(2);

        Map<String, Object> answer = read(new RecentBlocks(young), "100");

        assertThat(blocks(answer)).extracting(b -> b.get("height")).containsExactly(2L, 1L, 0L);
        assertThat(blocks(answer).get(2).get("proofs")).asInstanceOf(LIST).isEmpty();
    }

    @Test
    void acceptsTheLargestCount() {
        assertThat(blocks(read(new RecentBlocks(new Chain(200)), String.valueOf(RecentBlocks.MAX_COUNT))))
                .hasSize(RecentBlocks.MAX_COUNT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "ten", "", "1.5", "99999999999999999999"})
    void refusesACountThatIsNotAnIntegerFromOneToTheMaximumWith400(String count) {
        assertThatThrownBy(() -> answer(count)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("count must be an integer from 1 to 100, was \"" + count + "\"");
        });
    }

    @Test
    void quotesOnlyTheStartOfALongBadCount() {
        assertThatThrownBy(() -> answer("x".repeat(5000))).isInstanceOfSatisfying(HttpException.class,
                e -> assertThat(e.getMessage()).hasSizeLessThan(100).endsWith("...\""));
    }

    private Map<String, Object> answer(String count) {
        return read(route, count);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(RecentBlocks route, String count) {
        Map<String, List<String>> query = count == null ? Map.of() : Map.of("count", List.of(count));
        var response = route.handle(new HttpRequest(HttpMethod.GET, "/api/v1/poies-miner/recent-blocks", Map.of(),
                query, Map.of(), new byte[0], new InetSocketAddress("127.0.0.1", 40000)));
        assertThat(response.status()).isEqualTo(200);
        return (Map<String, Object>) response.value();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocks(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("blocks");
    }

    /** A chain of {@code height + 1} blocks, each after genesis with two proofs credited vdf 0.25 and ai 0.4. */
    private static final class Chain implements ChainReader {

        final List<Block> blocks = new ArrayList<>();

        Chain(int height) {
            blocks.add(TestChain.genesis());
            for (int h = 1; h <= height; h++) {
                blocks.add(TestChain.child(blocks.get(h - 1), List.of(TestChain.proof(2 * h),
                        TestChain.proof(2 * h + 1))));
            }
        }

        @Override
        public ChainHead head() {
            Block head = blocks.get(blocks.size() - 1);
            return new ChainHead(head.height(), head.hash(), head.template().time(), TestChain.THETA);
        }

        @Override
        public Optional<Block> blockByHeight(long height) {
            return height < blocks.size() ? Optional.of(blocks.get((int) height)) : Optional.empty();
        }

        @Override
        public Optional<Seal> seal(Bytes blockHash) {
            return blocks.stream().filter(b -> b.hash().equals(blockHash)).findFirst().map(b -> b.height() == 0
                    ? Seal.genesis(0)
                    : new Seal(1_500_000, List.of(new Seal.Credit("vdf", 250_000), new Seal.Credit("ai", 400_000))));
        }

        @Override
        public Optional<Block> blockByHash(Bytes hash) {
            return blocks.stream().filter(b -> b.hash().equals(hash)).findFirst();
        }
    }
}
