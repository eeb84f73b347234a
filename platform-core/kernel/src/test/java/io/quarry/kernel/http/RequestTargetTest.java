package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void decodesSegmentsAndQuery() {
        RequestTarget target = RequestTarget.parse("/a%20b//c+d/?x=1&x=2&y=%E2%82%AC+z&flag");

        assertThat(target.segments()).containsExactly("a b", "c+d");
        assertThat(target.path()).isEqualTo("/a b/c+d/");
        assertThat(target.trailingSlash()).isTrue();
        assertThat(target.query()).isEqualTo(Map.of("x", List.of("1", "2"), "y", List.of("€ z"), "flag", List.of("")));
    }

    @Test
    void rootHasNoSegments() {
        RequestTarget root = RequestTarget.parse("/");

        assertThat(root.segments()).isEmpty();
        assertThat(root.path()).isEqualTo("/");
        assertThat(root.trailingSlash()).isTrue();
    }

    @Test
    void refusesWhatCannotBeDecodedSafely() {
        for (String bad : List.of("/%zz", "/%4", "/a/%C3%28", "/../x", "/a/%2e%2E/b", "/./x", "/x%00", "*",
                "http://example.com/x", "")) {
            assertThatThrownBy(() -> RequestTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void templateMatchesAndPrefersLiterals() {
        PathTemplate param = PathTemplate.parse("/m/{id}/logs/");
        PathTemplate literal = PathTemplate.parse("/m/all/logs");

        assertThat(param.match(List.of("m", "7", "logs"))).isEqualTo(Map.of("id", "7"));
        assertThat(param.match(List.of("m", "7"))).isNull();
        assertThat(param.text()).isEqualTo("/m/{id}/logs");
        assertThat(param.shape()).isEqualTo("/m/{}/logs");
        assertThat(PathTemplate.bySpecificity(literal, param)).isNegative();
        assertThatThrownBy(() -> PathTemplate.parse("/m/x{id}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.parse("/m/{id}/{id}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.parse("m")).isInstanceOf(IllegalArgumentException.class);
    }
}
