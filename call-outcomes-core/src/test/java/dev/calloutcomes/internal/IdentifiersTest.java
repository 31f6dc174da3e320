package dev.calloutcomes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void forLogEscapesWhatCouldForgeALineAndKeepsTheRest() {
        String plain = "EV_fx01 room-1 +15550001111";
        assertThat(Identifiers.forLog(plain)).isSameAs(plain);
        assertThat(Identifiers.forLog("a\nb\r\tc")).isEqualTo("a\\u000ab\\u000d\\u0009c");
        assertThat(Identifiers.forLog("x\u2028y")).isEqualTo("x\\u2028y");
        assertThat(Identifiers.forLog("call \uD83D\uDCDE ok")).as("a surrogate pair is a character").isEqualTo("call \uD83D\uDCDE ok");
        assertThat(Identifiers.forLog("lone \uD800 high, lone \uDC00 low")).isEqualTo("lone \\ud800 high, lone \\udc00 low");
        assertThat(Identifiers.forLog(null)).isEqualTo("null");
    }

    @Test
    void identifiersAreValidUtf16WithoutControlCharacters() {
        assertThat(Identifiers.isValid("acme")).isTrue();
        assertThat(Identifiers.isValid("t\uD83D\uDCDEnant")).isTrue();
        assertThat(Identifiers.isValid("ac\uD800me")).isFalse();
        assertThat(Identifiers.isValid("ac\uDC00me")).isFalse();
        assertThat(Identifiers.isValid("ac\u0000me")).isFalse();
        assertThat(Identifiers.isValid(" ")).isFalse();
    }
}
