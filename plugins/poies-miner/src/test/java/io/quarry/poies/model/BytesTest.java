package io.quarry.poies.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void parsesEitherCaseAndWritesLowercase() {
        Bytes bytes = Bytes.parseHex("0xABcd01", 3, "x");
        assertThat(bytes.toString()).isEqualTo("0xabcd01");
        assertThat(Bytes.parseHex("0XABCD01", 3, "x")).isEqualTo(bytes);
        assertThat(bytes.hexDigits()).isEqualTo("abcd01");
    }

    @Test
    void rejectsMissingPrefixOddDigitsWrongLengthAndNonHex() {
        assertThatThrownBy(() -> Bytes.parseHex("abcd", 2, "f.g")).isInstanceOf(SchemaException.class)
                .hasMessageStartingWith("f.g: expected 0x-prefixed hex");
        assertThatThrownBy(() -> Bytes.parseHex("0xabc", 2, "f")).hasMessageContaining("3 digits");
        assertThatThrownBy(() -> Bytes.parseHex("0xabcdef", 2, "f")).hasMessageContaining("expected 2 bytes");
        assertThatThrownBy(() -> Bytes.parseHex("0xabzz", 2, "f")).hasMessageContaining("not a hex digit");
        assertThatThrownBy(() -> Bytes.parseHex("0x\u0663\u0663", 1, "f")).hasMessageContaining("not a hex digit");
        assertThatThrownBy(() -> Bytes.parseHex("0xab ", 2, "f")).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> Bytes.parseHex("", 0, "f")).isInstanceOf(SchemaException.class);
        assertThat(Bytes.parseHex("0x", 0, "f").length()).isZero();
    }

    @Test
    void isImmutable() {
        byte[] source = {1, 2, 3};
        Bytes bytes = Bytes.of(source);
        source[0] = 9;
        bytes.toArray()[1] = 9;
        assertThat(bytes.toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void equalityIsByContent() {
        assertThat(Bytes.of(new byte[] {1, 2})).isEqualTo(Bytes.parseHex("0x0102", 2, "x"))
                .hasSameHashCodeAs(Bytes.parseHex("0x0102", 2, "x"))
                .isNotEqualTo(Bytes.of(new byte[] {1, 2, 0}));
    }
}
