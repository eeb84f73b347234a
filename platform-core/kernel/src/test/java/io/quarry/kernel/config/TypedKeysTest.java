package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.HostPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys whose type does the checking: host:port, optional values and enumerations. */
class TypedKeysTest {

    enum Role { NODE, MINER }

    enum Access { OPEN, TOKEN }

    record Typed(HostPort listen, Optional<HostPort> stratum, List<Role> roles, Access access) {
        static final ConfigSpec<Typed> SPEC = ConfigSpec.of(Typed.class, new Typed(new HostPort("127.0.0.1", 1),
                Optional.empty(), List.of(Role.NODE), Access.OPEN));
    }

    record FromEnv(@Env("X_LISTEN") HostPort listen) {
        static final ConfigSpec<FromEnv> SPEC = ConfigSpec.of(FromEnv.class, new FromEnv(new HostPort("h", 1)));
    }

    @TempDir
    Path dir;

    private Typed bind(String toml) {
        return ConfigTesting.load(dir, "[t]\n" + toml, Map.of()).bind("t", Typed.SPEC);
    }

    @Test
    void bindsHostPortsOptionalsAndEnums() {
        Typed typed = bind("""
                listen = "[::1]:9000"
                stratum = "0.0.0.0:3333"
                roles = ["node", "Miner"]
                access = "token"
                """);
        assertThat(typed).isEqualTo(new Typed(new HostPort("::1", 9000), Optional.of(new HostPort("0.0.0.0", 3333)),
                List.of(Role.NODE, Role.MINER), Access.TOKEN));
        assertThat(bind("stratum = \"\"\n").stratum()).isEmpty();
        assertThat(bind("").listen()).isEqualTo(new HostPort("127.0.0.1", 1));
    }

    @Test
    void aBadHostPortNamesTheKeyAndTheLine() {
        assertThatThrownBy(() -> bind("\nlisten = \"localhost\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.listen must be host:port (e.g. 127.0.0.1:8080), was \"localhost\"; the port is missing"
                        + " (quarry.toml line 3)");
        assertThatThrownBy(() -> bind("stratum = \"h:70000\"\n"))
                .hasMessage("t.stratum must have a port between 0 and 65535, was \"h:70000\" (quarry.toml line 2)");
        assertThatThrownBy(() -> bind("listen = 8080\n")).hasMessageStartingWith("t.listen must be a \"host:port\" string");
    }

    @Test
    void aBadEnumValueListsTheAllowedOnes() {
        assertThatThrownBy(() -> bind("access = \"public\"\n"))
                .hasMessage("t.access must be open or token, was \"public\" (quarry.toml line 2)");
        assertThatThrownBy(() -> bind("roles = [\"node\", \"pool\"]\n"))
                .hasMessage("t.roles[1] must be node or miner, was \"pool\" (quarry.toml line 2)");
    }

    @Test
    void hostPortsComeFromTheEnvironmentToo() {
        Config config = ConfigTesting.load(dir, "", Map.of("X_LISTEN", "10.0.0.1:99"));
        assertThat(config.bind("t", FromEnv.SPEC).listen()).isEqualTo(new HostPort("10.0.0.1", 99));
    }

    @Test
    void configDumpsWriteHostPortsAndOptionalsAsTheyAreWritten() {
        assertThat(PlainValues.of(new Typed(new HostPort("::1", 2), Optional.empty(), List.of(Role.MINER),
                Access.OPEN), false)).isEqualTo(Map.of("listen", "[::1]:2", "stratum", "", "roles", List.of("miner"),
                "access", "open"));
    }
}
